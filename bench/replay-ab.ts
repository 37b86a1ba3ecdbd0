/**
 * The whole-replay benchmark: the same capture through chainsim and through the tools users
 * know, each a whole process (spawn and Node start-up included), interleaved A B C D A B C D …
 * so that drifting machine load hits every tool alike, after one untimed warm-up each (page
 * cache, code cache). Variants:
 *   A chainsim replay, use case 1 config, no outputs      — paired with C (tcpdump -r -w)
 *   B the same with --out-dir and --trace                  — paired with D (tshark -r -w)
 *   E the same with --out-dir only (full mode)             — paired with D: the aim
 *     compares writing output captures with tshark, the trace being benchmarked on its own
 *   C tcpdump -r F -w /dev/null, D tshark -r F -w /dev/null
 * Ratios are chainsim packets/s over the other tool's in the same round (min/median/max over
 * the rounds). chainsim's own steady state (`run.packetsPerSecond`: the packet loop only) is
 * reported beside its whole-process rate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageRoot } from '../policy/index.js';
import { haveTool, measure, type Measured } from './measure.js';
import { spread, type Spread } from './stats.js';

export type VariantKey = 'A' | 'B' | 'E' | 'C' | 'D';

export interface Variant {
  key: VariantKey;
  label: string;
  cmd: string;
  args: (capture: string, config: string, tmp: string) => string[];
  chainsim: boolean;
}

export const CHAINSIM_CLI = path.join(packageRoot(), 'dataplane', 'cli', 'chainsim.mjs');

/** chainsim replay with the summary as JSON (no progress bar: stderr is not a terminal anyway). */
export function chainsimReplayArgs(capture: string, config: string, extra: readonly string[] = []): string[] {
  return [CHAINSIM_CLI, 'replay', capture, '--config', config, '--json', '--no-progress', ...extra];
}

export const VARIANTS: Record<VariantKey, Variant> = {
  A: { key: 'A', label: 'chainsim replay (no outputs)', cmd: process.execPath, chainsim: true, args: (f, c) => chainsimReplayArgs(f, c) },
  B: {
    key: 'B',
    label: 'chainsim replay --out-dir --trace',
    cmd: process.execPath,
    chainsim: true,
    args: (f, c, t) => chainsimReplayArgs(f, c, ['--out-dir', path.join(t, 'out'), '--trace', path.join(t, 'trace.jsonl')]),
  },
  E: {
    key: 'E',
    label: 'chainsim replay --out-dir (no trace)',
    cmd: process.execPath,
    chainsim: true,
    args: (f, c, t) => chainsimReplayArgs(f, c, ['--out-dir', path.join(t, 'out')]),
  },
  C: { key: 'C', label: 'tcpdump -r F -w /dev/null', cmd: 'tcpdump', chainsim: false, args: (f) => ['-r', f, '-w', '/dev/null'] },
  D: { key: 'D', label: 'tshark -r F -w /dev/null', cmd: 'tshark', chainsim: false, args: (f) => ['-r', f, '-w', '/dev/null'] },
};

/** What chainsim's summary says (the keys the benchmark reads). */
export interface ReplaySummary {
  input: { packets: number; bytes: number };
  run: { wallSeconds: number; packetsPerSecond: number };
  hostedFirewall: { packetsSent: number; packetsDropped: number; drops: Record<string, number> };
  drops: Record<string, number>;
  connections: { peak: number; active: number };
}

export interface Run {
  round: number;
  variant: VariantKey;
  wallSeconds: number;
  packetsPerSecond: number;
  peakRssMB: number | null;
  /** chainsim only: run.packetsPerSecond of its summary. */
  steadyPacketsPerSecond: number | null;
}

export interface AbOptions {
  capture: string;
  config: string;
  packets: number;
  rounds: number;
  variants: readonly VariantKey[];
  /** Variants warmed up (one untimed run each) before the timed rounds. */
  warmup: readonly VariantKey[];
}

export interface AbResult {
  variants: { key: VariantKey; label: string }[];
  missing: string[];
  runs: Run[];
  perVariant: Partial<Record<VariantKey, { packetsPerSecond: Spread; wallSeconds: Spread; peakRssMB: number | null; steadyPacketsPerSecond: Spread | null }>>;
  /** chainsim variant over paired tool, per round. */
  ratios: Record<string, { perRound: number[]; spread: Spread }>;
  /** The first chainsim A summary (for the sanity check). */
  summaryA: ReplaySummary | null;
}

/** One chainsim run: the parsed summary, or an Error naming what went wrong. */
export function parseSummary(m: Measured, label: string): ReplaySummary {
  if (m.status !== 0) throw new Error(`bench: ${label} exited ${m.status}: ${m.stderr.trim().slice(-2000)}`);
  try {
    return JSON.parse(m.stdout) as ReplaySummary;
  } catch {
    throw new Error(`bench: ${label} did not print one JSON summary: ${m.stdout.slice(0, 200)}`);
  }
}

function runOnce(v: Variant, opts: AbOptions): { m: Measured; summary: ReplaySummary | null } {
  const tmp = mkdtempSync(path.join(tmpdir(), 'chainsim-bench-'));
  try {
    const m = measure(v.cmd, v.args(opts.capture, opts.config, tmp));
    if (!v.chainsim && m.status !== 0) throw new Error(`bench: ${v.label} exited ${m.status}: ${m.stderr.trim().slice(-500)}`);
    const summary = v.chainsim ? parseSummary(m, v.label) : null;
    if (summary && summary.input.packets !== opts.packets) {
      throw new Error(`bench: ${v.label} read ${summary.input.packets} packets, the capture has ${opts.packets}`);
    }
    return { m, summary };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const PAIRS: readonly [VariantKey, VariantKey][] = [
  ['A', 'C'],
  ['B', 'D'],
  ['E', 'D'],
];

export function replayAb(opts: AbOptions): AbResult {
  const missing: string[] = [];
  const variants = opts.variants
    .map((k) => VARIANTS[k])
    .filter((v) => {
      if (v.chainsim || haveTool(v.cmd)) return true;
      missing.push(v.cmd);
      return false;
    });
  for (const v of variants) {
    if (!opts.warmup.includes(v.key)) continue;
    process.stderr.write(`bench: warm-up ${v.key} ${v.label}\n`);
    runOnce(v, opts);
  }
  const runs: Run[] = [];
  let summaryA: ReplaySummary | null = null;
  for (let round = 1; round <= opts.rounds; round++) {
    const line: string[] = [];
    for (const v of variants) {
      const { m, summary } = runOnce(v, opts);
      if (v.key === 'A' && summaryA === null) summaryA = summary;
      const pps = opts.packets / m.wallSeconds;
      runs.push({
        round,
        variant: v.key,
        wallSeconds: +m.wallSeconds.toFixed(4),
        packetsPerSecond: Math.round(pps),
        peakRssMB: m.peakRssMB,
        steadyPacketsPerSecond: summary ? summary.run.packetsPerSecond : null,
      });
      line.push(`${v.key} ${m.wallSeconds.toFixed(2)} s`);
    }
    process.stderr.write(`bench: round ${round}/${opts.rounds}: ${line.join(', ')}\n`);
  }

  const perVariant: AbResult['perVariant'] = {};
  for (const v of variants) {
    const mine = runs.filter((r) => r.variant === v.key);
    const rss = mine.map((r) => r.peakRssMB).filter((x): x is number => x !== null);
    const steady = mine.map((r) => r.steadyPacketsPerSecond).filter((x): x is number => x !== null);
    perVariant[v.key] = {
      packetsPerSecond: spread(mine.map((r) => r.packetsPerSecond), 0),
      wallSeconds: spread(mine.map((r) => r.wallSeconds), 3),
      peakRssMB: rss.length > 0 ? Math.max(...rss) : null,
      steadyPacketsPerSecond: steady.length > 0 ? spread(steady, 0) : null,
    };
  }
  const ratios: AbResult['ratios'] = {};
  for (const [mine, theirs] of PAIRS) {
    if (!variants.some((v) => v.key === mine) || !variants.some((v) => v.key === theirs)) continue;
    const perRound: number[] = [];
    for (let round = 1; round <= opts.rounds; round++) {
      const a = runs.find((r) => r.round === round && r.variant === mine)!;
      const b = runs.find((r) => r.round === round && r.variant === theirs)!;
      perRound.push(+(a.packetsPerSecond / b.packetsPerSecond).toFixed(3));
    }
    ratios[`${mine}/${theirs}`] = { perRound, spread: spread(perRound) };
  }
  return {
    variants: variants.map((v) => ({ key: v.key, label: v.label })),
    missing,
    runs,
    perVariant,
    ratios,
    summaryA,
  };
}
