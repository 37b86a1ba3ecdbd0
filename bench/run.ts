/**
 * `npm run bench [-- --quick] [-- --only a,b,…] [-- --rounds N] [-- --cpu-prof] [-- --rss-gb N]`
 * (bench/README.md): the micro suites of every hot stage (tables of ops/s, p50/p99), the
 * whole-replay benchmark paired with tcpdump and tshark (`replay`), the scaling curves
 * (`scaling`: table and SVG), all saved as one JSON file in bench/results/. `--quick` shortens
 * everything and, without --only, runs just replay and scaling. `--cpu-prof` profiles the
 * replay (alone unless --only names more). `--rss-gb N` also walks an N-GB generated capture
 * and reports the reader's peak RSS. Exits 1 when a sanity check of the replay fails.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Bench } from 'tinybench';
import { openCapture } from '../dataplane/capture/index.js';
import { benchCapture, resultsDir } from './capture-file.js';
import { captureBench, captureRecordsPerSecond } from './suites/capture.js';
import { decodeBench, decodesPerSecond, type DecodeBenchFrame } from './suites/decode.js';
import { classifyBench, classifyRates } from './suites/classify.js';
import { connTableBench } from './suites/conntable.js';
import { firewallBench } from './suites/firewall.js';
import { ceilingBench, ceilingOfferRates } from './suites/ceiling.js';
import { traceBench, traceLineRates } from './suites/trace.js';
import { captureWriteBench, captureWriteRates } from './suites/capture-write.js';
import { REPLAY_MBPS, replayBench, printChecks, type Check } from './replay-bench.js';
import { scalingBench, writeSvg } from './scaling.js';
import { cpuProfile } from './cpu-prof.js';

const SECTIONS = ['capture', 'decode', 'classify', 'conntable', 'firewall', 'ceiling', 'trace', 'capture-write', 'replay', 'scaling'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'rss-gb': { type: 'string' },
    rounds: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const quick = values.quick ?? false;
const profile = values['cpu-prof'] ?? false;
// --quick alone is the headline run (replay + scaling, within two minutes); the micro suites
// run in the full run or when --only names them.
const only = values.only ? new Set(values.only.split(',')) : profile ? new Set<string>() : quick ? new Set(['replay', 'scaling']) : null;
for (const name of only ?? []) {
  if (!SECTIONS.includes(name)) throw new Error(`bench: --only ${name}: not one of ${SECTIONS.join(', ')}`);
}
const wanted = (name: string): boolean => only === null || only.has(name);
const rounds = values.rounds ? Number(values.rounds) : 5;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`bench: --rounds ${values.rounds}: a whole number ≥ 1`);

interface Row {
  suite: string;
  task: string;
  opsPerSecond: number;
  p50us: number | null;
  p99us: number | null;
  note?: string;
}
const rows: Row[] = [];

function collect(suite: string, bench: Bench): void {
  for (const task of bench.tasks) {
    const r = task.result;
    if (!r || r.state !== 'completed') {
      rows.push({ suite, task: task.name, opsPerSecond: 0, p50us: null, p99us: null, note: `not completed (${r?.state})` });
      continue;
    }
    rows.push({
      suite,
      task: task.name,
      opsPerSecond: Math.round(r.throughput.mean),
      p50us: r.latency.p50 === undefined ? null : +(r.latency.p50 * 1000).toFixed(3),
      p99us: r.latency.p99 === undefined ? null : +(r.latency.p99 * 1000).toFixed(3),
    });
  }
}

/** The first `count` frames of a capture, copied into one buffer as a reader hands them over. */
function framesOf(file: string, count: number): DecodeBenchFrame[] {
  const reader = openCapture(file);
  const chunks: Buffer[] = [];
  const meta: { len: number; linkType: number }[] = [];
  for (let r = reader.next(); r !== null && meta.length < count; r = reader.next()) {
    chunks.push(Buffer.from(r.data.subarray(r.start, r.start + r.caplen)));
    meta.push({ len: r.caplen, linkType: r.linkType });
  }
  reader.close();
  const buf = Buffer.concat(chunks);
  let at = 0;
  return meta.map((m) => {
    const frame = { buf, start: at, len: m.len, linkType: m.linkType };
    at += m.len;
    return frame;
  });
}

/** Walks a capture in a child process (bench/walk.ts), so its peak RSS is the reader's alone. */
function peakRssWalk(file: string): { records: number; seconds: number; peakRssMB: number } {
  const res = spawnSync(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'walk.js'), file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`bench: walking ${file} failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as { records: number; seconds: number; peakRssMB: number };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadStart = os.loadavg();
  const packets = quick ? 200_000 : 1_000_000;
  const micro = SECTIONS.slice(0, 8).some(wanted);
  // The replay benchmark's parameters (gen's imix default rate, said explicitly): at 1M
  // packets the micro suites and the replay share one file.
  const imix = micro ? benchCapture('imix', packets, 1, REPLAY_MBPS) : '';
  const summary: Record<string, number> = {};
  const extra: Record<string, unknown> = {};
  const checks: Check[] = [];

  if (wanted('capture')) {
    const bench = await captureBench(imix, quick);
    collect('capture', bench);
    summary.captureWalkRecordsPerSecond = Math.round(captureRecordsPerSecond(bench));
  }
  if (wanted('decode')) {
    const frames = framesOf(imix, quick ? 50_000 : 200_000);
    const bench = await decodeBench(frames, quick);
    collect('decode', bench);
    summary.decodesPerSecond = Math.round(decodesPerSecond(bench, frames.length));
  }
  if (wanted('classify')) {
    const bench = await classifyBench(quick);
    collect('classify', bench);
    // Per lookup, and compiled / reference by rule shape and count (issue 3's acceptance line).
    const rates = new Map(classifyRates(bench).map((r) => [r.task.replace(/ ×\d+$/, ''), r]));
    for (const [name, r] of rates) {
      if (!name.startsWith('compiled ')) continue;
      const ref = rates.get(name.replace('compiled', 'reference'));
      const key = name.replace('compiled ', '').replace(/ /g, '_');
      summary[`classify_${key}_nsPerLookup`] = Math.round(r.nsPerLookup);
      if (ref) summary[`classify_${key}_compiledOverReference`] = +(r.lookupsPerSecond / ref.lookupsPerSecond).toFixed(1);
    }
  }
  if (wanted('conntable')) collect('conntable', await connTableBench(quick));
  if (wanted('firewall')) collect('firewall', await firewallBench(quick));
  if (wanted('ceiling')) {
    const bench = await ceilingBench(quick);
    collect('ceiling', bench);
    ceilingOfferRates(bench).forEach((r, i) => (summary[`ceiling_${i === 0 ? 'police' : 'shape'}_nsPerOffer`] = r.nsPerOffer));
  }
  if (wanted('trace')) {
    const bench = await traceBench(quick);
    collect('trace', bench);
    const [line, sink] = traceLineRates(bench);
    if (line) summary.trace_format_nsPerLine = line.nsPerLine;
    if (sink) summary.trace_formatAndSink_nsPerLine = sink.nsPerLine;
  }
  if (wanted('capture-write')) {
    const bench = await captureWriteBench(framesOf(imix, quick ? 20_000 : 100_000), quick);
    collect('capture-write', bench);
    const keys = ['pcap', 'pcapng', 'pcapngComment'];
    captureWriteRates(bench).forEach((r, i) => (summary[`captureWrite_${keys[i]}_nsPerRecord`] = r.nsPerRecord));
  }
  if (rows.length > 0) {
    console.table(rows.map((r) => ({ ...r, opsPerSecond: r.opsPerSecond.toLocaleString('en-US') })));
    console.log('summary:', summary);
  }

  if (wanted('replay')) {
    const r = replayBench(quick, rounds);
    extra.replay = r.json;
    checks.push(...r.checks);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(resultsDir, { recursive: true });
  if (wanted('scaling')) {
    const r = scalingBench(quick);
    const svg = writeSvg(r.svg, stamp);
    console.log(`chart: ${path.relative(process.cwd(), svg)}`);
    extra.scaling = { points: r.points, svg: path.relative(process.cwd(), svg), rssAt1MConnections: r.rssAt1MConnections };
    if (r.rssAt1MConnections !== null) {
      const c: Check = { kind: 'acceptance', ok: r.rssAt1MConnections <= 400, text: `peak RSS with 1M live connections ${r.rssAt1MConnections} MB (need ≤ 400 MB)` };
      checks.push(c);
      printChecks([c]);
    }
  }
  if (profile) extra.profile = cpuProfile();

  const gb = values['rss-gb'] ? Number(values['rss-gb']) : 0;
  if (gb > 0) {
    // ~338 bytes per imix packet: enough packets for the size asked.
    const big = benchCapture('imix', Math.ceil((gb * 1e9) / 330));
    const walk = peakRssWalk(big);
    summary.bigWalkRecords = walk.records;
    summary.bigWalkRecordsPerSecond = Math.round(walk.records / walk.seconds);
    summary.bigWalkPeakRssMB = Math.round(walk.peakRssMB);
    console.log(`walk of ${path.basename(big)}: ${walk.records} records, ${summary.bigWalkRecordsPerSecond} records/s, peak RSS ${summary.bigWalkPeakRssMB} MB`);
  }

  const seconds = (Date.now() - started) / 1000;
  const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? '', loadavgStart: loadStart, loadavgEnd: os.loadavg() };
  const out = path.join(resultsDir, `bench-${stamp}.json`);
  writeFileSync(out, JSON.stringify({ quick, node: process.version, machine, seconds, rows, summary, ...extra, checks }, null, 2) + '\n');
  console.log(`\nresults: ${path.relative(process.cwd(), out)} (${seconds.toFixed(0)} s; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} at start, ${machine.loadavgEnd.map((l) => l.toFixed(1)).join(' ')} at end, ${machine.cpus} CPUs)`);
  const failed = checks.filter((c) => c.kind === 'sanity' && !c.ok);
  if (failed.length > 0) {
    for (const c of failed) console.log(`FAIL: ${c.text}`);
    process.exitCode = 1;
  }
}

await main();
