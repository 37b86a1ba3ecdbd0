/**
 * Shared by the firewall and analysis tests: configs built from the default config's YAML with
 * some top-level sections replaced, frames as tuples, a reference rule scan (the oracle), and
 * arbitraries for firewall rulebases and the packets aimed at them.
 */
import fc from 'fast-check';
import type { AppConfig, Prefix, Tuple, VwireAction, VwireRule, VwireSubinterface } from '../../../policy/index.js';
import { anyPrefixContains, copyTuple, hasPorts, newTuple, parseConfigText, portInRanges, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../../policy/index.js';
import { yamlWith } from '../../support/default-config.js';
import { arbAddressWords, arbPortRanges, arbPrefix, PORT_POOL, sometimes, tupleOf, type TupleInput } from '../../testing/index.js';

export const S = 1e9;
export { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN };
export const SYN_ACK = TCP_SYN | TCP_ACK;

export function configWith(sections: Record<string, string> = {}): AppConfig {
  return parseConfigText(yamlWith(sections), 'test.yaml').config;
}

export const DEFAULT_CONFIG = configWith();

/** A copy of `config` with another firewall config (rules, sub-interfaces, non-SYN check). */
export function withVwire(config: AppConfig, vwire: Partial<AppConfig['vwire']>): AppConfig {
  return { ...config, vwire: { ...config.vwire, ...vwire } };
}

export function packet(p: TupleInput): Tuple {
  return tupleOf(p);
}

/** The reply's tuple with its own flags. */
export function reply(t: Tuple, tcpFlags: number): Tuple {
  const r = newTuple();
  r.family = t.family;
  r.proto = t.proto;
  r.src.set(t.dst);
  r.dst.set(t.src);
  r.srcPort = t.dstPort;
  r.dstPort = t.srcPort;
  r.tcpFlags = tcpFlags;
  return r;
}

/** The same packet with other TCP flags. */
export function withFlags(t: Tuple, tcpFlags: number): Tuple {
  const c = newTuple();
  copyTuple(t, c);
  c.tcpFlags = tcpFlags;
  return c;
}

/** The reference rule scan: a plain reading of SPEC.md's firewall rules, independent of the
 * compiled rulebase. Returns the rule index, or rules.length (intrazone-default) /
 * rules.length + 1 (interzone-default). */
export function referenceRule(rules: readonly VwireRule[], from: string, to: string, t: Tuple): number {
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.from !== 'any' && r.from !== from) continue;
    if (r.to !== 'any' && r.to !== to) continue;
    if (r.protocol !== null && r.protocol !== t.proto) continue;
    if ((r.srcPort !== null || r.dstPort !== null) && !hasPorts(t.proto)) continue;
    if (!portInRanges(r.srcPort, t.srcPort) || !portInRanges(r.dstPort, t.dstPort)) continue;
    if (!anyPrefixContains(r.src, t.family, t.src) || !anyPrefixContains(r.dst, t.family, t.dst)) continue;
    return i;
  }
  return from === to ? rules.length : rules.length + 1;
}

export function referenceAction(rules: readonly VwireRule[], index: number): VwireAction {
  if (index < rules.length) return rules[index]!.action;
  return index === rules.length ? 'allow' : 'deny';
}

/** Sub-interfaces of the property tests: VLAN 100 trust|untrust, VLAN 200 dmz on both sides,
 * untagged trust|dmz; VLAN 300 only on interface 1. */
export const PROPERTY_SUBINTERFACES: readonly VwireSubinterface[] = [
  { interface: 1, vlan: 100, zone: 'trust' },
  { interface: 2, vlan: 100, zone: 'untrust' },
  { interface: 1, vlan: 200, zone: 'dmz' },
  { interface: 2, vlan: 200, zone: 'dmz' },
  { interface: 1, vlan: null, zone: 'trust' },
  { interface: 2, vlan: null, zone: 'dmz' },
  { interface: 1, vlan: 300, zone: 'trust' },
];
export const PROPERTY_VLANS = [100, 200, -1, 300, 7] as const;

/** The zone of a property-test sub-interface, or null. */
export function propertyZone(iface: number, vlan: number): string | null {
  const s = PROPERTY_SUBINTERFACES.find((x) => x.interface === iface && (x.vlan ?? -1) === vlan);
  return s?.zone ?? null;
}

const ZONES = ['trust', 'untrust', 'dmz', 'any'];
const ACTIONS: readonly VwireAction[] = ['allow', 'deny', 'drop', 'reset-client'];
const PROTOCOLS = [6, 17, 1, 58, 47];

export function arbVwireRule(i: number): fc.Arbitrary<VwireRule> {
  return fc.record({
    name: fc.constant(`r${i}`),
    from: fc.constantFrom(...ZONES),
    to: fc.constantFrom(...ZONES),
    src: sometimes(fc.array(arbPrefix(), { minLength: 1, maxLength: 2 }), 2),
    dst: sometimes(fc.array(arbPrefix(), { minLength: 1, maxLength: 2 }), 1),
    srcPort: sometimes(arbPortRanges(), 5),
    dstPort: sometimes(arbPortRanges(), 2),
    protocol: sometimes(fc.constantFrom(...PROTOCOLS), 2),
    action: fc.constantFrom(...ACTIONS),
    path: fc.constant(`vwire.rules[${i}]`),
  });
}

/** Zero to six rules. */
export function arbRulebase(): fc.Arbitrary<VwireRule[]> {
  return fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbVwireRule(i))));
}

export function prefixesOf(rules: readonly VwireRule[]): Prefix[] {
  return rules.flatMap((r) => [...(r.src ?? []), ...(r.dst ?? [])]);
}

/** A port at or around the rules' ranges (and the pool's), or anything. */
export function arbPort(rules: readonly VwireRule[]): fc.Arbitrary<number> {
  const aimed = [0, 65535];
  for (const r of [...PORT_POOL, ...rules.flatMap((x) => [...(x.srcPort ?? []), ...(x.dstPort ?? [])])]) {
    aimed.push(r.lo, r.hi, Math.max(0, r.lo - 1), Math.min(65535, r.hi + 1));
  }
  return fc.oneof({ arbitrary: fc.constantFrom(...aimed), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 65535 }), weight: 1 });
}

/** A packet aimed at the rules (addresses in their prefixes, ports at their edges); ICMP carries
 * an echo identifier in both port slots, other non-TCP/UDP protocols 0. */
export function arbPacket(rules: readonly VwireRule[]): fc.Arbitrary<Tuple> {
  const prefixes = prefixesOf(rules);
  const port = arbPort(rules);
  const forFamily = (f: 4 | 6) =>
    fc
      .record({
        src: arbAddressWords(f, prefixes),
        dst: arbAddressWords(f, prefixes),
        proto: fc.constantFrom(...PROTOCOLS),
        srcPort: port,
        dstPort: port,
        tcpFlags: fc.integer({ min: 0, max: 63 }),
      })
      .map((v) => {
        const t = newTuple();
        t.family = f;
        t.src.set(v.src);
        t.dst.set(v.dst);
        t.proto = v.proto;
        const ported = hasPorts(v.proto);
        const echoId = v.proto === 1 || v.proto === 58;
        t.srcPort = ported || echoId ? v.srcPort : 0;
        t.dstPort = ported ? v.dstPort : t.srcPort;
        t.tcpFlags = v.proto === 6 ? v.tcpFlags : 0;
        return t;
      });
  return fc.oneof({ arbitrary: forFamily(4), weight: 3 }, { arbitrary: forFamily(6), weight: 1 });
}
