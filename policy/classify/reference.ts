/**
 * The reference classifier: the policy list scanned in order, each field tested as SPEC words
 * it. Obviously right and slow on purpose; it is the oracle the compiled classifier is tested
 * against (and that `chainsim/testing` hands to users).
 */
import type { AppConfig, ApplicationEntry } from '../config/types.js';
import type { PolicyEntry, ResolvedMatch, Tuple } from '../model/index.js';
import { anyPrefixContains, buildPolicyList, hasPorts, portInRanges } from '../model/index.js';
import type { Classifier } from './decisions.js';
import { DecisionTable } from './decisions.js';

export class ReferenceClassifier implements Classifier {
  readonly policies: readonly PolicyEntry[];
  private readonly decisions: DecisionTable;

  constructor(config: AppConfig) {
    this.policies = buildPolicyList(config);
    const continuable = this.policies.filter((p) => p.action === 'count-and-continue').length;
    this.decisions = new DecisionTable(this.policies.length, continuable);
  }

  classify(t: Tuple): number {
    const d = this.decisions;
    d.begin();
    const last = this.policies.length - 1; // the default: matches everything, decides
    for (let i = 0; i < last; i++) {
      const e = this.policies[i]!;
      if (!matchHolds(e.match, t)) continue;
      if (e.action === 'count-and-continue') d.pass(i);
      else return d.finish(i);
    }
    return d.finish(last);
  }

  decisionRule(id: number): number {
    return this.decisions.rule(id);
  }

  decisionContinued(id: number): readonly number[] {
    return this.decisions.continued(id);
  }
}

/** Whether every field of the match holds for the tuple (SPEC "Policies"). */
export function matchHolds(m: ResolvedMatch, t: Tuple): boolean {
  if (!m.allowFragments && t.fragment === 1) return false;
  if (m.fromZone !== null && m.fromZone !== t.fromZone) return false;
  if (m.toZone !== null && m.toZone !== t.toZone) return false;
  if (m.srcService !== null && m.srcService !== t.srcService) return false;
  if (m.dstService !== null && m.dstService !== t.dstService) return false;
  if (m.vlan !== null && m.vlan !== t.vlan) return false;
  if (m.dscp !== null && m.dscp !== t.dscp) return false;
  if (m.protocol !== null && m.protocol !== t.proto) return false;
  if (!portsHold(m.srcPort, m.dstPort, t)) return false;
  if (!anyPrefixContains(m.src, t.family, t.src)) return false;
  if (!anyPrefixContains(m.dst, t.family, t.dst)) return false;
  if (m.application === null) return true;
  for (const e of m.application.entries) if (applicationEntryHolds(e, t)) return true;
  return false;
}

export function applicationEntryHolds(e: ApplicationEntry, t: Tuple): boolean {
  if (e.protocol !== null && e.protocol !== t.proto) return false;
  if (!portsHold(e.srcPort, e.dstPort, t)) return false;
  return anyPrefixContains(e.src, t.family, t.src) && anyPrefixContains(e.dst, t.family, t.dst);
}

/** A port condition holds only for TCP and UDP (never ICMP: its id is not a port). */
function portsHold(src: ResolvedMatch['srcPort'], dst: ResolvedMatch['dstPort'], t: Tuple): boolean {
  if (src === null && dst === null) return true;
  return hasPorts(t.proto) && portInRanges(src, t.srcPort) && portInRanges(dst, t.dstPort);
}
