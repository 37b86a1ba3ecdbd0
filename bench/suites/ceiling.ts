/**
 * The redirect ceiling (dataplane/engine/ceiling.ts): `offer` per redirected packet, at the
 * default 100 Mbit/s with IMIX-sized frames arriving at ~300 Mbit/s (the benchmark capture's
 * load), so about two thirds are refused —
 *   - police: queue 0, aggregate (the default config);
 *   - shape: a 50 ms queue, per-direction lanes (fixtures/configs/ceiling-shape.yaml's queue).
 * Each task call offers CEILING_BENCH_BATCH packets on a clock that keeps running across calls;
 * ops/s are batches/s, `ceilingOfferRates` turns them into offers/s and ns per offer.
 */
import { Bench } from 'tinybench';
import type { CeilingConfig } from '../../policy/index.js';
import { Ceiling } from '../../dataplane/engine/index.js';

export const CEILING_BENCH_BATCH = 1000;
/** Simple IMIX frame bits (60, 590, 1514 bytes 7:4:1), cycled. */
const FRAME_BITS = [60, 60, 60, 60, 60, 60, 60, 590, 590, 590, 590, 1514].map((b) => b * 8);
/** Mean IMIX frame is ~338 bytes: at 300 Mbit/s one arrives every ~9 µs. */
const GAP_NS = 9_000;

function addTask(bench: Bench, name: string, config: CeilingConfig): () => number {
  const ceiling = new Ceiling(config);
  let now = 0;
  let k = 0;
  let passed = 0;
  bench.add(`${name} (x${CEILING_BENCH_BATCH})`, () => {
    for (let n = 0; n < CEILING_BENCH_BATCH; n++) {
      now += GAP_NS;
      k = k === FRAME_BITS.length - 1 ? 0 : k + 1;
      if (ceiling.offer(FRAME_BITS[k]!, now, n & 1)) passed++;
    }
  });
  return () => passed;
}

export async function ceilingBench(quick: boolean): Promise<Bench> {
  const bench = new Bench({ name: 'ceiling', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  const police = addTask(bench, 'ceiling: police 100 Mbit/s, aggregate, ~300 Mbit/s offered', {
    rateBitsPerSecond: 100e6,
    burstBytes: 62_500,
    queueSeconds: 0,
    scope: 'aggregate',
  });
  const shape = addTask(bench, 'ceiling: shape 100 Mbit/s, 50 ms queue, per-direction', {
    rateBitsPerSecond: 100e6,
    burstBytes: 62_500,
    queueSeconds: 0.05,
    scope: 'per-direction',
  });
  await bench.run();
  // Keeps the decisions observable, so no engine could drop the offers as dead code.
  if (police() === 0 || shape() === 0) throw new Error('ceiling bench: nothing passed the ceiling');
  return bench;
}

/** offers/s and ns/offer (median batch) of each completed task. */
export function ceilingOfferRates(bench: Bench): { task: string; offersPerSecond: number; nsPerOffer: number }[] {
  const out: { task: string; offersPerSecond: number; nsPerOffer: number }[] = [];
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') continue;
    out.push({
      task: t.name,
      offersPerSecond: Math.round(r.throughput.mean * CEILING_BENCH_BATCH),
      nsPerOffer: +((r.latency.p50 * 1e6) / CEILING_BENCH_BATCH).toFixed(1),
    });
  }
  return out;
}
