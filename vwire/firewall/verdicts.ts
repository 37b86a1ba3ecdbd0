/**
 * What the hosted firewall answers for a frame: one verdict code and, unless it let the frame
 * through, one drop reason. Declared once here (VPP's way): the codes the hot path stores, the
 * names the trace prints (SPEC.md "Trace", `fw.verdict`) and the reasons the summary counts
 * (SPEC.md "Drop reasons").
 */

/** Passed by a rule, a default or a session. */
export const FW_ALLOW = 0;
/** Blocked by a rule (deny, drop, reset-client) or interzone-default: reason `fw-deny`. */
export const FW_DENY = 1;
/** Never reached a rule's verdict: `fw-non-syn`, `fw-vlan-not-allowed`, `fw-session-limit`. */
export const FW_DROP = 2;

export type FwVerdictName = 'allow' | 'deny' | 'drop';

/** Indexed by verdict code. */
export const FW_VERDICT_NAMES: readonly FwVerdictName[] = ['allow', 'deny', 'drop'];

export const FW_REASON_NONE = 0;
export const FW_REASON_DENY = 1;
export const FW_REASON_NON_SYN = 2;
export const FW_REASON_SESSION_LIMIT = 3;
export const FW_REASON_VLAN_NOT_ALLOWED = 4;

export type FwDropReason = 'fw-deny' | 'fw-non-syn' | 'fw-session-limit' | 'fw-vlan-not-allowed';

/** Indexed by reason code; null for FW_REASON_NONE (the frame passed). */
export const FW_REASONS: readonly (FwDropReason | null)[] = [
  null,
  'fw-deny',
  'fw-non-syn',
  'fw-session-limit',
  'fw-vlan-not-allowed',
];
