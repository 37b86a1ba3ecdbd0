/**
 * `chainsim live`: the replay dataplane on real devices and the wall clock (SPEC: live). Each
 * `--port` device feeds the one Pipeline (ingress: the port's interface); forwarded frames
 * leave unchanged on the egress interface's device; non-IP frames are bridged to the other
 * ports. The hosted firewall is the in-process stub or a real one over two devices; with a real
 * one and `instance.probe`, ICMP probes decide whether the VM is processing. A 1 ms timer moves
 * the clock while packets wait (ceiling queue, firewall latency). The run ends on SIGINT,
 * SIGTERM, `durationSeconds` or `signal`, and returns replay's summary.
 *
 * Time 0 of the pipeline is the first frame read, as in replay (the first packet): the
 * summary's rates divide by the traffic's span, not by the idle time before it. Times are when
 * chainsim reads a frame (cap gives no kernel timestamp): a busy loop reads a backlog in a
 * burst, which the ceiling sees as such.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
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

export interface LiveDeviceInfo {
  sent: number;
  refused: number;
  lastError: string | null;
  /** Frames read from the device's capture. */
  received: number;
  /** Frames the kernel received on it and chainsim never read (capture ring full); null: unknown. */
  captureDrops: number | null;
}

export interface LiveInfo {
  devices: Record<string, LiveDeviceInfo>;
  /**
   * `captureDrops`: frames lost by the captures of fw-if1 and fw-if2 — the firewall returned
   * them and chainsim did not read them, so they are among `outAtEnd` (fw-no-return) without
   * being the firewall's drops.
   */
  firewall: 'stub' | { if1: string; if2: string; returned: number; ignored: number; outAtEnd: number; captureDrops: number | null };
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
  let timer: NodeJS.Timeout | null = null;
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
    // The pipeline's time 0: the first frame read (any device); before it the clock stays at 0.
    let originMs = -1;
    let epochAtOrigin = 0;
    const now = (): number => (originMs < 0 ? 0 : Math.round((performance.now() - originMs) * 1e6));
    const frameNow = (): number => {
      if (originMs < 0) {
        originMs = performance.now();
        epochAtOrigin = Date.now() / 1000;
      }
      return now();
    };
    let stopping = false;
    let packets = 0;
    let bytes = 0;
    let firstNs = -1;
    let lastNs = 0;

    portDevices.forEach((device, p) => {
      const iface = tables.interfaceIndex(opts.ports[p].iface);
      device.onFrame((buf, length) => {
        if (stopping) return;
        const t = frameNow();
        pipeline.clock[0] = t;
        pipeline.advance();
        // A packet that waits (ceiling queue, firewall latency) finishes later: the flag must
        // not keep the previous packet's answer.
        ports.bridge = false;
        pipeline.ingest(buf, 0, length, length, LINKTYPE.EN10MB, iface, -1);
        packets++;
        bytes += length;
        lastNs = t;
        if (firstNs < 0) firstNs = t;
        // Bridged frames (ARP) go to every other port, never to the firewall links.
        if (ports.bridge) for (let q = 0; q < portDevices.length; q++) if (q !== p) portDevices[q].send(buf, 0, length);
      });
    });
    if (link) for (const d of fwDevices) d.onFrame((buf, length) => link.receive(pipeline, buf, length, frameNow()));

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
    timer = setInterval(() => {
      if (pipeline.waiting === 0 && ++ticks % IDLE_ADVANCE_TICKS !== 0) return;
      pipeline.clock[0] = now();
      pipeline.advance();
    }, TICK_MS);

    opts.onReady?.(describe(opts, prober !== null ? probe : null));
    await untilStopped(opts, stopSignals);
    stopping = true;
    if (link) await sleep(RETURN_GRACE_MS);
    clearInterval(timer);
    // Capture losses: the kernel counters first, then two loop turns, so that every frame that
    // had arrived by then has been read (an I/O phase drains each ready capture completely).
    const captureDrops = new Map<Device, number | null>();
    const rxMarks = opened.map((d) => d.kernelRx());
    await nextTurn();
    await nextTurn();
    opened.forEach((d, i) => captureDrops.set(d, d.captureDropsAt(rxMarks[i])));
    const wallSeconds = (performance.now() - t0) / 1e3;

    const c = pipeline.counters;
    // SPEC: what waits in the ceiling's queue when live mode stops is `queued`.
    c.queued = pipeline.waiting;
    // Sent to the real firewall and never back: its drops (or still on the wire).
    const outAtEnd = Math.max(0, c.fwSent - c.fwReceived);
    c.dropped += outAtEnd;
    c.drops[DROP.fwNoReturn] += outAtEnd;

    const summary = buildSummary(
      pipeline,
      {
        files: opts.ports.map((p) => `${p.iface}=${p.device}`),
        packets,
        bytes,
        first: firstNs >= 0 ? epochAtOrigin + firstNs / 1e9 : null,
        last: firstNs >= 0 ? epochAtOrigin + lastNs / 1e9 : null,
        truncated: false,
        outOfOrder: 0,
      },
      { wallSeconds, packetsPerSecond: wallSeconds > 0 ? Math.round(packets / wallSeconds) : 0, virtualSeconds: lastNs / 1e9 },
      // SPEC: offered = offered bits / the input's span (first to last packet read on a port).
      firstNs >= 0 ? lastNs - firstNs : 0,
    );
    const devices: LiveInfo['devices'] = {};
    for (const d of opened) {
      devices[d.name] = { sent: d.sent, refused: d.refused, lastError: d.lastError, received: d.received, captureDrops: captureDrops.get(d) ?? null };
    }
    const fwCaptureDrops = sumKnown(fwDevices.map((d) => captureDrops.get(d) ?? null));
    warnCaptureDrops(opts, opened, captureDrops, external !== null ? { fwDevices, outAtEnd, fwCaptureDrops } : null);
    return {
      ...summary,
      live: {
        devices,
        firewall: external && link ? { ...external, returned: link.returned, ignored: link.ignored, outAtEnd, captureDrops: fwCaptureDrops } : 'stub',
        probe:
          prober !== null && probe !== null
            ? { address: formatAddress(probe.address.family, probe.address.words), intervalSeconds: probe.intervalSeconds, sent: prober.sent, replies: prober.replies, down: prober.down }
            : null,
      },
    };
  } finally {
    if (timer !== null) clearInterval(timer);
    for (const off of stopSignals) off();
    prober?.stop();
    for (const d of opened) d.close();
  }
}

/** The sum of the known counts; null when none is known. */
function sumKnown(counts: readonly (number | null)[]): number | null {
  let sum: number | null = null;
  for (const n of counts) if (n !== null) sum = (sum ?? 0) + n;
  return sum;
}

/**
 * Says on the warning channel which devices lost frames at capture, and — for the firewall
 * links — that those frames are inside fw-no-return without being the firewall's drops.
 */
function warnCaptureDrops(
  opts: LiveOptions,
  devices: readonly Device[],
  drops: ReadonlyMap<Device, number | null>,
  fw: { fwDevices: readonly Device[]; outAtEnd: number; fwCaptureDrops: number | null } | null,
): void {
  const lossy = devices.filter((d) => (drops.get(d) ?? 0) > 0);
  if (lossy.length === 0) return;
  const list = lossy.map((d) => `${d.name} ${drops.get(d)} of ${d.received + (drops.get(d) ?? 0)}`).join(', ');
  opts.onWarning?.(
    `capture lost frames the kernel received (${list}): the capture ring overflowed while chainsim was busy ` +
      '(cap reads a device until its ring is empty, so while a port receives faster than chainsim processes, the other devices wait); ' +
      'counters miss them. Give chainsim more CPU or less traffic, a larger --buffer, or turn the devices\' offloads off (ethtool -K DEV gro off gso off tso off: libpcap then sizes ring slots for the MTU, not 64 KiB)',
  );
  if (fw !== null && (fw.fwCaptureDrops ?? 0) > 0) {
    opts.onWarning?.(
      `up to ${Math.min(fw.fwCaptureDrops ?? 0, fw.outAtEnd)} of the ${fw.outAtEnd} fw-no-return frames were lost by chainsim's capture on ${fw.fwDevices.map((d) => d.name).join('/')}, not by the firewall (live.firewall.captureDrops)`,
    );
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
