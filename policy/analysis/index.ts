// policy/analysis: lint findings that the SD-WAN policy alone decides — rules that can never
// match (with the rules that block them), redirect rules that cannot work, provisioning slips.
export { policyFindings } from './analyse.js';
export {
  HA_WITHOUT_BOTH_SITES,
  MANAGEMENT_SERVER_FQDN,
  REDIRECT_DIRECTIONAL,
  REDIRECT_VLAN_NO_SUBINTERFACE,
  REDIRECT_WITHOUT_INSTANCE,
  UNREACHABLE_RULE,
  ruleLabel,
  ruleRef,
} from './finding.js';
export type { Finding, PolicyFindingCode, RuleRef, Severity } from './finding.js';
export { unreachableRuleFindings } from './unreachable.js';
export { redirectFindings } from './redirect.js';
export { haFindings, managementServerFindings } from './hosted-firewall.js';
export { entryReachability } from './reachability.js';
export type { EntryReach, Reach, ReachOptions } from './reachability.js';
export type { Box as RegionBox } from './boxes.js';
