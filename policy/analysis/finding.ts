/**
 * A lint finding (SPEC.md, Config → Findings): a valid config that will not do what it says.
 * `chainsim lint` prints them and exits 1; `replay` shows them as warnings. Severity:
 *
 *   error    traffic the config was written for is lost for certain (a redirect rule without
 *            an instance to take it, or without the firewall sub-interfaces to carry it);
 *   warning  dead or misleading configuration (rules that never match, FQDN servers, …).
 *
 * Messages begin with the subject (`rule "x" (site)`, `hosted firewall template "T"`), then say
 * why, then what to do.
 */
import type { SourceLocation } from '../config/types.js';
import type { PolicyEntry, PolicyGroup } from '../model/index.js';

export const UNREACHABLE_RULE = 'unreachable-rule';
export const REDIRECT_DIRECTIONAL = 'redirect-directional';
export const REDIRECT_WITHOUT_INSTANCE = 'redirect-without-instance';
export const REDIRECT_VLAN_NO_SUBINTERFACE = 'redirect-vlan-no-subinterface';
export const MANAGEMENT_SERVER_FQDN = 'management-server-fqdn';
export const HA_WITHOUT_BOTH_SITES = 'ha-without-both-sites';

export type PolicyFindingCode =
  | typeof UNREACHABLE_RULE
  | typeof REDIRECT_DIRECTIONAL
  | typeof REDIRECT_WITHOUT_INSTANCE
  | typeof REDIRECT_VLAN_NO_SUBINTERFACE
  | typeof MANAGEMENT_SERVER_FQDN
  | typeof HA_WITHOUT_BOTH_SITES;

export type Severity = 'warning' | 'error';

/** A policy entry as the summary's `policies` and the trace name it. */
export interface RuleRef {
  readonly group: PolicyGroup;
  readonly template: string | null;
  readonly name: string;
}

export interface Finding {
  /** A PolicyFindingCode, or another room's code (vwire's `redirect-denied-by-firewall`). */
  readonly code: string;
  readonly severity: Severity;
  /** The rule the finding is about; null for findings about other parts of the config. */
  readonly rule: RuleRef | null;
  readonly message: string;
  /** Config path of what to look at, e.g. `firewall.policies[2]`. */
  readonly path: string;
  /** Where `path` was written; set by whoever holds the file (LoadedConfig.locate). */
  readonly location?: SourceLocation;
  /** unreachable-rule: the earlier rules that together match every packet the rule would. */
  readonly blockedBy?: readonly RuleRef[];
}

export function ruleRef(e: PolicyEntry): RuleRef {
  return { group: e.group, template: e.template, name: e.name };
}

/** `"name" (site)` or `"name" (pre-appliance, template T)`. */
export function ruleLabel(r: RuleRef): string {
  return `"${r.name}" (${r.group}${r.template === null ? '' : `, template ${r.template}`})`;
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
