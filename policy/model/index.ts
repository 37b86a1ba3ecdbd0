// policy/model: the policy as data — tuples, match primitives, routes, zones, the policy list
// in evaluation order, and connection-match semantics.
export * from './tuple.js';
export { anyPrefixContains, hasPorts, maskWord, portInRanges, prefixContains } from './match.js';
export { bigIntToWords, formatAddress, prefixFromText, prefixFromWords, wordsToBigInt } from './address.js';
export { formatAddressWords, formatIPv4, formatIPv6 } from './address-text.js';
export { RouteTable } from './routes.js';
export { asDouble } from './double.js';
export { serviceId, zoneId } from './zones.js';
export type { PolicyEntry, PolicyGroup, PolicyRedirect, ResolvedApplication, ResolvedMatch } from './policy-entry.js';
export { MATCH_ANY } from './policy-entry.js';
export {
  AUTO_FROM_MANAGEMENT,
  AUTO_TO_MANAGEMENT,
  DEFAULT_RULE,
  REVERSE_SUFFIX,
  buildPolicyList,
  resolveMatch,
} from './policy-list.js';
export { mirrorEntry, mirrorMatch } from './mirror.js';
export { BUILTIN_OFFICE365, OFFICE365_APPLICATION, OFFICE365_RULE, OFFICE365_TEMPLATE } from './office365.js';
export { UNDECIDED, connectionDecision, connectionMatchOf, decisionSlot, mustClassify } from './connection-match.js';
