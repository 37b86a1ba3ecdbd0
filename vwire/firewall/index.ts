// vwire/firewall/: the hosted firewall's data path — sub-interfaces, zones, security rules,
// sessions and PAN-OS-style counters.
export { Firewall, instanceModel } from './firewall.js';
export type { FirewallOptions } from './firewall.js';
export {
  FW_ALLOW,
  FW_DENY,
  FW_DROP,
  FW_REASON_DENY,
  FW_REASON_NON_SYN,
  FW_REASON_NONE,
  FW_REASON_SESSION_LIMIT,
  FW_REASON_VLAN_NOT_ALLOWED,
  FW_REASONS,
  FW_VERDICT_NAMES,
} from './verdicts.js';
export type { FwDropReason, FwVerdictName } from './verdicts.js';
export { FW_COUNTERS, formatCounters } from './counters.js';
export type { FwCounterInfo, FwCounterSeverity, FwCounterValue } from './counters.js';
export { INTERZONE_DEFAULT, INTRAZONE_DEFAULT } from './rulebase.js';
export { ANY_ZONE, NO_ZONE, Subinterfaces } from './subinterfaces.js';
