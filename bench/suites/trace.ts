/**
 * The trace (dataplane/engine/trace.ts, trace-sink.ts): turning one finished packet's context
 * into its JSON line, and that plus handing the line to the sink (batched writes to
 * /dev/null: the formatting and write-call cost without the disk, which replay's
 * with-outputs run measures). The contexts are a fixed mix drawn like the benchmark replay on
 * the default config: ~72 % redirected and forwarded through the firewall, ~23 % dropped
 * rate-ceiling, ~5 % dropped fw-non-syn; 11 % IPv6; a third with an outer VLAN. The formatter
 * and sink are engine internals (not the engine's public door): a benchmark measures stages.
 *
 * Each task call handles TRACE_BENCH_BATCH packets; ops/s are batches/s (`traceLineRates`
 * gives lines/s and ns per line).
 */
import { Bench } from 'tinybench';
import { loadDefaultConfig } from '../../policy/index.js';
import { DROP, PacketContext, Pipeline, VERDICT } from '../../dataplane/engine/index.js';
import { TraceFormatter } from '../../dataplane/engine/trace.js';
import { TraceSink } from '../../dataplane/engine/trace-sink.js';
import { FW_ALLOW, FW_DROP } from '../../vwire/index.js';
import { prng } from '../prng.js';

export const TRACE_BENCH_BATCH = 1000;
const MIX = 4096;


function contexts(pipeline: Pipeline): PacketContext[] {
  const tables = pipeline.tables;
  const entryOut = tables.policies.findIndex((p) => p.name === 'redirect-outbound');
  const entryIn = tables.policies.findIndex((p) => p.name === 'redirect-inbound');
  if (entryOut < 0 || entryIn < 0) throw new Error('trace bench: the default config has no redirect-outbound/-inbound rules');
  const random = prng(7);
  const out: PacketContext[] = [];
  for (let i = 0; i < MIX; i++) {
    const ctx = new PacketContext();
    const outbound = random() < 0.6;
    ctx.reset(i + 1, i * 9_000, 338, 1);
    ctx.inIface = outbound ? 0 : 1;
    ctx.vlan = random() < 0.33 ? 10 * (1 + Math.floor(random() * 4)) : -1;
    ctx.family = random() < 0.11 ? 6 : 4;
    ctx.proto = random() < 0.8 ? 6 : 17;
    const client = ctx.family === 4 ? [0xac100000 + Math.floor(random() * 65536), 0, 0, 0] : [0x20010db8, 1, 0, Math.floor(random() * 65536)];
    const server = ctx.family === 4 ? [0x34600000 + Math.floor(random() * 4096), 0, 0, 0] : [0x26001000, 0, 0, Math.floor(random() * 65536)];
    ctx.src.set(outbound ? client : server);
    ctx.dst.set(outbound ? server : client);
    ctx.srcPort = outbound ? 1024 + Math.floor(random() * 60000) : 443;
    ctx.dstPort = outbound ? 443 : 1024 + Math.floor(random() * 60000);
    ctx.flow = 1 + Math.floor(random() * 10_000);
    ctx.dir = random() < 0.5 ? 0 : 1;
    ctx.entry = outbound ? entryOut : entryIn;
    ctx.action = 1;
    ctx.fwIface = outbound ? 1 : 2;
    ctx.fwVlan = 100;
    ctx.sri = outbound ? 'LAN-side' : 'WAN-side';
    const fate = random();
    if (fate < 0.23) {
      ctx.verdict = VERDICT.dropped;
      ctx.reason = DROP.rateCeiling;
    } else {
      ctx.ceilingNs = 0;
      ctx.fwFromZone = outbound ? 0 : 1;
      ctx.fwToZone = outbound ? 1 : 0;
      ctx.fwRule = outbound ? 0 : 1;
      if (fate < 0.28) {
        ctx.fwVerdict = FW_DROP + 1; // the context stores verdict code + 1 (0: not reached)
        ctx.verdict = VERDICT.dropped;
        ctx.reason = DROP.fwNonSyn;
      } else {
        ctx.fwVerdict = FW_ALLOW + 1;
        ctx.verdict = VERDICT.forwarded;
        ctx.outIface = outbound ? 1 : 0;
      }
    }
    out.push(ctx);
  }
  return out;
}

export async function traceBench(quick: boolean): Promise<Bench> {
  const pipeline = new Pipeline(loadDefaultConfig().config);
  const formatter = new TraceFormatter(pipeline.tables, pipeline.firewall);
  const mix = contexts(pipeline);
  const bench = new Bench({ name: 'trace', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  let k = 0;
  let chars = 0;
  bench.add(`trace: TraceFormatter.line (x${TRACE_BENCH_BATCH})`, () => {
    for (let n = 0; n < TRACE_BENCH_BATCH; n++) {
      chars += formatter.line(mix[k]!).length;
      k = (k + 1) & (MIX - 1);
    }
  });
  const sink = new TraceSink('/dev/null');
  let index = 0;
  // Replay's path: each finished packet's line encoded straight into the sink's bytes.
  bench.add(`trace: TraceSink.addPacket to /dev/null (x${TRACE_BENCH_BATCH})`, () => {
    for (let n = 0; n < TRACE_BENCH_BATCH; n++) {
      const ctx = mix[k]!;
      ctx.index = ++index;
      sink.addPacket(ctx, formatter);
      k = (k + 1) & (MIX - 1);
    }
  });
  try {
    await bench.run();
  } finally {
    sink.close();
  }
  if (chars === 0) throw new Error('trace bench: no line was formatted');
  return bench;
}

/** lines/s and ns per line (median batch) of each completed task. */
export function traceLineRates(bench: Bench): { task: string; linesPerSecond: number; nsPerLine: number }[] {
  const out: { task: string; linesPerSecond: number; nsPerLine: number }[] = [];
  for (const t of bench.tasks) {
    const r = t.result;
    if (r.state !== 'completed') continue;
    out.push({
      task: t.name,
      linesPerSecond: Math.round(r.throughput.mean * TRACE_BENCH_BATCH),
      nsPerLine: +((r.latency.p50 * 1e6) / TRACE_BENCH_BATCH).toFixed(1),
    });
  }
  return out;
}
