/**
 * `--cpu-prof`: the benchmark replay without outputs, with `--out-dir`, and with `--out-dir
 * --trace`, each under `node --cpu-prof` (profiles in bench/results/prof/, loadable in Chrome
 * DevTools), then each profile's self time by function and by source file, so a reader sees
 * which stage costs what. Self time of a sample is the time until the next sample (as DevTools counts it).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../policy/index.js';
import { benchCapture, resultsDir } from './capture-file.js';
import { measure } from './measure.js';
import { chainsimReplayArgs, parseSummary } from './replay-ab.js';
import { REPLAY_MBPS, REPLAY_PACKETS } from './replay-bench.js';
import { USECASE1_CONFIG } from './rules-config.js';

const CLI_MODULES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-modules.js');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a frame's code lives: repo-relative for ours, `node:…` or `(v8)` otherwise. */
function where(url: string): string {
  if (url === '') return '(v8/native)';
  if (url.startsWith('node:')) return url;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const rel = path.relative(path.join(packageRoot(), 'dist'), file);
  if (!rel.startsWith('..')) return rel.replace(/\.js$/, '.ts');
  const nm = file.lastIndexOf('node_modules/');
  return nm >= 0 ? file.slice(nm) : file;
}

/** Self time by function and by file, largest first. */
export function selfTimes(profile: CpuProfile): { functions: SelfTime[]; files: SelfTime[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i]!);
    if (!node || us <= 0) continue;
    const cf = node.callFrame;
    const loc = where(cf.url);
    const name = `${cf.functionName || '(anonymous)'}  ${loc}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const fileKey = cf.url ? loc : cf.functionName || '(anonymous)';
    file.set(fileKey, (file.get(fileKey) ?? 0) + us);
    total += us;
  }
  const sorted = (m: Map<string, number>): SelfTime[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: +(us / 1000).toFixed(1), share: +((us / total) * 100).toFixed(1) }));
  return { functions: sorted(fn), files: sorted(file), totalMs: +(total / 1000).toFixed(1) };
}

export interface ProfileReport {
  variant: string;
  profile: string;
  steadyPacketsPerSecond: number;
  totalMs: number;
  functions: SelfTime[];
  files: SelfTime[];
}

export function cpuProfile(top = 20): ProfileReport[] {
  const capture = benchCapture('imix', REPLAY_PACKETS, 1, REPLAY_MBPS);
  const dir = path.join(resultsDir, 'prof');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reports: ProfileReport[] = [];
  for (const [variant, extra] of [
    ['no-outputs', []],
    ['outputs', ['--out-dir', 'OUT']],
    ['outputs+trace', ['--out-dir', 'OUT', '--trace', 'TRACE']],
  ] as const) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'chainsim-bench-prof-'));
    const name = `replay-${variant}-${stamp}.cpuprofile`;
    try {
      const args = extra.map((a) => (a === 'OUT' ? path.join(tmp, 'out') : a === 'TRACE' ? path.join(tmp, 'trace.jsonl') : a));
      // The unbundled modules: with the bundle every function would sit in one file.
      const replayArgs = chainsimReplayArgs(capture, USECASE1_CONFIG, args).slice(1);
      const m = measure(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', name, CLI_MODULES, ...replayArgs]);
      const summary = parseSummary(m, `profiled replay (${variant})`);
      const t = selfTimes(JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile);
      const report = { variant, profile: path.relative(process.cwd(), path.join(dir, name)), steadyPacketsPerSecond: summary.run.packetsPerSecond, ...t };
      reports.push(report);
      printReport(report, top);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return reports;
}

function printReport(r: ProfileReport, top: number): void {
  console.log(`\nprofile: replay ${r.variant} (${r.totalMs} ms sampled; steady ${r.steadyPacketsPerSecond} packets/s under the profiler) → ${r.profile}`);
  console.log('  self time by source file:');
  for (const f of r.files.slice(0, 12)) console.log(`    ${f.share.toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
  console.log(`  top ${top} functions by self time:`);
  for (const f of r.functions.slice(0, top)) console.log(`    ${f.share.toFixed(1).padStart(5)} %  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}`);
}
