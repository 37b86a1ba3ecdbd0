/**
 * The packet path of the appliance (DESIGN.md: One packet's way): ingress → decode → consumed
 * destinations → fragments → connection table → route → classification (symmetric or
 * directional) → action; for a redirect: VM check → ceiling → the hosted firewall over its
 * internal link → back, and on to the egress interface by route. Every packet ends in exactly
 * one of forwarded, dropped (one reason) or consumed, each counted where it happens.
 *
 * Inputs: frames with their arrival time (ns since the first packet) from a driver (replay or
 * live). Outputs: the `PacketPorts` it is given (captures, trace) and the counters.
 * Time: the driver sets `clock[0]` (ns since the first packet), then calls `ingest`, which first
 * runs the events due by then — scenario events, packets leaving the ceiling's queue or the
 * firewall (ties: events first) — or `advance()` alone when no packet comes (live mode's timer).
 * The time reaches the path as one value read from the slot, passed down: past 2^31 ns (2.1 s)
 * it is no small integer, and V8 boxes a double for each call it did not inline, so one entry
 * point per packet means one box per packet.
 */
import {
  DIR_INITIATOR,
  FlowTable,
  UNDECIDED,
  decisionSlot,
  type AppConfig,
} from '../../policy/index.js';
import { FW_ALLOW, Firewall, ScenarioPlayer, vmFromConfig, type HostedVm, type Scenario } from '../../vwire/index.js';
import { DECODE_IP, DECODE_MALFORMED, PacketView, decodeFrame, LINKTYPE } from '../wire/index.js';
import { ACTION, ApplianceTables } from './appliance.js';
import { Ceiling } from './ceiling.js';
import { PacketContext } from './context.js';
import { Counters } from './counters.js';
import { EventQueue } from './event-queue.js';
import { FragmentTable } from './fragments.js';
import { NO_PORTS, type PacketPorts } from './ports.js';
import { CONSUMED, DROP, VERDICT } from './reasons.js';

/** A real firewall reached over devices (live `--fw-if1/--fw-if2`) instead of the in-process
 * one: sends a redirected frame on internal link 1 or 2 with VLAN `vlan` (-1: untagged);
 * false when the device refused it. */
export interface ExternalFirewall {
  transmit(link: number, vlan: number, buf: Buffer, start: number, caplen: number): boolean;
}

export interface PipelineOptions {
  scenario?: Scenario | null;
}

/** Per connection, in the flow table's user words: decision id + 1 for slot 0 and slot 1
 * (0: undecided), and a bit set of the slots already counted in `policies[].connections`. */
const USER_WIDTH = 2;

const EV_TO_FIREWALL = 1;
const EV_FROM_FIREWALL = 2;

const FW_REASON_DROP: readonly number[] = [0, DROP.fwDeny, DROP.fwNonSyn, DROP.fwSessionLimit, DROP.fwVlanNotAllowed];

export class Pipeline {
  readonly tables: ApplianceTables;
  readonly counters: Counters;
  readonly connections: FlowTable;
  readonly firewall: Firewall;
  readonly vm: HostedVm;
  private readonly scenario: ScenarioPlayer | null;
  private readonly ceiling: Ceiling;
  private readonly fragments = new FragmentTable();
  private readonly view = new PacketView();
  private readonly events = new EventQueue<PacketContext>();
  /** Where packets go; the driver plugs in captures and the trace after construction (they
   * need the tables and the firewall built here). */
  ports: PacketPorts = NO_PORTS;
  /** The time now (ns since the first packet), set by the driver. */
  readonly clock = new Float64Array(1);
  /** Live mode with a real firewall; null (replay, `--fw stub`): the in-process Firewall. */
  external: ExternalFirewall | null = null;
  private readonly latencyNs: number;
  private ctx = new PacketContext();
  private readonly pool: PacketContext[] = [];
  private sessionEpoch: number;
  private inputIndex = 0;

  constructor(config: AppConfig, options: PipelineOptions = {}) {
    this.tables = new ApplianceTables(config);
    this.counters = new Counters(config.interfaces.length, this.tables.policies.length);
    this.connections = new FlowTable({
      capacity: config.firewall.maxConnections,
      timeouts: config.firewall.timeouts,
      evictWhenFull: config.firewall.evictWhenFull,
      userWidth: USER_WIDTH,
    });
    this.firewall = new Firewall(config);
    this.vm = vmFromConfig(config);
    this.sessionEpoch = this.vm.sessionEpoch;
    this.scenario = options.scenario ? new ScenarioPlayer(options.scenario) : null;
    this.ceiling = new Ceiling(config.hostedFirewall.ceiling);
    this.latencyNs = Math.round(config.vwire.processingLatencySeconds * 1e9);
  }

  /** Runs every event due now (scenario events, waiting packets), then expiry, without a packet. */
  advance(): void {
    this.advanceTo(this.clock[0]);
  }

  private advanceTo(now: number): void {
    // The common case: nothing waits and no scenario event is due.
    if (this.events.size === 0 && (this.scenario === null || this.scenario.nextAt() > now)) {
      this.connections.expire(now);
      this.firewall.expire(now);
      return;
    }
    for (;;) {
      const scenarioAt = this.scenario ? this.scenario.nextAt() : Infinity;
      const eventAt = this.events.nextAt();
      if (scenarioAt > now && eventAt > now) break;
      if (scenarioAt <= eventAt) {
        this.scenario!.advance(scenarioAt, this.vm);
        this.checkSessionEpoch();
      } else {
        const kind = this.events.peekKind();
        const ctx = this.events.pop();
        if (kind === EV_TO_FIREWALL) this.toFirewall(ctx, ctx.frame, 0, ctx.frameLength, eventAt);
        else this.fromFirewall(ctx, ctx.frame, 0, ctx.frameLength, eventAt);
      }
    }
    this.connections.expire(now);
    this.firewall.expire(now);
  }

  /** Input has ended: every waiting packet is delivered, in time order, with the scenario
   * events that fall between them. Expiry runs up to the last of them. */
  drain(): void {
    while (this.events.size > 0) this.advanceTo(this.events.nextAt());
  }

  /** How many packets wait in the ceiling's queue or in the firewall. */
  get waiting(): number {
    return this.events.size;
  }

  /**
   * One captured frame arriving now. `boundIface`: the interface a capture is bound to
   * (--in), or -1; `namedIface`: the appliance interface whose name the capture's interface
   * carries (pcapng), or -1.
   */
  ingest(buf: Buffer, start: number, caplen: number, origlen: number, linkType: number, boundIface: number, namedIface: number): void {
    this.ingestAt(buf, start, caplen, origlen, linkType, this.clock[0], boundIface, namedIface);
  }

  private ingestAt(buf: Buffer, start: number, caplen: number, origlen: number, linkType: number, tNs: number, boundIface: number, namedIface: number): void {
    this.advanceTo(tNs);
    const ctx = this.ctx;
    const c = this.counters;
    ctx.reset(++this.inputIndex, tNs, origlen, linkType);
    c.inPackets++;
    c.inBytes += origlen;
    const view = this.view;
    const status = decodeFrame(view, buf, start, caplen, origlen, linkType);
    if (status === DECODE_MALFORMED) return this.drop(ctx, DROP.malformed, buf, start, caplen);
    ctx.vlan = linkType === LINKTYPE.EN10MB ? view.vlanOuter : -1;
    ctx.vlanCount = view.vlanCount;
    if (status !== DECODE_IP) {
      if (boundIface >= 0) this.receive(ctx, boundIface);
      return this.consume(ctx, CONSUMED.nonIp);
    }
    ctx.family = view.family;
    ctx.proto = view.proto;
    copy4(view.src, ctx.src);
    copy4(view.dst, ctx.dst);
    ctx.l3Start = view.l3Offset - start;
    this.setPorts(ctx, view.proto, view.srcPort, view.dstPort);

    // Ingress (SPEC: --in, pcapng interface name, outer VLAN, source route).
    const t = this.tables;
    // The source route serves twice: ingress by route, and the tuple's source service.
    const srcRoute = t.routes.lookup(view.family, view.src);
    let iface = boundIface >= 0 ? boundIface : namedIface;
    if (iface < 0 && ctx.vlan >= 0) iface = t.vlanToIface[ctx.vlan];
    if (iface < 0 && srcRoute >= 0) iface = t.routes.iface[srcRoute];
    if (iface < 0) return this.drop(ctx, DROP.noIngress, buf, start, caplen);
    this.receive(ctx, iface);

    const consumed = t.destinations.classify(view.family, view.dst);
    if (consumed !== 0) return this.consume(ctx, consumed);

    // Fragments: the first decides; later ones follow it.
    let srcPort = view.srcPort;
    let dstPort = view.dstPort;
    let flags = view.tcpFlags;
    if (view.isLaterFragment) {
      if (!this.fragments.find(view.family, view.proto, view.ipId, view.src, view.dst)) {
        return this.drop(ctx, DROP.fragmentOrphan, buf, start, caplen);
      }
      srcPort = this.fragments.srcPort;
      dstPort = this.fragments.dstPort;
      flags = this.fragments.tcpFlags;
    } else if (view.isFragment) {
      this.fragments.remember(view.family, view.proto, view.ipId, view.src, view.dst, srcPort, dstPort, flags);
    }
    this.setPorts(ctx, view.proto, srcPort, dstPort);

    // The connection (SPEC: no-route packets create theirs too).
    const conns = this.connections;
    let slot = conns.lookup(view.family, view.proto, view.src, view.dst, srcPort, dstPort);
    if (slot < 0) {
      slot = conns.create(view.family, view.proto, view.src, view.dst, srcPort, dstPort, tNs);
      if (slot < 0) return this.drop(ctx, DROP.connTableFull, buf, start, caplen);
    }
    const dir = conns.lastDirection;
    // Later fragments carry no TCP header: they do not move the connection's state.
    conns.update(slot, dir, view.isLaterFragment ? 0 : flags, tNs);
    ctx.slot = slot;
    ctx.flow = conns.flowId[slot];
    ctx.dir = dir;

    const dstRoute = t.routes.lookup(view.family, view.dst);
    if (dstRoute < 0) return this.drop(ctx, DROP.noRoute, buf, start, caplen);

    const tuple = ctx.tuple;
    tuple.family = view.family;
    tuple.proto = view.proto;
    // tuple.src / tuple.dst are ctx.src / ctx.dst, copied above.
    tuple.srcPort = srcPort;
    tuple.dstPort = dstPort;
    tuple.fromZone = t.ifaceZone[iface];
    tuple.toZone = t.routes.zone[dstRoute];
    tuple.srcService = srcRoute >= 0 ? t.routes.service[srcRoute] : 0;
    tuple.dstService = t.routes.service[dstRoute];
    tuple.vlan = ctx.vlan;
    tuple.dscp = view.dscp;
    tuple.tcpFlags = flags;
    tuple.fragment = view.isFragment;

    const entry = this.classify(ctx, slot, dir === DIR_INITIATOR);
    ctx.outIface = t.routes.iface[dstRoute];
    const action = t.entryAction[entry];
    if (action === ACTION.allow) return this.forward(ctx, buf, start, caplen, tNs);
    if (action === ACTION.drop) return this.drop(ctx, DROP.policyDrop, buf, start, caplen);
    if (action === ACTION.reject) return this.drop(ctx, DROP.policyReject, buf, start, caplen);
    return this.redirect(ctx, entry, buf, start, caplen, tNs);
  }

  /** Classifies or inherits (SPEC: symmetric / directional), counting per policy. Which of the
   * connection's two slots holds this packet's decision is policy's rule (`decisionSlot`); a
   * slot stores decision id + 1, since the flow table zeroes user words (0: not decided yet). */
  private classify(ctx: PacketContext, slot: number, fromInitiator: boolean): number {
    const t = this.tables;
    const user = this.connections.userData;
    const base = slot * USER_WIDTH;
    const slotIndex = decisionSlot(t.matchType, fromInitiator);
    let decision = user[base + slotIndex] - 1;
    const fresh = decision === UNDECIDED;
    if (fresh) {
      decision = t.classifier.classify(ctx.tuple);
      user[base + slotIndex] = decision + 1;
    }

    const c = this.counters;
    const entry = t.classifier.decisionRule(decision);
    const continued = t.classifier.decisionContinued(decision);
    c.policyPackets[entry]++;
    c.policyBytes[entry] += ctx.origlen;
    for (let i = 0; i < continued.length; i++) {
      c.policyPackets[continued[i]]++;
      c.policyBytes[continued[i]] += ctx.origlen;
    }
    if (fresh) {
      // A connection counts once per rule: under directional, skip a rule the other slot has.
      const other = t.symmetric ? UNDECIDED : user[base + 1 - slotIndex] - 1;
      if (other < 0 || t.classifier.decisionRule(other) !== entry) c.policyConnections[entry]++;
      for (let i = 0; i < continued.length; i++) c.policyConnections[continued[i]]++;
    }
    ctx.entry = entry;
    ctx.action = t.entryAction[entry];
    return entry;
  }

  private redirect(ctx: PacketContext, entry: number, buf: Buffer, start: number, caplen: number, tNs: number): void {
    const t = this.tables;
    const c = this.counters;
    let fwIface = t.entryFwIface[entry];
    ctx.sri = t.policies[entry].redirect!.serviceRedirectInterface;
    if (t.symmetric && ctx.dir !== DIR_INITIATOR) {
      fwIface = 3 - fwIface;
      ctx.sri = t.entryReplySri[entry];
    }
    ctx.fwIface = fwIface;
    ctx.fwVlan = t.entryFwVlan[entry];
    // Ethernet frame on the internal link: the frame minus its tags plus one tag (SPEC: Ceiling).
    const frameBytes =
      ctx.linkType === LINKTYPE.EN10MB ? ctx.origlen - 4 * ctx.vlanCount : 14 + ctx.origlen - ctx.l3Start;
    ctx.linkBits = (frameBytes + (ctx.fwVlan >= 0 ? 4 : 0)) * 8;

    if (!this.vm.isProcessing || t.entryInstanceOk[entry] === 0) {
      c.fwDropped++;
      c.fwBytesDropped += ctx.origlen;
      c.fwDrops[DROP.vmDown]++;
      return this.drop(ctx, DROP.vmDown, buf, start, caplen);
    }
    c.offered(ctx.linkBits, tNs);
    const lane = ctx.dir === DIR_INITIATOR ? 0 : 1;
    if (!this.ceiling.offer(ctx.linkBits, tNs, lane)) {
      c.fwDropped++;
      c.fwBytesDropped += ctx.origlen;
      c.fwDrops[DROP.rateCeiling]++;
      return this.drop(ctx, DROP.rateCeiling, buf, start, caplen);
    }
    const departure = this.ceiling.departure;
    ctx.ceilingNs = departure - tNs;
    if (departure > tNs) return this.wait(ctx, EV_TO_FIREWALL, departure, buf, start, caplen);
    this.toFirewall(ctx, buf, start, caplen, tNs);
  }

  /** The packet crosses the internal link into the hosted firewall at `now`. */
  private toFirewall(ctx: PacketContext, buf: Buffer, start: number, caplen: number, now: number): void {
    const c = this.counters;
    c.delivered(ctx.linkBits, now);
    if (this.external !== null) return this.toExternal(ctx, buf, start, caplen, now);
    c.fwSent++;
    c.fwBytesSent += ctx.origlen;
    this.ports.firewallLink(ctx, ctx.fwIface, ctx.fwVlan, buf, start, caplen, now);
    const fw = this.firewall;
    fw.process(ctx.fwIface as 1 | 2, ctx.fwVlan, ctx.tuple, ctx.origlen, now);
    ctx.fwVerdict = fw.verdict + 1;
    ctx.fwRule = fw.ruleIndex;
    ctx.fwFromZone = fw.fromZone;
    ctx.fwToZone = fw.toZone;
    if (fw.verdict !== FW_ALLOW) return this.drop(ctx, FW_REASON_DROP[fw.reasonCode], buf, start, caplen);
    if (this.latencyNs > 0) return this.wait(ctx, EV_FROM_FIREWALL, now + this.latencyNs, buf, start, caplen);
    this.fromFirewall(ctx, buf, start, caplen, now);
  }

  /** Live mode: the frame leaves for the real firewall; what it lets through comes back as a
   * new frame (`returnFromFirewall`), so this packet's way ends here, sent. */
  private toExternal(ctx: PacketContext, buf: Buffer, start: number, caplen: number, now: number): void {
    if (!this.external!.transmit(ctx.fwIface, ctx.fwVlan, buf, start, caplen)) return this.drop(ctx, DROP.txError, buf, start, caplen);
    const c = this.counters;
    c.fwSent++;
    c.fwBytesSent += ctx.origlen;
    this.ports.firewallLink(ctx, ctx.fwIface, ctx.fwVlan, buf, start, caplen, now);
    this.finish(ctx);
  }

  /**
   * Live mode: a frame the real firewall let through (its tag popped) arrives now (`clock[0]`)
   * and continues to its egress interface by route. It entered `in` when it first arrived, so
   * it counts here as received and forwarded, or dropped when no route takes it.
   */
  returnFromFirewall(buf: Buffer, start: number, caplen: number, origlen: number, linkType: number): void {
    const ctx = this.ctx;
    ctx.reset(this.inputIndex, this.clock[0], origlen, linkType);
    const c = this.counters;
    c.fwReceived++;
    c.fwBytesReceived += origlen;
    const view = this.view;
    const t = this.tables;
    if (decodeFrame(view, buf, start, caplen, origlen, linkType) !== DECODE_IP) return this.drop(ctx, DROP.malformed, buf, start, caplen);
    const route = t.routes.lookup(view.family, view.dst);
    if (route < 0) return this.drop(ctx, DROP.noRoute, buf, start, caplen);
    ctx.outIface = t.routes.iface[route];
    this.forward(ctx, buf, start, caplen, this.clock[0]);
  }

  /** The firewall hands the packet back on the other side of its wire, same VLAN. */
  private fromFirewall(ctx: PacketContext, buf: Buffer, start: number, caplen: number, now: number): void {
    const c = this.counters;
    c.fwReceived++;
    c.fwBytesReceived += ctx.origlen;
    this.ports.firewallLink(ctx, 3 - ctx.fwIface, ctx.fwVlan, buf, start, caplen, now);
    this.forward(ctx, buf, start, caplen, now);
  }

  private forward(ctx: PacketContext, buf: Buffer, start: number, caplen: number, now: number): void {
    const c = this.counters;
    c.forwarded++;
    c.txPackets[ctx.outIface]++;
    c.txBytes[ctx.outIface] += ctx.origlen;
    ctx.verdict = VERDICT.forwarded;
    this.ports.egress(ctx, buf, start, caplen, now);
    this.finish(ctx);
  }

  private drop(ctx: PacketContext, reason: number, buf: Buffer, start: number, caplen: number): void {
    const c = this.counters;
    c.dropped++;
    c.drops[reason]++;
    ctx.verdict = VERDICT.dropped;
    ctx.reason = reason;
    ctx.outIface = -1;
    this.ports.dropped(ctx, buf, start, caplen, ctx.tNs);
    this.finish(ctx);
  }

  private consume(ctx: PacketContext, kind: number): void {
    const c = this.counters;
    c.consumed++;
    c.consumedBy[kind]++;
    ctx.verdict = VERDICT.consumed;
    ctx.consumedKind = kind;
    this.finish(ctx);
  }

  private receive(ctx: PacketContext, iface: number): void {
    ctx.inIface = iface;
    this.counters.rxPackets[iface]++;
    this.counters.rxBytes[iface] += ctx.origlen;
  }

  /** Ports as the trace shows them: TCP and UDP only (SPEC: port 0 for every other protocol). */
  private setPorts(ctx: PacketContext, proto: number, srcPort: number, dstPort: number): void {
    const tcpUdp = proto === 6 || proto === 17;
    ctx.srcPort = tcpUdp ? srcPort : 0;
    ctx.dstPort = tcpUdp ? dstPort : 0;
  }

  private finish(ctx: PacketContext): void {
    this.ports.done(ctx);
    if (ctx !== this.ctx) this.pool.push(ctx);
  }

  /** The packet waits until `at`: it keeps its context (and a copy of its frame when outputs
   * need the bytes); the path takes a fresh context for the next packet. */
  private wait(ctx: PacketContext, kind: number, at: number, buf: Buffer, start: number, caplen: number): void {
    if (ctx === this.ctx) {
      if (this.ports.wantsFrames && buf !== ctx.frame) {
        if (ctx.frame.length < caplen) ctx.frame = Buffer.alloc(Math.max(caplen, 2048));
        ctx.frame.set(buf.subarray(start, start + caplen), 0);
        ctx.frameLength = caplen;
      }
      this.ctx = this.pool.pop() ?? new PacketContext();
    }
    this.events.push(at, kind, ctx);
  }

  private checkSessionEpoch(): void {
    if (this.vm.sessionEpoch !== this.sessionEpoch) {
      this.sessionEpoch = this.vm.sessionEpoch;
      this.firewall.clearSessions();
    }
  }
}

/** Four address words; cheaper than TypedArray#set for so few. */
function copy4(from: Uint32Array, to: Uint32Array): void {
  to[0] = from[0];
  to[1] = from[1];
  to[2] = from[2];
  to[3] = from[3];
}
