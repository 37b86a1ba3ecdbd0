/**
 * Every way a packet can end, declared once (VPP's habit): drop reasons and consumed kinds as
 * numeric codes for the hot path, with the names the summary and the trace print (SPEC.md:
 * Drop reasons) and a line of help each. Counters, trace and docs all come from these tables.
 */

export const DROP = {
  policyDrop: 1,
  policyReject: 2,
  vmDown: 3,
  rateCeiling: 4,
  fwDeny: 5,
  fwNonSyn: 6,
  fwSessionLimit: 7,
  fwVlanNotAllowed: 8,
  noRoute: 9,
  noIngress: 10,
  malformed: 11,
  fragmentOrphan: 12,
  connTableFull: 13,
  txError: 14,
  fwNoReturn: 15,
} as const;

export const DROP_REASONS: readonly { code: number; name: string; help: string }[] = [
  { code: DROP.policyDrop, name: 'policy-drop', help: 'an SD-WAN firewall policy (or the default action) drops it' },
  { code: DROP.policyReject, name: 'policy-reject', help: 'an SD-WAN firewall policy rejects it' },
  { code: DROP.vmDown, name: 'vm-down', help: 'redirected while the hosted firewall VM is not up (or the rule names another template)' },
  { code: DROP.rateCeiling, name: 'rate-ceiling', help: 'redirected traffic above the ceiling (100 Mbit/s by default)' },
  { code: DROP.fwDeny, name: 'fw-deny', help: "the hosted firewall's rules block it" },
  { code: DROP.fwNonSyn, name: 'fw-non-syn', help: 'the hosted firewall saw a TCP packet that is not a SYN and has no session' },
  { code: DROP.fwSessionLimit, name: 'fw-session-limit', help: "the hosted firewall's session table is full" },
  { code: DROP.fwVlanNotAllowed, name: 'fw-vlan-not-allowed', help: 'the hosted firewall has no sub-interface for its VLAN' },
  { code: DROP.noRoute, name: 'no-route', help: 'no route covers the destination' },
  { code: DROP.noIngress, name: 'no-ingress', help: 'no appliance interface fits the packet' },
  { code: DROP.malformed, name: 'malformed', help: 'a header the dataplane needs is cut or invalid' },
  { code: DROP.fragmentOrphan, name: 'fragment-orphan', help: 'a later fragment whose first fragment was never seen' },
  { code: DROP.connTableFull, name: 'conn-table-full', help: 'the connection table is full and evictWhenFull is false' },
  { code: DROP.txError, name: 'tx-error', help: 'the egress device refused the frame (live mode)' },
  { code: DROP.fwNoReturn, name: 'fw-no-return', help: 'sent to the real firewall and not back by the end of the run: its drops (live mode)' },
];

/** Name of a drop code (index by code). */
export const DROP_NAME: readonly string[] = (() => {
  const names: string[] = [];
  for (const r of DROP_REASONS) names[r.code] = r.name;
  return names;
})();

export const DROP_CODE_COUNT = DROP_REASONS.length + 1;

export const CONSUMED = {
  nonIp: 1,
  toAppliance: 2,
  multicast: 3,
} as const;

export const CONSUMED_NAME: readonly string[] = ['', 'non-ip', 'to-appliance', 'multicast'];

/** How a packet ended (the trace's `verdict`). */
export const VERDICT = {
  forwarded: 1,
  dropped: 2,
  consumed: 3,
  queued: 4,
} as const;

export const VERDICT_NAME: readonly string[] = ['', 'forwarded', 'dropped', 'consumed', 'queued'];
