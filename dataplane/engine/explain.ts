/**
 * `chainsim explain`: the packet-tracer. It builds the flow's first packet and its reply as
 * real frames and pushes them through the very Pipeline that replay uses (no second matcher),
 * then reads each packet's context phase by phase: ingress, route lookup, connection lookup,
 * policy, redirect, VM check, ceiling, hosted firewall, return, egress, and a result line.
 *
 * A flow reads `tcp 172.16.10.5:51000 > 52.96.1.1:443 in LAN-1` (also `udp`, `icmp`, IPv6 as
 * `[addr]:port`; `in IFACE` optional: without it ingress follows the packet as in replay).
 */
import { chainsimError, parseAddress, type AppConfig } from '../../policy/index.js';
import { FW_VERDICT_NAMES } from '../../vwire/index.js';
import { emitFrame, newFrameSpec, formatEndpoint, protoName } from '../wire/index.js';
import type { PacketContext } from './context.js';
import { Pipeline } from './pipeline.js';
import { DROP_NAME, VERDICT_NAME, CONSUMED_NAME } from './reasons.js';

export interface FlowSpec {
  proto: number;
  family: 4 | 6;
  src: readonly [number, number, number, number];
  dst: readonly [number, number, number, number];
  srcPort: number;
  dstPort: number;
  in: string | null;
  text: string;
}

export interface Phase {
  n: number;
  phase: string;
  [key: string]: unknown;
}

export interface DirectionReport {
  direction: 'initiator' | 'responder';
  packet: string;
  phases: Phase[];
  result: string;
}

export interface ExplainReport {
  flow: string;
  connectionMatchType: string;
  directions: DirectionReport[];
}

const FLOW_RE = /^(tcp|udp|icmp|icmpv6)\s+(\S+)\s*>\s*(\S+)(?:\s+in\s+(\S+))?$/;

function endpoint(text: string, needPort: boolean, flow: string): { words: readonly [number, number, number, number]; family: 4 | 6; port: number } {
  let addr = text;
  let port = 0;
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    addr = v6[1];
    port = v6[2] === undefined ? 0 : Number(v6[2]);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon > 0 && text.indexOf(':') === colon) {
      addr = text.slice(0, colon);
      port = Number(text.slice(colon + 1));
    }
  }
  if (needPort && (!Number.isInteger(port) || port <= 0 || port > 65535)) {
    throw chainsimError('CHAINSIM_USAGE', `explain: "${flow}": ${text} needs a port (1-65535), as in 10.0.0.1:443 or [2001:db8::1]:443`);
  }
  let prefix;
  try {
    prefix = parseAddress(addr);
  } catch {
    throw chainsimError('CHAINSIM_USAGE', `explain: "${flow}": ${addr} is not an IPv4 or IPv6 address`);
  }
  return { words: prefix.words, family: prefix.family, port };
}

export function parseFlow(text: string): FlowSpec {
  const m = FLOW_RE.exec(text.trim());
  if (!m) {
    throw chainsimError('CHAINSIM_USAGE', `explain: "${text}" is not a flow (like: tcp 172.16.10.5:51000 > 52.96.1.1:443 in LAN-1)`);
  }
  const [, protoText, srcText, dstText, inIface] = m;
  const ports = protoText === 'tcp' || protoText === 'udp';
  const src = endpoint(srcText, ports, text);
  const dst = endpoint(dstText, ports, text);
  if (src.family !== dst.family) throw chainsimError('CHAINSIM_USAGE', `explain: "${text}": source and destination are of different families`);
  const proto = protoText === 'tcp' ? 6 : protoText === 'udp' ? 17 : src.family === 6 ? 58 : 1;
  return { proto, family: src.family, src: src.words, dst: dst.words, srcPort: src.port, dstPort: dst.port, in: inIface ?? null, text: text.trim() };
}

/** A snapshot of what the pipeline decided for one packet (contexts are reused). */
interface Snapshot {
  inIface: number;
  vlan: number;
  flow: number;
  dir: number;
  entry: number;
  fwIface: number;
  fwVlan: number;
  sri: string | null;
  fwVerdict: number;
  fwRule: number;
  fwFromZone: number;
  fwToZone: number;
  ceilingNs: number;
  linkBits: number;
  outIface: number;
  verdict: number;
  reason: number;
  consumedKind: number;
  srcPort: number;
  dstPort: number;
}

function snapshot(ctx: PacketContext): Snapshot {
  const { inIface, vlan, flow, dir, entry, fwIface, fwVlan, sri, fwVerdict, fwRule, fwFromZone, fwToZone, ceilingNs, linkBits, outIface, verdict, reason, consumedKind, srcPort, dstPort } = ctx;
  return { inIface, vlan, flow, dir, entry, fwIface, fwVlan, sri, fwVerdict, fwRule, fwFromZone, fwToZone, ceilingNs, linkBits, outIface, verdict, reason, consumedKind, srcPort, dstPort };
}

export function explainFlow(config: AppConfig, flow: FlowSpec): ExplainReport {
  const pipeline = new Pipeline(config);
  const t = pipeline.tables;
  let bound = -1;
  if (flow.in !== null) {
    bound = t.interfaceIndex(flow.in);
    if (bound < 0) throw chainsimError('CHAINSIM_USAGE', `explain: no interface ${flow.in} (interfaces: ${t.interfaceNames.join(', ')})`);
  }
  const done: Snapshot[] = [];
  pipeline.ports = { wantsFrames: false, egress() {}, firewallLink() {}, dropped() {}, done: (ctx) => void done.push(snapshot(ctx)) };

  const spec = newFrameSpec();
  const buf = Buffer.alloc(256);
  const send = (reply: boolean, tNs: number, iface: number): void => {
    spec.family = flow.family;
    spec.proto = flow.proto;
    spec.src = reply ? flow.dst : flow.src;
    spec.dst = reply ? flow.src : flow.dst;
    spec.srcPort = reply ? flow.dstPort : flow.srcPort;
    spec.dstPort = reply ? flow.srcPort : flow.dstPort;
    spec.tcpFlags = reply ? 0x12 : 0x02;
    spec.icmpType = flow.family === 4 ? (reply ? 0 : 8) : reply ? 129 : 128;
    if (flow.proto === 1 || flow.proto === 58) spec.srcPort = spec.dstPort = 1;
    spec.payloadLength = flow.proto === 6 ? 0 : 32;
    const len = emitFrame(spec, buf, 0);
    pipeline.clock[0] = tNs;
    pipeline.advance();
    pipeline.ingest(buf, 0, len, len, 1, iface, -1);
    pipeline.drain();
  };
  send(false, 0, bound);
  const first = done[0];
  // The reply arrives where the first packet left (or, if it was not forwarded, by route).
  send(true, 1_000_000, first.outIface >= 0 ? first.outIface : -1);

  const directions = done.map((s, i) => describe(pipeline, flow, s, i === 1));
  return { flow: flow.text, connectionMatchType: config.global.connectionMatchType, directions };
}

function describe(p: Pipeline, flow: FlowSpec, s: Snapshot, reply: boolean): DirectionReport {
  const t = p.tables;
  const fw = p.firewall;
  const phases: Phase[] = [];
  const add = (phase: string, fields: Record<string, unknown>): void => void phases.push({ n: phases.length + 1, phase, ...fields });
  const srcWords = Uint32Array.from(reply ? flow.dst : flow.src);
  const dstWords = Uint32Array.from(reply ? flow.src : flow.dst);
  const packet = `${protoName(flow.proto)} ${formatEndpoint(flow.family, srcWords, s.srcPort)} > ${formatEndpoint(flow.family, dstWords, s.dstPort)}`;

  add('ingress', { interface: s.inIface >= 0 ? t.interfaceNames[s.inIface] : null, vlan: s.vlan >= 0 ? s.vlan : null, zone: s.inIface >= 0 ? t.config.zones[t.ifaceZone[s.inIface]] : null });
  if (s.verdict === 3) return { direction: reply ? 'responder' : 'initiator', packet, phases, result: `consumed (${CONSUMED_NAME[s.consumedKind]})` };
  if (s.inIface >= 0) {
    const r = t.routes.lookup(flow.family, dstWords);
    const route = r >= 0 ? t.config.routes[r] : null;
    add('route lookup', route ? { prefix: route.prefix.text, via: route.via, service: route.service, toZone: t.config.zones[t.routes.zone[r]] } : { prefix: null, result: 'no route' });
  }
  if (s.flow > 0) add('connection lookup', { flow: s.flow, direction: s.dir === 0 ? 'initiator' : 'responder', connection: reply ? 'existing' : 'new' });
  if (s.entry >= 0) {
    const e = t.policies[s.entry];
    const inherited = reply && t.symmetric;
    add('policy', { group: e.group, template: e.template, rule: e.group === 'default' ? null : e.name, action: e.action, decision: inherited ? 'inherited from the initiator (symmetric)' : 'classified' });
  }
  if (s.fwIface !== 0) {
    add('redirect', { serviceRedirectInterface: s.sri, firewallInterface: s.fwIface, vlan: s.fwVlan >= 0 ? s.fwVlan : null });
    const vmDown = DROP_NAME[s.reason] === 'vm-down';
    add('VM check', { state: p.vm.state, result: vmDown ? 'drop vm-down' : 'pass' });
    if (!vmDown) {
      const ceilingDrop = DROP_NAME[s.reason] === 'rate-ceiling';
      add('ceiling', { bits: s.linkBits, result: ceilingDrop ? 'drop rate-ceiling' : 'pass', waitSeconds: s.ceilingNs >= 0 ? s.ceilingNs / 1e9 : null });
    }
    if (s.fwVerdict !== 0) {
      add('hosted firewall', {
        subinterface: `ethernet1/${s.fwIface}${s.fwVlan >= 0 ? `.${s.fwVlan}` : ''}`,
        zones: [s.fwFromZone >= 0 ? fw.zoneName(s.fwFromZone) : null, s.fwToZone >= 0 ? fw.zoneName(s.fwToZone) : null],
        rule: s.fwRule >= 0 ? fw.ruleName(s.fwRule) : null,
        verdict: FW_VERDICT_NAMES[s.fwVerdict - 1],
        session: reply ? 'existing' : 'new',
      });
      if (s.verdict === 1) add('return', { firewallInterface: 3 - s.fwIface, vlan: s.fwVlan >= 0 ? s.fwVlan : null });
    }
  }
  if (s.verdict === 1) add('egress', { interface: t.interfaceNames[s.outIface] });
  const result = s.verdict === 1 ? `forwarded out ${t.interfaceNames[s.outIface]}` : `${VERDICT_NAME[s.verdict]}: ${DROP_NAME[s.reason]}`;
  return { direction: reply ? 'responder' : 'initiator', packet, phases, result };
}

export function formatExplain(r: ExplainReport): string {
  const out: string[] = [`Flow: ${r.flow} (connection match: ${r.connectionMatchType})`];
  for (const d of r.directions) {
    out.push('', `${d.direction === 'initiator' ? 'First packet' : 'Reply'}: ${d.packet}`);
    for (const ph of d.phases) {
      const { n, phase, ...rest } = ph;
      const fields = Object.entries(rest)
        .map(([k, v]) => `${k} ${v === null ? '-' : Array.isArray(v) ? v.map((x) => x ?? '-').join(' → ') : String(v)}`)
        .join(', ');
      out.push(`  ${String(n).padStart(2)}. ${phase.padEnd(18)} ${fields}`);
    }
    out.push(`  Result: ${d.result}`);
  }
  return out.join('\n') + '\n';
}
