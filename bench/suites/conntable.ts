/**
 * Connection table micro-benchmarks: the per-packet path of the dataplane (expire, lookup,
 * update) on existing connections with 10k and 1M live ones in random order, and the new
 * connection path (lookup miss, create, update) on a full table that evicts.
 *
 * Each task call runs BATCH operations, so the timer's own cost disappears: ns per operation is
 * `latency.mean (ms) * 1e6 / BATCH`. `connTableMemory` measures bytes per live connection.
 */
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { DEFAULT_TIMEOUTS } from '../../policy/config/types.js';
import { FlowTable } from '../../policy/conn/index.js';
import { PROTO_TCP, TCP_ACK, TCP_SYN } from '../../policy/model/tuple.js';

export const CONN_BENCH_BATCH = 1000;
const SERVERS = 256;

/** Deterministic xorshift32, so every run measures the same access pattern. */
function randomIndices(count: number, range: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x % range;
  }
  return out;
}

/** Connection i: client 10.0.0.0 + i/64 port 1024 + i%64 → server 52.96.0.(i%256):443. */
function fillKey(i: number, src: Uint32Array, dst: Uint32Array): number {
  src[0] = 0x0a000000 + Math.floor(i / 64);
  dst[0] = 0x34600000 + (i % SERVERS);
  return 1024 + (i % 64);
}

interface Loaded {
  table: FlowTable;
  now: number;
}

/** A table with `live` established TCP connections (handshake done: 7440 s idle timeout). */
function loadTable(live: number, capacity: number): Loaded {
  const table = new FlowTable({ capacity, timeouts: DEFAULT_TIMEOUTS, evictWhenFull: true, userWidth: 1 });
  const src = new Uint32Array(4);
  const dst = new Uint32Array(4);
  let now = 0;
  for (let i = 0; i < live; i++) {
    const sp = fillKey(i, src, dst);
    const slot = table.create(4, PROTO_TCP, src, dst, sp, 443, now);
    table.update(slot, 0, TCP_SYN, now);
    table.update(slot, 1, TCP_SYN | TCP_ACK, now);
    now += 10;
  }
  return { table, now };
}

function addLookupTask(bench: Bench, live: number): void {
  let loaded: Loaded | null = null;
  const src = new Uint32Array(4);
  const dst = new Uint32Array(4);
  const order = randomIndices(1 << 20, live, 0x9e3779b9 ^ live);
  let cursor = 0;
  bench.add(
    `conntable: expire+lookup+update, ${live} live, random (x${CONN_BENCH_BATCH})`,
    () => {
      const l = loaded!;
      const table = l.table;
      let now = l.now;
      for (let n = 0; n < CONN_BENCH_BATCH; n++) {
        const i = order[cursor];
        cursor = (cursor + 1) & (order.length - 1);
        const sp = fillKey(i, src, dst);
        now += 100;
        table.expire(now);
        // Half the packets are replies, so both key orientations are measured.
        const slot =
          (i & 1) === 0
            ? table.lookup(4, PROTO_TCP, src, dst, sp, 443)
            : table.lookup(4, PROTO_TCP, dst, src, 443, sp);
        table.update(slot, table.lastDirection, TCP_ACK, now);
      }
      l.now = now;
    },
    {
      beforeAll: () => {
        loaded ??= loadTable(live, live);
      },
    },
  );
}

function addCreateTask(bench: Bench, capacity: number): void {
  let loaded: Loaded | null = null;
  const src = new Uint32Array(4);
  const dst = new Uint32Array(4);
  let next = capacity;
  bench.add(
    `conntable: new connection (miss+create+update), full at ${capacity}, evicting (x${CONN_BENCH_BATCH})`,
    () => {
      const l = loaded!;
      const table = l.table;
      let now = l.now;
      for (let n = 0; n < CONN_BENCH_BATCH; n++) {
        const sp = fillKey(next++, src, dst);
        now += 100;
        table.expire(now);
        let slot = table.lookup(4, PROTO_TCP, src, dst, sp, 443);
        if (slot < 0) slot = table.create(4, PROTO_TCP, src, dst, sp, 443, now);
        table.update(slot, table.lastDirection, TCP_SYN, now);
      }
      l.now = now;
    },
    {
      beforeAll: () => {
        loaded ??= loadTable(capacity, capacity);
      },
    },
  );
}

export async function connTableBench(quick: boolean): Promise<Bench> {
  const bench = new Bench({ name: 'conntable', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  addLookupTask(bench, 10_000);
  addLookupTask(bench, 1_000_000);
  addCreateTask(bench, 10_000);
  addCreateTask(bench, 1_000_000);
  await bench.run();
  return bench;
}

export interface ConnTableMemory {
  live: number;
  /** heapUsed + arrayBuffers growth while the table was filled, per live connection. */
  bytesPerConnection: number;
  heapUsedBytes: number;
  arrayBufferBytes: number;
}

/** A full collection, with the freed array buffers actually returned before we measure. */
async function settledGc(): Promise<void> {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Memory held per live connection at `live` connections (capacity = live, default options). */
export async function connTableMemory(live: number): Promise<ConnTableMemory> {
  await settledGc();
  const before = process.memoryUsage();
  const { table } = loadTable(live, live);
  await settledGc();
  const after = process.memoryUsage();
  if (table.active !== live) throw new Error(`conntable memory: ${table.active} live, expected ${live}`);
  const heapUsedBytes = after.heapUsed - before.heapUsed;
  const arrayBufferBytes = after.arrayBuffers - before.arrayBuffers;
  return { live, bytesPerConnection: (heapUsedBytes + arrayBufferBytes) / live, heapUsedBytes, arrayBufferBytes };
}
