/**
 * The hosted firewall's global counters, declared once in the shape of PAN-OS
 * `show counter global` (name, severity, category, aspect, description), so that a user who
 * knows the real box reads chainsim's numbers under the same names.
 *
 * `origin` says where a name comes from: `pan-os` names are PAN-OS's own counters with their
 * meaning (seen in `show counter global` output); `chainsim` names are chainsim's, in PAN-OS's
 * style, for events PAN-OS counts under names not pinned down here (`session_alloc_failure`
 * is the name PAN-OS tooling reports for a full session table; the aging and clearing
 * counters split PAN-OS's `session_freed`).
 *
 * Counters only grow; `clearSessions` does not reset them (as a dataplane restart would not
 * reset the appliance's view of the VM's history in a replay).
 */

export type FwCounterSeverity = 'info' | 'drop';

export interface FwCounterInfo {
  readonly name: string;
  readonly severity: FwCounterSeverity;
  readonly category: 'packet' | 'flow' | 'session';
  readonly aspect: 'pktproc' | 'parse' | 'session' | 'resource' | 'aging';
  readonly description: string;
  readonly origin: 'pan-os' | 'chainsim';
}

export interface FwCounterValue extends FwCounterInfo {
  readonly value: number;
}

// Indexes into FW_COUNTERS (and the firewall's count array).
export const C_PKT_RECV = 0;
export const C_PKT_SENT = 1;
export const C_FLOW_RCV_DOT1Q_TAG_ERR = 2;
export const C_FLOW_TCP_NON_SYN = 3;
export const C_FLOW_TCP_NON_SYN_DROP = 4;
export const C_FLOW_POLICY_DENY = 5;
export const C_SESSION_ALLOC_FAILURE = 6;
export const C_SESSION_ALLOCATED = 7;
export const C_SESSION_FREED = 8;
export const C_SESSION_AGED_OUT = 9;
export const C_SESSION_CLEARED = 10;

export const FW_COUNTERS: readonly FwCounterInfo[] = [
  { name: 'pkt_recv', severity: 'info', category: 'packet', aspect: 'pktproc', description: 'Packets received', origin: 'pan-os' },
  { name: 'pkt_sent', severity: 'info', category: 'packet', aspect: 'pktproc', description: 'Packets transmitted (forwarded across the virtual wire)', origin: 'pan-os' },
  { name: 'flow_rcv_dot1q_tag_err', severity: 'drop', category: 'flow', aspect: 'parse', description: 'Packets dropped: 802.1q tag not configured (no sub-interface for the VLAN on the ingress or egress side)', origin: 'pan-os' },
  { name: 'flow_tcp_non_syn', severity: 'info', category: 'flow', aspect: 'session', description: 'Non-SYN TCP packets without session match', origin: 'pan-os' },
  { name: 'flow_tcp_non_syn_drop', severity: 'drop', category: 'flow', aspect: 'session', description: 'Packets dropped: non-SYN TCP without session match', origin: 'pan-os' },
  { name: 'flow_policy_deny', severity: 'drop', category: 'flow', aspect: 'session', description: 'Session setup: denied by policy (a deny, drop or reset-client rule, or interzone-default)', origin: 'pan-os' },
  { name: 'session_alloc_failure', severity: 'drop', category: 'session', aspect: 'resource', description: "Session setup: no session left (the model's session capacity is reached)", origin: 'chainsim' },
  { name: 'session_allocated', severity: 'info', category: 'session', aspect: 'resource', description: 'Sessions allocated', origin: 'pan-os' },
  { name: 'session_freed', severity: 'info', category: 'session', aspect: 'resource', description: 'Sessions freed', origin: 'pan-os' },
  { name: 'session_aged_out', severity: 'info', category: 'session', aspect: 'aging', description: 'Sessions freed by their idle timeout', origin: 'chainsim' },
  { name: 'session_cleared', severity: 'info', category: 'session', aspect: 'resource', description: 'Sessions freed because the VM left up (restart, shutdown)', origin: 'chainsim' },
];

/** The counters as `show counter global` prints them (non-zero ones unless `all`). */
export function formatCounters(values: readonly FwCounterValue[], all = false): string {
  const rows = values.filter((c) => all || c.value !== 0);
  const width = Math.max(30, ...rows.map((c) => c.name.length + 1));
  const line = '-'.repeat(80);
  const out = [`${'name'.padEnd(width)}${'value'.padStart(12)} severity  category  aspect    description`, line];
  for (const c of rows) {
    out.push(
      `${c.name.padEnd(width)}${String(c.value).padStart(12)} ${c.severity.padEnd(9)} ${c.category.padEnd(9)} ${c.aspect.padEnd(9)} ${c.description}`,
    );
  }
  out.push(line, ` Total counters shown: ${rows.length}`, line);
  return out.join('\n');
}
