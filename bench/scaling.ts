/**
 * `--only scaling`: chainsim's cost per packet (no outputs, use case 1) as the input grows along
 * one axis at a time —
 *   packets      imix captures of 10k → 10M packets (10k flows per million; --quick: to 1M);
 *   connections  1k → 1M concurrent TCP connections (conn-capture.ts: the packet count is
 *                1M, or two per connection where that is more, so at 1M connections every
 *                packet opens or answers one);
 *   rules        10 → 10,000 policy rules in front of the use case's redirect rules
 *                (rules-config.ts), on the 1M-packet imix capture.
 * Each point is a whole `chainsim replay` process; ns/packet is from its steady state
 * (1e9 / run.packetsPerSecond: the packet loop, start-up and config load excluded), the median
 * of `reps` runs, with the whole-process figure and peak RSS beside it. Writes a table to stdout
 * and an SVG chart.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchCapture, resultsDir } from './capture-file.js';
import { connCapture, connCapturePackets } from './conn-capture.js';
import { measure } from './measure.js';
import { chainsimReplayArgs, parseSummary } from './replay-ab.js';
import { REPLAY_MBPS } from './replay-bench.js';
import { USECASE1_CONFIG, rulesConfig } from './rules-config.js';
import { median, si } from './stats.js';
import { lineChartSvg } from './svg-chart.js';

export type Curve = 'packets' | 'connections' | 'rules';

export interface Point {
  curve: Curve;
  x: number;
  packets: number;
  reps: number;
  /** Median of 1e9 / run.packetsPerSecond. */
  nsPerPacket: number;
  /** Median whole-process wall time per packet (start-up, config load and lint included). */
  nsPerPacketWhole: number;
  peakRssMB: number | null;
  connectionsPeak: number;
}

function point(curve: Curve, x: number, capture: string, config: string, reps: number): Point {
  const steady: number[] = [];
  const whole: number[] = [];
  let rss: number | null = null;
  let packets = 0;
  let peak = 0;
  for (let i = 0; i < reps; i++) {
    const m = measure(process.execPath, chainsimReplayArgs(capture, config));
    const s = parseSummary(m, `replay ${path.basename(capture)}`);
    packets = s.input.packets;
    peak = s.connections.peak;
    steady.push(1e9 / s.run.packetsPerSecond);
    whole.push((m.wallSeconds * 1e9) / packets);
    if (m.peakRssMB !== null) rss = Math.max(rss ?? 0, m.peakRssMB);
  }
  const p: Point = {
    curve,
    x,
    packets,
    reps,
    nsPerPacket: Math.round(median(steady)),
    nsPerPacketWhole: Math.round(median(whole)),
    peakRssMB: rss,
    connectionsPeak: peak,
  };
  process.stderr.write(`bench: scaling ${curve} ${si(x)}: ${p.nsPerPacket} ns/packet steady, ${p.nsPerPacketWhole} whole, ${rss ?? '?'} MB\n`);
  return p;
}

export interface ScalingResult {
  points: Point[];
  svg: string;
  /** Peak RSS of the replay holding 1M live connections (null if that point was not run). */
  rssAt1MConnections: number | null;
}

export function scalingBench(quick: boolean): ScalingResult {
  const reps = quick ? 1 : 3;
  const points: Point[] = [];
  const packetSizes = quick ? [10_000, 100_000, 1_000_000] : [10_000, 100_000, 1_000_000, 10_000_000];
  for (const n of packetSizes) {
    points.push(point('packets', n, benchCapture('imix', n, 1, REPLAY_MBPS), USECASE1_CONFIG, n >= 10_000_000 ? 1 : reps));
  }
  // 1M packets at least: shorter replays are dominated by JIT warm-up (the packets curve shows it).
  const basePackets = 1_000_000;
  for (const flows of [1_000, 10_000, 100_000, 1_000_000]) {
    const packets = connCapturePackets(flows, basePackets);
    points.push(point('connections', flows, connCapture(flows, packets), USECASE1_CONFIG, flows >= 1_000_000 ? 1 : reps));
  }
  const rulesCapture = benchCapture('imix', 1_000_000, 1, REPLAY_MBPS);
  for (const rules of [10, 100, 1_000, 10_000]) points.push(point('rules', rules, rulesCapture, rulesConfig(rules), reps));

  console.log('\nscaling: ns per packet, chainsim replay without outputs, use case 1 (steady = packet loop; whole = process)');
  console.table(
    points.map((p) => ({
      curve: p.curve,
      x: si(p.x),
      packets: si(p.packets),
      'ns/packet steady': p.nsPerPacket,
      'ns/packet whole': p.nsPerPacketWhole,
      'peak RSS MB': p.peakRssMB ?? 'n/a',
      'connections peak': p.connectionsPeak,
      reps: p.reps,
    })),
  );
  const svg = lineChartSvg(
    'chainsim replay: cost per packet (steady state)',
    'packets in the capture / concurrent connections / policy rules (log)',
    'ns per packet (log)',
    (['packets', 'connections', 'rules'] as const).map((c) => ({
      name: c === 'packets' ? 'packets (imix)' : c === 'connections' ? 'connections' : 'rules',
      points: points.filter((p) => p.curve === c).map((p) => ({ x: p.x, y: p.nsPerPacket })),
    })),
  );
  const at1M = points.find((p) => p.curve === 'connections' && p.x === 1_000_000);
  return { points, svg, rssAt1MConnections: at1M?.peakRssMB ?? null };
}

export function writeSvg(svg: string, stamp: string): string {
  const file = path.join(resultsDir, `scaling-${stamp}.svg`);
  writeFileSync(file, svg);
  return file;
}
