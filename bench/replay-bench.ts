/**
 * `--only replay`: makes (or reuses) the benchmark capture — `chainsim gen --profile imix
 * --packets 1000000 --seed 1 --mbps 300`, 10k flows — checks it is what the issue asks (~22 %
 * VLAN, ~11 % IPv6), runs the paired replay benchmark (replay-ab.ts), prints it, checks that
 * the replay does the real work (≥ 90 % redirected, rate-ceiling drops: a FAIL makes the run
 * exit non-zero) and the acceptance lines and aims, and returns everything as JSON.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { inspectCapture } from '../dataplane/inspect/index.js';
import { loadConfig, loadDefaultConfig, packageRoot } from '../policy/index.js';
import { benchCapture } from './capture-file.js';
import { rssMethod } from './measure.js';
import { replayAb, VARIANTS, type AbResult, type ReplaySummary, type VariantKey } from './replay-ab.js';
import { USECASE1_CONFIG } from './rules-config.js';
import { formatSpread, si } from './stats.js';

export const REPLAY_PACKETS = 1_000_000;
export const REPLAY_MBPS = 300;

export interface CaptureFacts {
  file: string;
  packets: number;
  bytes: number;
  mbps: number;
  connections: number;
  vlanShare: number;
  ipv6Share: number;
}

/** inspect's view of a capture, cached beside it (the capture never changes under its name). */
export function captureFacts(file: string): CaptureFacts {
  const cache = `${file}.facts.json`;
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as CaptureFacts;
  const r = inspectCapture(file);
  const tagged = Object.values(r.vlans.outer).reduce((a, b) => a + b, 0);
  const facts: CaptureFacts = {
    file: path.relative(packageRoot(), file),
    packets: r.packets,
    bytes: r.bytes,
    mbps: r.mbps === null ? 0 : +r.mbps.toFixed(1),
    connections: r.connections,
    vlanShare: +(tagged / r.packets).toFixed(4),
    ipv6Share: +(r.protocols.ipv6 / r.packets).toFixed(4),
  };
  writeFileSync(cache, JSON.stringify(facts, null, 2) + '\n');
  return facts;
}

export interface Check {
  kind: 'sanity' | 'acceptance' | 'aim' | 'capture';
  ok: boolean;
  text: string;
}

function sanity(summary: ReplaySummary | null): Check[] {
  if (summary === null) return [{ kind: 'sanity', ok: false, text: 'no chainsim summary to check' }];
  const hf = summary.hostedFirewall;
  const redirected = hf.packetsSent + hf.packetsDropped;
  const share = redirected / summary.input.packets;
  const ceiling = summary.drops['rate-ceiling'] ?? 0;
  return [
    {
      kind: 'sanity',
      ok: share >= 0.9,
      text: `redirected (hostedFirewall.packetsSent + packetsDropped) ${redirected} of ${summary.input.packets} = ${(share * 100).toFixed(1)} % (need ≥ 90 %)`,
    },
    { kind: 'sanity', ok: ceiling > 0, text: `rate-ceiling drops ${ceiling} (need > 0: the capture offers ~${REPLAY_MBPS} Mbit/s)` },
  ];
}

function judged(ab: AbResult): Check[] {
  const checks: Check[] = [];
  const ratio = (k: string): number | null => ab.ratios[k]?.spread.median ?? null;
  const ac = ratio('A/C');
  if (ac !== null) {
    checks.push({ kind: 'acceptance', ok: ac >= 0.25, text: `replay without outputs ${ac.toFixed(2)} × tcpdump (median, whole process; need ≥ 0.25)` });
    checks.push({ kind: 'aim', ok: ac >= 0.5, text: `replay without outputs ${ac.toFixed(2)} × tcpdump (aim ≥ 0.5)` });
  }
  const rssA = ab.perVariant.A?.peakRssMB ?? null;
  if (rssA !== null) checks.push({ kind: 'acceptance', ok: rssA <= 200, text: `peak RSS, 1M-packet replay ${rssA} MB (need ≤ 200 MB)` });
  const ed = ratio('E/D');
  if (ed !== null) checks.push({ kind: 'aim', ok: ed >= 0.8, text: `replay writing output captures ${ed.toFixed(2)} × tshark -r -w (aim ≥ 0.8)` });
  const bd = ratio('B/D');
  if (bd !== null) checks.push({ kind: 'aim', ok: bd >= 0.8, text: `replay writing output captures and the trace ${bd.toFixed(2)} × tshark -r -w (for reference: the aim is for captures alone)` });
  return checks;
}

export function printChecks(checks: readonly Check[]): void {
  for (const c of checks) {
    const word = c.kind === 'aim' ? (c.ok ? 'met' : 'MISSED') : c.ok ? 'PASS' : 'FAIL';
    console.log(`${c.kind.padEnd(10)} ${word.padEnd(6)} ${c.text}`);
  }
}

function printAb(ab: AbResult, packets: number): void {
  console.table(
    ab.variants.map((v) => {
      const p = ab.perVariant[v.key]!;
      return {
        variant: `${v.key} ${v.label}`,
        'packets/s (median)': si(p.packetsPerSecond.median),
        'min–max': `${si(p.packetsPerSecond.min)}–${si(p.packetsPerSecond.max)}`,
        'wall s (median)': p.wallSeconds.median.toFixed(2),
        'peak RSS MB': p.peakRssMB ?? 'n/a',
        'steady packets/s': p.steadyPacketsPerSecond ? si(p.steadyPacketsPerSecond.median) : '',
      };
    }),
  );
  console.log(`packets/s = ${si(packets)} packets / whole-process wall time; steady = chainsim's run.packetsPerSecond (packet loop only)`);
  const names: Record<string, string> = { 'A/C': 'chainsim / tcpdump, no outputs', 'B/D': 'chainsim / tshark, outputs + trace', 'E/D': 'chainsim / tshark, output captures' };
  for (const [k, r] of Object.entries(ab.ratios)) console.log(`ratio ${k.padEnd(4)} ${names[k]!.padEnd(36)} ${formatSpread(r.spread)}   per round: ${r.perRound.join(' ')}`);
  const steadyA = ab.perVariant.A?.steadyPacketsPerSecond?.median;
  const tcpdump = ab.perVariant.C?.packetsPerSecond.median;
  if (steadyA && tcpdump) console.log(`steady-state chainsim (A) / tcpdump whole process: ${(steadyA / tcpdump).toFixed(2)}`);
  if (ab.missing.length > 0) console.log(`not measured (not installed): ${ab.missing.join(', ')}`);
}

export interface ReplayBenchResult {
  json: Record<string, unknown>;
  checks: Check[];
  /** The A summary's steady-state rate, for the packets curve's 1M point. */
  steadyA: number | null;
}

export function replayBench(quick: boolean, rounds: number): ReplayBenchResult {
  const capture = benchCapture('imix', REPLAY_PACKETS, 1, REPLAY_MBPS);
  const facts = captureFacts(capture);
  const checks: Check[] = [
    { kind: 'capture', ok: Math.abs(facts.vlanShare - 0.22) <= 0.02, text: `VLAN-tagged ${(facts.vlanShare * 100).toFixed(1)} % (want ~22 %)` },
    { kind: 'capture', ok: Math.abs(facts.ipv6Share - 0.11) <= 0.02, text: `IPv6 ${(facts.ipv6Share * 100).toFixed(1)} % (want ~11 %)` },
    { kind: 'capture', ok: Math.abs(facts.mbps - REPLAY_MBPS) <= 15, text: `offered ${facts.mbps} Mbit/s (want ~${REPLAY_MBPS}), ${facts.connections} connections` },
  ];
  const config = USECASE1_CONFIG;
  const sameAsDefault = isDeepStrictEqual(loadConfig(config).config, loadDefaultConfig().config);
  checks.push({ kind: 'capture', ok: sameAsDefault, text: `${path.basename(config)} is the embedded default config: ${sameAsDefault ? 'yes' : 'NO'}` });

  // Quick mode leaves out B (outputs + trace: the slowest by far, ~10 s a run today) to stay
  // within its two minutes; E still gives the aim pair (output captures vs tshark) and
  // the trace has its own micro suite. E reads the same capture with the same binary as A, so
  // quick mode warms A, C and D only.
  const variants: VariantKey[] = quick ? ['A', 'E', 'C', 'D'] : ['A', 'B', 'E', 'C', 'D'];
  const warmup: VariantKey[] = quick ? ['A', 'C', 'D'] : variants;
  console.log(`\nreplay: ${path.relative(process.cwd(), capture)} (${si(facts.packets)} packets), ${rounds} rounds of ${variants.join(' ')}, peak RSS via ${rssMethod()}`);
  const ab = replayAb({ capture, config, packets: facts.packets, rounds, variants, warmup });
  printAb(ab, facts.packets);
  checks.push(...sanity(ab.summaryA), ...judged(ab));
  printChecks(checks);
  return {
    json: {
      capture: facts,
      config: path.relative(packageRoot(), config),
      rounds,
      rssMethod: rssMethod(),
      variants: Object.fromEntries(ab.variants.map((v) => [v.key, { label: v.label, command: VARIANTS[v.key].cmd }])),
      perVariant: ab.perVariant,
      ratios: ab.ratios,
      runs: ab.runs,
      missing: ab.missing,
      summaryA: ab.summaryA,
      checks,
    },
    checks,
    steadyA: ab.perVariant.A?.steadyPacketsPerSecond?.median ?? null,
  };
}
