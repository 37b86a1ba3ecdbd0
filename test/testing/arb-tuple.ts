/**
 * Tuples aimed at a config: addresses inside (and at the edges of) the prefixes its routes,
 * rules, applications and management servers name; ports at and around its port ranges; its
 * protocols, zones, services, VLANs and DSCPs — with a share of anything at all, so that
 * misses are tested too.
 */
import fc from 'fast-check';
import type { AppConfig, ApplicationEntry, Family, PortRange, Prefix, RuleMatch, Tuple } from '../../policy/index.js';
import { BUILTIN_OFFICE365, newTuple } from '../../policy/index.js';
import { DSCP_POOL, PROTOCOL_POOL, VLAN_POOL, arbAddressWords } from './arb-rules.js';

interface Aims {
  prefixes: Prefix[];
  ports: number[];
  protocols: number[];
  vlans: number[];
  dscps: number[];
}

function aimsOf(config: AppConfig): Aims {
  const a: Aims = { prefixes: [], ports: [0, 65535], protocols: [...PROTOCOL_POOL], vlans: [-1, ...VLAN_POOL], dscps: [...DSCP_POOL] };
  const ranges = (list: readonly PortRange[] | null) => {
    for (const r of list ?? []) a.ports.push(r.lo, r.hi, Math.max(0, r.lo - 1), Math.min(65535, r.hi + 1));
  };
  const entry = (e: ApplicationEntry) => {
    a.prefixes.push(...(e.src ?? []), ...(e.dst ?? []));
    ranges(e.srcPort);
    ranges(e.dstPort);
    if (e.protocol !== null) a.protocols.push(e.protocol);
  };
  const match = (m: RuleMatch) => {
    a.prefixes.push(...(m.src ?? []), ...(m.dst ?? []));
    ranges(m.srcPort);
    ranges(m.dstPort);
    if (m.protocol !== null) a.protocols.push(m.protocol);
    if (m.vlan !== null) a.vlans.push(m.vlan);
    if (m.dscp !== null) a.dscps.push(m.dscp);
  };
  for (const r of config.routes) a.prefixes.push(r.prefix);
  for (const app of [...config.applications, BUILTIN_OFFICE365]) app.match.forEach(entry);
  for (const t of config.hostedFirewall.templates) {
    for (const s of [t.managementServers.primary, t.managementServers.secondary]) {
      if (s !== null && s.kind === 'ip') a.prefixes.push(s.address);
    }
  }
  for (const t of config.firewall.templates) [...t.preAppliance, ...t.postAppliance].forEach((r) => match(r.match));
  config.firewall.policies.forEach((r) => match(r.match));
  for (const f of config.interfaces) if (f.vlan !== null) a.vlans.push(f.vlan);
  return a;
}

/** Tuples that often fall inside `config`'s prefixes, ports and zones. Each draw is a fresh
 * Tuple object. */
export function arbTuple(config: AppConfig, family?: Family): fc.Arbitrary<Tuple> {
  const aims = aimsOf(config);
  const port = fc.oneof({ arbitrary: fc.constantFrom(...aims.ports), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 65535 }), weight: 1 });
  const zone = fc.integer({ min: -1, max: config.zones.length - 1 });
  const service = fc.integer({ min: 0, max: 5 });
  const pick = <T>(aimed: readonly T[], any: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constantFrom(...aimed), weight: 4 }, { arbitrary: any, weight: 1 });
  const forFamily = (f: Family) =>
    fc
      .record({
        family: fc.constant(f),
        src: arbAddressWords(f, aims.prefixes),
        dst: arbAddressWords(f, aims.prefixes),
        proto: pick(aims.protocols, fc.integer({ min: 0, max: 255 })),
        srcPort: port,
        dstPort: port,
        fromZone: zone,
        toZone: zone,
        srcService: service,
        dstService: service,
        vlan: pick(aims.vlans, fc.integer({ min: -1, max: 4095 })),
        dscp: pick(aims.dscps, fc.integer({ min: 0, max: 63 })),
        tcpFlags: fc.integer({ min: 0, max: 255 }),
        fragment: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constant(1), weight: 1 }),
      })
      .map((v) => {
        const t = newTuple();
        t.family = v.family;
        t.src.set(v.src);
        t.dst.set(v.dst);
        t.proto = v.proto;
        t.srcPort = v.srcPort;
        t.dstPort = v.dstPort;
        t.fromZone = v.fromZone;
        t.toZone = v.toZone;
        t.srcService = v.srcService;
        t.dstService = v.dstService;
        t.vlan = v.vlan;
        t.dscp = v.dscp;
        t.tcpFlags = v.tcpFlags;
        t.fragment = v.fragment;
        return t;
      });
  if (family !== undefined) return forFamily(family);
  return fc.oneof({ arbitrary: forFamily(4), weight: 3 }, { arbitrary: forFamily(6), weight: 2 });
}
