/**
 * Classifier lookups per second: the compiled classifier against the reference scan, for 10,
 * 100, 1,000 and 10,000 random site policies (zones, prefixes, port ranges, protocols,
 * applications, count-and-continue, redirects — as chainsim/testing draws them) and tuples
 * aimed at them. Two rule shapes (arb-rules.ts): `narrow` (ACL-like: a tuple matches few
 * rules, anywhere in the list — the reference scans much of it) and `overlapping` (the
 * property tests' rules: most fields "any", so the first match comes within ~20 entries and
 * the reference stops early whatever the list's length). Rule sets and tuples are drawn with
 * fixed seeds, so every run measures the same work.
 *
 * A task classifies a batch of tuples (one timer read per lookup would swamp ~100 ns), named
 * `… ×1024`: its ops/s are batches/s. `classifyRates` turns them into lookups/s and ns per
 * lookup.
 */
import fc from 'fast-check';
import { Bench } from 'tinybench';
import type { AppConfig, Classifier, Tuple } from '../../policy/index.js';
import { CompiledClassifier, ReferenceClassifier, prefixFromText } from '../../policy/index.js';
import type { RuleShape } from '../../test/testing/index.js';
import {
  arbPolicyRule,
  arbTuple,
  configOf,
  hostedFirewallTemplateOf,
  ruleContextOf,
  withPolicies,
} from '../../test/testing/index.js';

export const CLASSIFY_SIZES = [10, 100, 1000, 10000] as const;
const BATCH = 1024;
/** The reference at 10,000 rules takes tens of microseconds a lookup: a smaller batch. */
const SLOW_BATCH = 64;

const BASE: AppConfig = configOf({
  zones: ['Default_LAN_Zone', 'Untrusted_Internet_Zone', 'Guest_Zone', 'DMZ_Zone'],
  hostedFirewallTemplates: [hostedFirewallTemplateOf('PAN-Branch')],
  applications: [
    {
      name: 'App-A',
      match: [
        { src: null, dst: [prefixFromText('198.51.100.0/24')], srcPort: null, dstPort: [{ lo: 443, hi: 443 }], protocol: 6 },
        { src: null, dst: [prefixFromText('2001:db8:1:2::/64')], srcPort: null, dstPort: null, protocol: 17 },
      ],
    },
  ],
});

/** The base config with `n` random site policies (seeded: the same for every run). */
export function benchConfig(n: number, shape: RuleShape): AppConfig {
  const rules = fc.sample(arbPolicyRule(ruleContextOf(BASE), 'rule', 'firewall.policies[0]', shape), {
    seed: 0xc1a55 + n,
    numRuns: n,
  });
  return withPolicies(BASE, rules);
}

export function benchTuples(config: AppConfig, count: number): Tuple[] {
  return fc.sample(arbTuple(config), { seed: 0x7e57, numRuns: count });
}

/** Lookups a task makes per call, by task name. */
const batchOf = new Map<string, number>();

function addTask(bench: Bench, name: string, classifier: Classifier, tuples: readonly Tuple[]): void {
  let sink = 0;
  batchOf.set(name, tuples.length);
  bench.add(name, () => {
    for (let i = 0; i < tuples.length; i++) sink ^= classifier.classify(tuples[i]!);
    if (sink === -1) throw new Error('unreachable: keeps the lookups alive');
  });
}

export async function classifyBench(quick: boolean): Promise<Bench> {
  const bench = new Bench({ name: 'classify', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  for (const shape of ['narrow', 'overlapping'] as const) {
    for (const n of CLASSIFY_SIZES) {
      const config = benchConfig(n, shape);
      const tuples = benchTuples(config, BATCH);
      addTask(bench, `compiled ${shape} ${n} rules ×${tuples.length}`, new CompiledClassifier(config), tuples);
      if (quick && n === 10000) continue;
      const slow = n >= 10000 ? tuples.slice(0, SLOW_BATCH) : tuples;
      addTask(bench, `reference ${shape} ${n} rules ×${slow.length}`, new ReferenceClassifier(config), slow);
    }
  }
  await bench.run();
  return bench;
}

export interface ClassifyRate {
  readonly task: string;
  readonly lookupsPerSecond: number;
  /** Median over the task's samples, per lookup. */
  readonly nsPerLookup: number;
}

/** Per-lookup figures of a finished classifyBench. */
export function classifyRates(bench: Bench): ClassifyRate[] {
  const out: ClassifyRate[] = [];
  for (const task of bench.tasks) {
    const r = task.result;
    const batch = batchOf.get(task.name) ?? 1;
    if (r.state !== 'completed') continue;
    out.push({
      task: task.name,
      lookupsPerSecond: r.throughput.mean * batch,
      nsPerLookup: (r.latency.p50 * 1e6) / batch,
    });
  }
  return out;
}
