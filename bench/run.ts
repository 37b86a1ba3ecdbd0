/**
 * `npm run bench [-- --quick] [-- --only capture,decode,…] [-- --rss-gb N]`: the micro suites of
 * every hot stage, printed as tables (ops/s, p50/p99) and saved as JSON in bench/results/.
 * `--rss-gb N` also walks an N-GB generated capture and reports the reader's peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
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

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'rss-gb': { type: 'string' },
  },
});
const quick = values.quick ?? false;
const only = values.only ? new Set(values.only.split(',')) : null;
const wanted = (name: string): boolean => only === null || only.has(name);

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
  const packets = quick ? 200_000 : 1_000_000;
  const imix = benchCapture('imix', packets);
  const summary: Record<string, number> = {};

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

  const gb = values['rss-gb'] ? Number(values['rss-gb']) : 0;
  if (gb > 0) {
    // ~338 bytes per imix packet: enough packets for the size asked.
    const big = benchCapture('imix', Math.ceil((gb * 1e9) / 330));
    const walk = peakRssWalk(big);
    summary.bigWalkRecords = walk.records;
    summary.bigWalkRecordsPerSecond = Math.round(walk.records / walk.seconds);
    summary.bigWalkPeakRssMB = Math.round(walk.peakRssMB);
  }

  console.table(rows.map((r) => ({ ...r, opsPerSecond: r.opsPerSecond.toLocaleString('en-US') })));
  console.log('summary:', summary);
  mkdirSync(resultsDir, { recursive: true });
  const out = path.join(resultsDir, `micro-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ quick, node: process.version, rows, summary }, null, 2) + '\n');
  console.log(`results: ${path.relative(process.cwd(), out)}`);
}

await main();
