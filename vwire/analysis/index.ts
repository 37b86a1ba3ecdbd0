// vwire/analysis/: lint across the SD-WAN policies and the hosted firewall's own rulebase.
export { REDIRECT_DENIED, matchBoxes, redirectDeniedFindings } from './redirect-denied.js';
export type { RedirectDeniedFinding } from './redirect-denied.js';
export { boxOf, covers, intersectBoxes, intersects, prefixWithin } from './spaces.js';
export type { Box, Conditions } from './spaces.js';
