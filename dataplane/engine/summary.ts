/**
 * The summary of a run (SPEC.md: Summary), built from the counters at the end. Every key SPEC
 * names is always present (a reason that never happened counts 0), so a verify check on any of
 * them reads a number, never a missing key.
 */
import { FW_COUNTERS } from '../../vwire/index.js';
import type { Pipeline } from './pipeline.js';
import { CONSUMED_NAME, DROP_REASONS, DROP } from './reasons.js';

export interface InputInfo {
  files: string[];
  packets: number;
  bytes: number;
  /** Epoch seconds of the clock at the first and last packet (null without packets). */
  first: number | null;
  last: number | null;
  truncated: boolean;
  outOfOrder: number;
}

export interface RunInfo {
  wallSeconds: number;
  packetsPerSecond: number;
  virtualSeconds: number;
}

export type Summary = ReturnType<typeof buildSummary>;

const round = (x: number, digits = 6): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function buildSummary(p: Pipeline, input: InputInfo, run: RunInfo, spanNs: number) {
  const c = p.counters;
  const t = p.tables;
  const config = t.config;
  const instance = config.hostedFirewall.instance;
  const template = instance ? config.hostedFirewall.templates.find((x) => x.name === instance.template) : undefined;
  const interfaces: Record<string, { rxPackets: number; rxBytes: number; txPackets: number; txBytes: number }> = {};
  t.interfaceNames.forEach((name, i) => {
    interfaces[name] = { rxPackets: c.rxPackets[i], rxBytes: c.rxBytes[i], txPackets: c.txPackets[i], txBytes: c.txBytes[i] };
  });
  const drops: Record<string, number> = {};
  for (const r of DROP_REASONS) drops[r.name] = c.drops[r.code];
  const consumed: Record<string, number> = {};
  for (let k = 1; k < CONSUMED_NAME.length; k++) consumed[CONSUMED_NAME[k]] = c.consumedBy[k];
  const firstNs = 0;
  const mbps = (bits: number, ns: number): number | null => (ns > 0 ? round(bits / (ns / 1e9) / 1e6) : null);
  const conns = p.connections;
  const balanced = c.inPackets === c.forwarded + c.dropped + c.consumed + c.queued;
  return {
    input,
    run,
    interfaces,
    hostedFirewall: {
      name: instance?.template ?? null,
      model: template?.model ?? null,
      adminState: p.vm.state,
      processingState: p.vm.isProcessing ? 'processing' : 'not-processing',
      packetsSent: c.fwSent,
      packetsReceived: c.fwReceived,
      packetsDropped: c.fwDropped,
      bytesSent: c.fwBytesSent,
      bytesReceived: c.fwBytesReceived,
      bytesDropped: c.fwBytesDropped,
      drops: { 'vm-down': c.fwDrops[DROP.vmDown], 'rate-ceiling': c.fwDrops[DROP.rateCeiling] },
      redirectMbps: {
        offered: mbps(c.offeredBits, spanNs),
        delivered: c.lastDepartureNs >= 0 ? mbps(c.deliveredBits, c.lastDepartureNs - firstNs) : null,
        peak1s: round(c.peakWindowBits() / 1e6),
      },
      sessions: { active: p.firewall.activeSessions },
      counters: Object.fromEntries(FW_COUNTERS.map((info) => [info.name, p.firewall.counter(info.name) ?? 0])),
    },
    policies: t.policies.map((e) => ({
      group: e.group,
      template: e.template,
      name: e.name,
      action: e.action,
      packets: c.policyPackets[e.index],
      bytes: c.policyBytes[e.index],
      connections: c.policyConnections[e.index],
    })),
    connections: {
      created: conns.created,
      active: conns.active,
      expired: conns.expired,
      evicted: conns.evicted,
      peak: conns.peak,
    },
    drops,
    consumed,
    accounting: {
      in: c.inPackets,
      forwarded: c.forwarded,
      dropped: c.dropped,
      consumed: c.consumed,
      queued: c.queued,
      balanced,
    },
  };
}
