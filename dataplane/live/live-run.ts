/**
 * `chainsim live`: the replay dataplane on real devices and the wall clock (SPEC: live). Each
 * `--port` device feeds the one Pipeline (ingress: the port's interface); forwarded frames
 * leave unchanged on the egress interface's device; non-IP frames are bridged to the other
 * ports. The hosted firewall is the in-process stub or a real one over two devices; with a real
 * one and `instance.probe`, ICMP probes decide whether the VM is processing. A 1 ms timer moves
 * the clock while packets wait (ceiling queue, firewall latency). The run ends on SIGINT,
 * SIGTERM, `durationSeconds` or `signal`, and returns replay's summary.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chainsimError, formatAddress, type LoadedConfig } from '../../policy/index.js';
import { DROP, Pipeline, buildSummary, type Summary } from '../engine/index.js';
import { LINKTYPE } from '../wire/index.js';
import { DEFAULT_BUFFER_BYTES, Device, checkDeviceNames } from './devices.js';
import { ExternalLink } from './external-firewall.js';
import { LivePorts } from './live-ports.js';
import { Prober } from './probe.js';

export interface LivePort {
  iface: string;
  device: string;
}

export type LiveFirewall = 'stub' | { if1: string; if2: string };

export interface LiveOptions {
  config: LoadedConfig;
  ports: readonly LivePort[];
  fw: LiveFirewall;
  /** Stop after this many seconds; null: only on a signal. */
  durationSeconds: number | null;
  /** Kernel capture buffer per device, bytes. */
  bufferBytes?: number;
  /** Stops the run (besides SIGINT / SIGTERM / the duration). */
  signal?: AbortSignal;
  /** Called once every device is open and the run has begun. */
  onReady?: (description: string) => void;
  onWarning?: (message: string) => void;
}

export interface LiveInfo {
  devices: Record<string, { sent: number; refused: number; lastError: string | null }>;
  firewall: 'stub' | { if1: string; if2: string; returned: number; ignored: number; outAtEnd: number };
  probe: null | { address: string; intervalSeconds: number; sent: number; replies: number; down: boolean };
}

export type LiveSummary = Summary & { live: LiveInfo };

/** How long returns from the real firewall are still awaited once ingress has stopped. */
const RETURN_GRACE_MS = 200;
const TICK_MS = 1;
/** Expiry runs at least this often when nothing waits. */
const IDLE_ADVANCE_TICKS = 100;

export async function runLive(opts: LiveOptions): Promise<LiveSummary> {
  const config = opts.config.config;
  const pipeline = new Pipeline(config, { scenario: null });
  const tables = pipeline.tables;
  const external = opts.fw !== 'stub' ? opts.fw : null;
  checkPorts(opts, tables.interfaceNames);
  checkDeviceNames('live', [
    ...opts.ports.map((p) => ({ device: p.device, role: `--port ${p.iface}=${p.device}` })),
    ...(external ? [{ device: external.if1, role: '--fw-if1' }, { device: external.if2, role: '--fw-if2' }] : []),
  ]);

  const bufferBytes = opts.bufferBytes ?? DEFAULT_BUFFER_BYTES;
  const opened: Device[] = [];
  const open = (name: string): Device => {
    const d = new Device(name, bufferBytes, 'live mode');
    opened.push(d);
    return d;
  };
  let prober: Prober | null = null;
  const stopSignals: (() => void)[] = [];
  try {
    const portDevices = opts.ports.map((p) => open(p.device));
    const byIface: (Device | null)[] = tables.interfaceNames.map((name) => {
      const i = opts.ports.findIndex((p) => p.iface === name);
      return i < 0 ? null : portDevices[i];
    });
    for (const [i, name] of tables.interfaceNames.entries()) {
      if (byIface[i] === null) opts.onWarning?.(`interface ${name} has no --port: packets routed to it drop tx-error`);
    }
    const ports = new LivePorts(byIface, pipeline.counters);
    pipeline.ports = ports;
    const fwDevices = external ? [open(external.if1), open(external.if2)] : [];
    const link = external ? new ExternalLink(fwDevices[0], fwDevices[1], config) : null;
    pipeline.external = link;

    const t0 = performance.now();
    const epochAtT0 = Date.now() / 1000;
    const now = (): number => Math.round((performance.now() - t0) * 1e6);
    let stopping = false;
    let packets = 0;
    let bytes = 0;
    let firstNs = -1;
    let lastNs = 0;

    portDevices.forEach((device, p) => {
      const iface = tables.interfaceIndex(opts.ports[p].iface);
      device.onFrame((buf, length) => {
        if (stopping) return;
        const t = now();
        pipeline.clock[0] = t;
        pipeline.advance();
        pipeline.ingest(buf, 0, length, length, LINKTYPE.EN10MB, iface, -1);
        packets++;
        bytes += length;
        lastNs = t;
        if (firstNs < 0) firstNs = t;
        // Bridged frames (ARP) go to every other port, never to the firewall links.
        if (ports.bridge) for (let q = 0; q < portDevices.length; q++) if (q !== p) portDevices[q].send(buf, 0, length);
      });
    });
    if (link) for (const d of fwDevices) d.onFrame((buf, length) => link.receive(pipeline, buf, length, now()));

    const probe = config.hostedFirewall.instance?.probe ?? null;
    if (probe !== null && link !== null) {
      // The probes own the state only while they hold the VM down: a VM the config (or nothing)
      // keeps down, booting or disabled stays so.
      let heldDown = false;
      prober = new Prober({
        address: formatAddress(probe.address.family, probe.address.words),
        intervalSeconds: probe.intervalSeconds,
        onDown: () => {
          if (pipeline.vm.state !== 'up') return;
          heldDown = true;
          pipeline.vm.forceState('down', now());
        },
        onUp: () => {
          if (!heldDown) return;
          heldDown = false;
          pipeline.vm.forceState('up', now());
        },
      });
      prober.start();
    }

    let ticks = 0;
    const timer = setInterval(() => {
      if (pipeline.waiting === 0 && ++ticks % IDLE_ADVANCE_TICKS !== 0) return;
      pipeline.clock[0] = now();
      pipeline.advance();
    }, TICK_MS);

    opts.onReady?.(describe(opts, prober !== null ? probe : null));
    await untilStopped(opts, stopSignals);
    stopping = true;
    if (link) await sleep(RETURN_GRACE_MS);
    clearInterval(timer);
    const endNs = now();

    const c = pipeline.counters;
    // SPEC: what waits in the ceiling's queue when live mode stops is `queued`.
    c.queued = pipeline.waiting;
    // Sent to the real firewall and never back: its drops (or still on the wire).
    const outAtEnd = Math.max(0, c.fwSent - c.fwReceived);
    c.dropped += outAtEnd;
    c.drops[DROP.fwNoReturn] += outAtEnd;

    const wallSeconds = endNs / 1e9;
    const summary = buildSummary(
      pipeline,
      {
        files: opts.ports.map((p) => `${p.iface}=${p.device}`),
        packets,
        bytes,
        first: firstNs >= 0 ? epochAtT0 + firstNs / 1e9 : null,
        last: firstNs >= 0 ? epochAtT0 + lastNs / 1e9 : null,
        truncated: false,
        outOfOrder: 0,
      },
      { wallSeconds, packetsPerSecond: wallSeconds > 0 ? Math.round(packets / wallSeconds) : 0, virtualSeconds: lastNs / 1e9 },
      lastNs,
    );
    const devices: LiveInfo['devices'] = {};
    for (const d of opened) devices[d.name] = { sent: d.sent, refused: d.refused, lastError: d.lastError };
    return {
      ...summary,
      live: {
        devices,
        firewall: external && link ? { ...external, returned: link.returned, ignored: link.ignored, outAtEnd } : 'stub',
        probe:
          prober !== null && probe !== null
            ? { address: formatAddress(probe.address.family, probe.address.words), intervalSeconds: probe.intervalSeconds, sent: prober.sent, replies: prober.replies, down: prober.down }
            : null,
      },
    };
  } finally {
    for (const off of stopSignals) off();
    prober?.stop();
    for (const d of opened) d.close();
  }
}

/** Each --port names an interface of the config, once. */
function checkPorts(opts: LiveOptions, names: readonly string[]): void {
  if (opts.ports.length === 0) throw chainsimError('CHAINSIM_USAGE', 'live: no --port IFACE=DEVICE given');
  const seen = new Set<string>();
  for (const p of opts.ports) {
    if (!names.includes(p.iface)) {
      throw chainsimError('CHAINSIM_USAGE', `live: --port ${p.iface}=${p.device}: no interface ${p.iface} in ${opts.config.file} (interfaces: ${names.join(', ')})`);
    }
    if (seen.has(p.iface)) throw chainsimError('CHAINSIM_USAGE', `live: interface ${p.iface} is given two --port devices`);
    seen.add(p.iface);
  }
}

function describe(opts: LiveOptions, probe: { address: { text: string }; intervalSeconds: number } | null): string {
  const parts = opts.ports.map((p) => `${p.iface}=${p.device}`);
  parts.push(opts.fw === 'stub' ? 'firewall stub' : `fw-if1=${opts.fw.if1}, fw-if2=${opts.fw.if2}`);
  if (probe !== null) parts.push(`probe ${probe.address.text} every ${probe.intervalSeconds}s`);
  return parts.join(', ');
}

/** Resolves on SIGINT, SIGTERM, the duration or the abort signal; `offs` gets the removers. */
function untilStopped(opts: LiveOptions, offs: (() => void)[]): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    offs.push(() => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
    if (opts.durationSeconds !== null) {
      const timer = setTimeout(stop, opts.durationSeconds * 1000);
      offs.push(() => clearTimeout(timer));
    }
    if (opts.signal) {
      if (opts.signal.aborted) return resolve();
      opts.signal.addEventListener('abort', stop, { once: true });
      offs.push(() => opts.signal!.removeEventListener('abort', stop));
    }
  });
}
