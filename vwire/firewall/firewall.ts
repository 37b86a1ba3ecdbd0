/**
 * Firewall: the hosted Palo Alto VM-series in virtual-wire mode — the data path of the VM that
 * vwire/lifecycle manages. Two interfaces form the wire; VLAN sub-interfaces map frames to
 * zones; security rules (first match, then intrazone-default allow / interzone-default deny)
 * decide a session's first packet; a stateful session table admits the rest, both directions.
 *
 * Input: one frame entering interface 1 or 2 with its VLAN (-1: untagged), its numeric Tuple
 * (family, proto, addresses, ports as policy/ fills them, tcpFlags), its wire length and the
 * time (integer ns since the first packet, never going back). Output: the verdict code, and
 * the reusable result fields below. Nothing is allocated per frame.
 *
 * Per frame, in this order (SPEC.md "Hosted firewall and redirection", "TCP and timeouts"):
 *   1. sessions whose idle timeout has run out by `now` expire;
 *   2. zones: the ingress sub-interface (i, vlan) is `from`, the egress one (3 − i, vlan) `to`;
 *      either missing → drop `fw-vlan-not-allowed`;
 *   3. a session (canonical 5-tuple) → allow, and the session follows the TCP state machine
 *      (a session in time-wait still admits the last ACK);
 *   4. no session, TCP, not a SYN (SYN set, ACK clear), `rejectNonSynTcp` → drop `fw-non-syn`
 *      before any rule is looked at;
 *   5. rule lookup; a blocking rule (deny, drop, reset-client) or interzone-default → deny
 *      `fw-deny`, no session;
 *   6. allowed: a new session remembering its rule; at the model's capacity → drop
 *      `fw-session-limit` (ruleIndex = the rule that would have allowed it).
 * The frame leaves (when allowed) on interface 3 − i with the same VLAN.
 *
 * Config: `vwire` (sub-interfaces, rules, rejectNonSynTcp, processingLatency),
 * `firewall.timeouts` (session timeouts, as the appliance's connections), and the model of the
 * instance's hosted-firewall template (session capacity, VM_SESSION_CAPACITY). Options:
 * `capacityOverride` (a smaller session table, for tests), `initialSessions` (slots allocated at
 * first). Example:
 *
 *     const fw = new Firewall(config);
 *     if (fw.process(1, 100, tuple, 74, nowNs) === FW_ALLOW) send(fw.egressInterface, fw.egressVlan);
 *     else drop(fw.reason, fw.ruleName(fw.ruleIndex));
 *
 * The dataplane schedules `processingLatencySeconds` and calls `clearSessions()` when the VM
 * leaves `up` (its `sessionEpoch` changes).
 */
import {
  DIR_INITIATOR,
  FlowTable,
  asDouble,
  NS_PER_SECOND,
  PROTO_TCP,
  TCP_ACK,
  TCP_SYN,
  chainsimError,
  type AppConfig,
  type Tuple,
  type VmModel,
  type VwireAction,
} from '../../policy/index.js';
import { VM_SESSION_CAPACITY } from '../lifecycle/index.js';
import {
  C_FLOW_POLICY_DENY,
  C_FLOW_RCV_DOT1Q_TAG_ERR,
  C_FLOW_TCP_NON_SYN,
  C_FLOW_TCP_NON_SYN_DROP,
  C_PKT_RECV,
  C_PKT_SENT,
  C_SESSION_AGED_OUT,
  C_SESSION_ALLOC_FAILURE,
  C_SESSION_ALLOCATED,
  C_SESSION_CLEARED,
  C_SESSION_FREED,
  FW_COUNTERS,
  type FwCounterValue,
} from './counters.js';
import { ACTION_ALLOW, ACTION_NAMES, Rulebase } from './rulebase.js';
import { NO_ZONE, Subinterfaces } from './subinterfaces.js';
import {
  FW_ALLOW,
  FW_DENY,
  FW_DROP,
  FW_REASON_DENY,
  FW_REASON_NON_SYN,
  FW_REASON_NONE,
  FW_REASON_SESSION_LIMIT,
  FW_REASON_VLAN_NOT_ALLOWED,
  FW_REASONS,
  type FwDropReason,
} from './verdicts.js';

export interface FirewallOptions {
  /** Most sessions at once, instead of the model's capacity (tests, what-if runs). */
  readonly capacityOverride?: number;
  /** Session slots allocated at first (the table doubles up to its capacity); default 1024. */
  readonly initialSessions?: number;
}

/** The model's capacity when no instance is provisioned (then nothing is redirected at all). */
const FALLBACK_MODEL: VmModel = 'VM-50';

/** The model of the instance's hosted-firewall template, or null without an instance. */
export function instanceModel(config: AppConfig): VmModel | null {
  const instance = config.hostedFirewall.instance;
  if (instance === null) return null;
  return config.hostedFirewall.templates.find((t) => t.name === instance.template)?.model ?? null;
}

export class Firewall {
  /** The instance's model; null when no instance is provisioned. */
  readonly model: VmModel | null;
  /** Most sessions at once (the model's, or `capacityOverride`). */
  readonly sessionCapacity: number;
  readonly rejectNonSynTcp: boolean;
  /** How long the VM holds a frame; the dataplane schedules it. */
  readonly processingLatencySeconds: number;
  readonly processingLatencyNs: number;
  /** Frames that ended their rule lookup on each rule, then intrazone-default, interzone-default
   * (PAN-OS's rule hit count: session setups, allowed or not). */
  readonly ruleHits: Float64Array;

  // The result of the last process(): reused fields, overwritten by every frame.
  egressInterface = 0;
  egressVlan = -1;
  verdict = FW_ALLOW;
  reasonCode = FW_REASON_NONE;
  /** The drop reason, or null when the frame passed. */
  reason: FwDropReason | null = null;
  /** The deciding rule (pseudo-rules included; see ruleName), or -1 (no rule looked at). */
  ruleIndex = -1;
  /** Firewall zone ids (zoneName), -1 when the sub-interface is missing. */
  fromZone = -1;
  toZone = -1;
  /** The session's id (1, 2, … in order of creation), or -1. */
  sessionId = -1;
  /** The session's state code after this frame (policy's CONN_* codes), or -1. */
  sessionState = -1;
  /** True when this frame created its session. */
  sessionCreated = false;

  /** Wire bytes of the frames received, and of those let through (as `show interface`). */
  // Doubles from the start: byte counts outgrow 31 bits (policy: asDouble).
  bytesReceived = asDouble(0);
  bytesSent = asDouble(0);

  private frameLength = 0;
  private readonly zones: Subinterfaces;
  private readonly rules: Rulebase;
  private readonly sessions: FlowTable;
  private readonly counts = new Float64Array(FW_COUNTERS.length);

  constructor(config: AppConfig, options: FirewallOptions = {}) {
    const vwire = config.vwire;
    this.model = instanceModel(config);
    const capacity = options.capacityOverride ?? VM_SESSION_CAPACITY[this.model ?? FALLBACK_MODEL];
    if (!(Number.isInteger(capacity) && capacity >= 1)) {
      throw chainsimError('CHAINSIM_CONFIG', `building the hosted firewall: session capacity ${capacity} is not a positive integer`);
    }
    this.sessionCapacity = capacity;
    this.rejectNonSynTcp = vwire.rejectNonSynTcp;
    this.processingLatencySeconds = vwire.processingLatencySeconds;
    this.processingLatencyNs = Math.round(vwire.processingLatencySeconds * NS_PER_SECOND);
    this.zones = new Subinterfaces(vwire);
    this.rules = new Rulebase(vwire.rules, this.zones);
    this.ruleHits = new Float64Array(this.rules.count + 2);
    this.sessions = new FlowTable({
      capacity,
      timeouts: config.firewall.timeouts,
      evictWhenFull: false,
      userWidth: 1,
      ...(options.initialSessions === undefined ? {} : { initialSize: options.initialSessions }),
    });
  }

  /** One frame entering interface `iface` with `vlan` (-1: untagged) at `now` (ns). Returns the
   * verdict code; the other results are in this object's fields until the next call. */
  process(iface: 1 | 2, vlan: number, t: Tuple, frameLength: number, now: number): number {
    const counts = this.counts;
    counts[C_PKT_RECV]++;
    this.bytesReceived += frameLength;
    this.frameLength = frameLength;
    this.egressInterface = 3 - iface;
    this.egressVlan = vlan;
    this.ruleIndex = -1;
    this.sessionId = -1;
    this.sessionState = -1;
    this.sessionCreated = false;

    const table = this.sessions;
    table.expire(now);

    const from = this.zones.zoneAt(iface, vlan);
    const to = this.zones.zoneAt(3 - iface, vlan);
    this.fromZone = from;
    this.toZone = to;
    if (from === NO_ZONE || to === NO_ZONE) {
      counts[C_FLOW_RCV_DOT1Q_TAG_ERR]++;
      return this.drop(FW_DROP, FW_REASON_VLAN_NOT_ALLOWED);
    }

    const { family, proto, src, dst, srcPort, dstPort } = t;
    let slot = table.lookup(family, proto, src, dst, srcPort, dstPort);
    if (slot >= 0) {
      this.sessionState = table.update(slot, table.lastDirection, t.tcpFlags, now);
      this.ruleIndex = table.userData[slot];
      this.sessionId = table.flowId[slot];
      return this.pass();
    }

    if (proto === PROTO_TCP && (t.tcpFlags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) {
      counts[C_FLOW_TCP_NON_SYN]++;
      if (this.rejectNonSynTcp) {
        counts[C_FLOW_TCP_NON_SYN_DROP]++;
        return this.drop(FW_DROP, FW_REASON_NON_SYN);
      }
    }

    const rule = this.rules.lookup(from, to, family, proto, src, dst, srcPort, dstPort);
    this.ruleIndex = rule;
    this.ruleHits[rule]++;
    if (this.rules.actions[rule] !== ACTION_ALLOW) {
      counts[C_FLOW_POLICY_DENY]++;
      return this.drop(FW_DENY, FW_REASON_DENY);
    }

    slot = table.create(family, proto, src, dst, srcPort, dstPort, now);
    if (slot < 0) {
      counts[C_SESSION_ALLOC_FAILURE]++;
      return this.drop(FW_DROP, FW_REASON_SESSION_LIMIT);
    }
    this.sessionState = table.update(slot, DIR_INITIATOR, t.tcpFlags, now);
    table.userData[slot] = rule;
    this.sessionId = table.flowId[slot];
    this.sessionCreated = true;
    return this.pass();
  }

  /** Expires the sessions whose idle timeout has run out by `now` (process() does it too). */
  expire(now: number): number {
    return this.sessions.expire(now);
  }

  /** Forgets every session: the VM left `up` (SPEC.md: it loses its sessions). */
  clearSessions(): void {
    this.counts[C_SESSION_CLEARED] += this.sessions.active;
    this.sessions.clear();
  }

  get activeSessions(): number {
    return this.sessions.active;
  }

  /** Most sessions at once so far. */
  get peakSessions(): number {
    return this.sessions.peak;
  }

  /** Rule names by index: the user rules, then `intrazone-default`, `interzone-default`;
   * null for -1. */
  ruleName(index: number): string | null {
    return this.rules.ruleName(index);
  }

  /** The action of rule or pseudo-rule `index`, or null for -1. */
  ruleAction(index: number): VwireAction | null {
    return index >= 0 && index < this.rules.count + 2 ? ACTION_NAMES[this.rules.actions[index]] : null;
  }

  get ruleCount(): number {
    return this.rules.count;
  }

  /** Firewall zone names by id. */
  get zoneNames(): readonly string[] {
    return this.zones.zones;
  }

  zoneName(id: number): string | null {
    return this.zones.zones[id] ?? null;
  }

  /** The zone of the sub-interface (iface, vlan), or -1 when there is none. */
  zoneAt(iface: 1 | 2, vlan: number): number {
    return this.zones.zoneAt(iface, vlan);
  }

  /** The global counters, PAN-OS style (counters.ts documents each). */
  counters(): FwCounterValue[] {
    const values = Float64Array.from(this.counts);
    values[C_SESSION_ALLOCATED] = this.sessions.created;
    values[C_SESSION_AGED_OUT] = this.sessions.expired;
    values[C_SESSION_FREED] = this.sessions.expired + values[C_SESSION_CLEARED];
    return FW_COUNTERS.map((info, i) => ({ ...info, value: values[i] }));
  }

  /** One counter's value by its name; undefined for a name not in FW_COUNTERS. */
  counter(name: string): number | undefined {
    return this.counters().find((c) => c.name === name)?.value;
  }

  private pass(): number {
    this.counts[C_PKT_SENT]++;
    this.bytesSent += this.frameLength;
    this.verdict = FW_ALLOW;
    this.reasonCode = FW_REASON_NONE;
    this.reason = null;
    return FW_ALLOW;
  }

  private drop(verdict: number, reason: number): number {
    this.verdict = verdict;
    this.reasonCode = reason;
    this.reason = FW_REASONS[reason];
    return verdict;
  }
}
