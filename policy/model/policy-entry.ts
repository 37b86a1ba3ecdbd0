/**
 * A policy entry: one rule of the evaluation list as both classifiers see it — names resolved
 * to the numbers a Tuple carries, the application resolved to its entries, the reverse of a
 * `reverseAlso` rule spelled out. Plain data; matching lives in the classifiers.
 */
import type { ApplicationEntry, PolicyAction, PolicyRule, PortRange, Prefix } from '../config/types.js';

/** Evaluation tiers, in order (SPEC "Policies"; the trace's `rule.group`). */
export type PolicyGroup = 'auto' | 'pre-appliance' | 'site' | 'post-appliance' | 'default';

export interface ResolvedApplication {
  readonly name: string;
  /** The application matches when any entry does (an empty list matches nothing). For the
   * reverse of a `reverseAlso` rule the entries are mirrored too. */
  readonly entries: readonly ApplicationEntry[];
}

/** RuleMatch with names resolved; null means "any" for every field. */
export interface ResolvedMatch {
  readonly fromZone: number | null; // zone id (index in AppConfig.zones)
  readonly toZone: number | null;
  /** Any prefix of the list; an empty list matches no address. */
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  /** Ports hold for TCP and UDP only: a rule with ports never matches another protocol. */
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
  readonly application: ResolvedApplication | null;
  readonly dscp: number | null;
  readonly srcService: number | null; // SERVICE_ID
  readonly dstService: number | null;
  readonly vlan: number | null; // ingress outer tag
  /** false: a fragmented datagram's packets (Tuple.fragment 1) do not match. */
  readonly allowFragments: boolean;
}

export const MATCH_ANY: ResolvedMatch = {
  fromZone: null,
  toZone: null,
  src: null,
  dst: null,
  srcPort: null,
  dstPort: null,
  protocol: null,
  application: null,
  dscp: null,
  srcService: null,
  dstService: null,
  vlan: null,
  allowFragments: true,
};

/** Where a redirect rule sends the initiator's packets. */
export interface PolicyRedirect {
  /** The hosted firewall template. */
  readonly template: string;
  readonly serviceRedirectInterface: string;
  readonly interface: 1 | 2;
  readonly vlan: number | null; // null: untagged
}

export interface PolicyEntry {
  /** Position in the evaluation list (and in the summary's `policies`). */
  readonly index: number;
  readonly group: PolicyGroup;
  /** The firewall template (or hosted-firewall template, for auto rules; `Office365-Breakout`
   * for the breakout rule); null for site policies and the default. */
  readonly template: string | null;
  readonly name: string;
  readonly action: PolicyAction;
  /** The config rule this entry comes from (for a reverse entry: the rule with reverseAlso,
   * so `rule.path` locates it); null for auto rules, the breakout rule and the default. */
  readonly rule: PolicyRule | null;
  /** True for the mirrored entry a `reverseAlso` rule adds. */
  readonly reverse: boolean;
  readonly match: ResolvedMatch;
  readonly redirect: PolicyRedirect | null;
}
