/**
 * Sub-rules: the policy list flattened into conjunctions. A rule without an application is one
 * sub-rule; a rule with one becomes a sub-rule per application entry (the application is an OR
 * of its entries, each a conjunction with the rule's own fields), so every field's condition is
 * a plain set of values again. Sub-rules keep list order, those of one rule adjacent: the first
 * matching sub-rule's rule is the first matching rule.
 */
import type { ApplicationEntry, PortRange, Prefix } from '../config/types.js';
import type { PolicyEntry } from '../model/index.js';
import { PROTO_TCP, PROTO_UDP } from '../model/index.js';

export interface SubRule {
  /** The policy entry (its index in the list). */
  readonly entry: number;
  /** Count-and-continue: a match is noted and evaluation goes on. */
  readonly continues: boolean;
  /** Per side of a two-sided field: the rule's condition and the application entry's (null:
   * any). Both must hold. */
  readonly src: readonly [readonly Prefix[] | null, readonly Prefix[] | null];
  readonly dst: readonly [readonly Prefix[] | null, readonly Prefix[] | null];
  readonly srcPort: readonly [readonly PortRange[] | null, readonly PortRange[] | null];
  readonly dstPort: readonly [readonly PortRange[] | null, readonly PortRange[] | null];
  /** Protocol numbers that hold: null any; ports restrict to TCP and UDP. */
  readonly protocols: ReadonlySet<number> | null;
  readonly fromZone: number | null;
  readonly toZone: number | null;
  readonly srcService: number | null;
  readonly dstService: number | null;
  readonly vlan: number | null;
  readonly dscp: number | null;
  readonly allowFragments: boolean;
}

/** The sub-rules of every entry but the last (the default, which decides when none match). */
export function subRulesOf(policies: readonly PolicyEntry[]): SubRule[] {
  const out: SubRule[] = [];
  for (let i = 0; i < policies.length - 1; i++) {
    const e = policies[i]!;
    const m = e.match;
    const apps: (ApplicationEntry | null)[] = m.application === null ? [null] : [...m.application.entries];
    for (const a of apps) {
      const protocols = protocolSet(
        [m.protocol, a?.protocol ?? null],
        [m.srcPort, m.dstPort, a?.srcPort ?? null, a?.dstPort ?? null],
      );
      out.push({
        entry: i,
        continues: e.action === 'count-and-continue',
        src: [m.src, a?.src ?? null],
        dst: [m.dst, a?.dst ?? null],
        srcPort: [m.srcPort, a?.srcPort ?? null],
        dstPort: [m.dstPort, a?.dstPort ?? null],
        protocols,
        fromZone: m.fromZone,
        toZone: m.toZone,
        srcService: m.srcService,
        dstService: m.dstService,
        vlan: m.vlan,
        dscp: m.dscp,
        allowFragments: m.allowFragments,
      });
    }
  }
  return out;
}

/** The protocols that satisfy every protocol condition and, when any port condition is given,
 * carry ports (TCP, UDP). */
function protocolSet(required: (number | null)[], ports: (readonly PortRange[] | null)[]): Set<number> | null {
  let set: Set<number> | null = ports.some((p) => p !== null) ? new Set([PROTO_TCP, PROTO_UDP]) : null;
  for (const p of required) {
    if (p === null) continue;
    set = set === null || set.has(p) ? new Set([p]) : new Set();
  }
  return set;
}
