/**
 * unreachable-rule: a rule that can never match — every packet it matches is decided by
 * earlier rules (named, as Batfish names "blocking lines"), or no packet satisfies its match at
 * all. Found by reachability.ts; this file words the findings.
 */
import type { AppConfig } from '../config/types.js';
import type { PolicyEntry, ResolvedMatch } from '../model/index.js';
import { PROTO_ICMP, PROTO_ICMPV6, buildPolicyList, hasPorts } from '../model/index.js';
import { matchBoxes } from './boxes.js';
import { UNREACHABLE_RULE, listText, ruleLabel, ruleRef, type Finding } from './finding.js';
import { entryReachability, type ReachOptions } from './reachability.js';

/** Blockers named in a message; the finding's `blockedBy` lists them all. */
const NAMED_BLOCKERS = 5;

function protocolText(p: number): string {
  return p === PROTO_ICMP ? 'icmp' : p === PROTO_ICMPV6 ? 'icmpv6' : String(p);
}

function families(list: readonly { family: number }[] | null): Set<number> {
  return new Set(list === null ? [4, 6] : list.map((p) => p.family));
}

/** Why no packet satisfies `m`, for the message. */
function emptyReason(m: ResolvedMatch, zoneCount: number): string {
  if ((m.srcPort !== null || m.dstPort !== null) && m.protocol !== null && !hasPorts(m.protocol)) {
    return `it names ports but protocol ${protocolText(m.protocol)}, and ports hold only for TCP and UDP`;
  }
  if ((m.src !== null && m.src.length === 0) || (m.dst !== null && m.dst.length === 0)) return 'it names no address';
  const src = families(m.src);
  if (![...families(m.dst)].some((f) => src.has(f))) {
    return 'its source and destination prefixes are of different address families';
  }
  if (m.application !== null && matchBoxes({ ...m, application: null }, zoneCount).length > 0) {
    return `no entry of application "${m.application.name}" fits the rest of its match`;
  }
  return 'its conditions exclude each other';
}

function sameList(a: PolicyEntry, b: PolicyEntry): boolean {
  return a.group === b.group && a.template === b.template;
}

function blockedMessage(e: PolicyEntry, blockers: readonly PolicyEntry[]): { message: string; path: string } {
  const subject = `rule ${ruleLabel(ruleRef(e))} can never match`;
  const path = e.rule!.path;
  const mirrorOf = blockers.length === 1 && e.reverse && blockers[0]!.rule === e.rule;
  if (mirrorOf) {
    return {
      message: `${subject}: blocked by ${ruleLabel(ruleRef(blockers[0]!))}, the rule it mirrors, which already matches every packet it would; remove reverseAlso`,
      path: `${path}.reverseAlso`,
    };
  }
  const labels = blockers.map((b) => ruleLabel(ruleRef(b)));
  const shown = labels.length > NAMED_BLOCKERS ? [...labels.slice(0, NAMED_BLOCKERS), `${labels.length - NAMED_BLOCKERS} more`] : labels;
  const one = blockers.length === 1;
  const why = one
    ? `blocked by ${shown[0]}, which matches every packet it would`
    : `blocked by ${listText(shown)} together, which match every packet it would`;
  const them = one ? `"${blockers[0]!.name}"` : 'them';
  // Rules the appliance adds itself (auto, the Office 365 breakout) cannot be narrowed.
  const fix = blockers.every((b) => sameList(b, e))
    ? `delete it or move it above ${them}`
    : blockers.every((b) => b.rule !== null)
      ? `delete it or narrow ${them}`
      : 'delete it';
  return { message: `${subject}: ${why}; ${fix}`, path };
}

/** unreachable-rule findings, in policy-list order. */
export function unreachableRuleFindings(config: AppConfig, options: ReachOptions = {}): Finding[] {
  const entries = buildPolicyList(config);
  const out: Finding[] = [];
  for (const { entry, reach } of entryReachability(config, options, entries)) {
    const e = entries[entry]!;
    if (reach.kind === 'empty') {
      out.push({
        code: UNREACHABLE_RULE,
        severity: 'warning',
        rule: ruleRef(e),
        message: `rule ${ruleLabel(ruleRef(e))} can never match: no packet fits its match (${emptyReason(e.match, config.zones.length)}); fix its match or delete it`,
        path: `${e.rule!.path}.match`,
        blockedBy: [],
      });
    } else if (reach.kind === 'blocked') {
      const blockers = reach.blockers.map((j) => entries[j]!);
      out.push({ code: UNREACHABLE_RULE, severity: 'warning', rule: ruleRef(e), ...blockedMessage(e, blockers), blockedBy: blockers.map(ruleRef) });
    }
  }
  return out;
}
