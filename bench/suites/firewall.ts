/**
 * Hosted firewall micro-benchmarks: frames through `Firewall.process` on the default config
 * (use case 1) —
 *   - established: 10k established sessions, frames in random order, half of them replies
 *     entering interface 2 (expire + zones + session lookup + state update);
 *   - setup: first packets of new connections (non-SYN check, rule lookup over a 16-rule
 *     rulebase whose last rule allows, session create), the oldest sessions aging out.
 *
 * Each task call runs FIREWALL_BENCH_BATCH frames, so frames/s = ops/s × batch and ns/frame =
 * latency.mean (ms) × 1e6 / batch (firewallFrameRates does the arithmetic).
 */
import { Bench } from 'tinybench';
import type { AppConfig, VwireRule } from '../../policy/index.js';
import { loadDefaultConfig, newTuple, prefixFromText, TCP_ACK, TCP_SYN, type Tuple } from '../../policy/index.js';
import { Firewall } from '../../vwire/firewall/index.js';

export const FIREWALL_BENCH_BATCH = 1000;
const SESSIONS = 10_000;

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

/** Connection i: LAN client 172.16.0.0 + i/64, port 1024 + i%64 → 52.96.0.(i%256):443. */
function fill(i: number, out: Tuple, back: Tuple, flags: number): void {
  const client = 0xac100000 + Math.floor(i / 64);
  const server = 0x34600000 + (i % 256);
  const port = 1024 + (i % 64);
  out.src[0] = client;
  out.dst[0] = server;
  out.srcPort = port;
  out.dstPort = 443;
  out.tcpFlags = flags;
  back.src[0] = server;
  back.dst[0] = client;
  back.srcPort = 443;
  back.dstPort = port;
  back.tcpFlags = flags;
}

function tcpTuple(): Tuple {
  const t = newTuple();
  t.family = 4;
  t.proto = 6;
  return t;
}

function established(config: AppConfig): { fw: Firewall; now: number } {
  const fw = new Firewall(config);
  const out = tcpTuple();
  const back = tcpTuple();
  let now = 0;
  for (let i = 0; i < SESSIONS; i++) {
    fill(i, out, back, TCP_SYN);
    fw.process(1, 100, out, 74, now);
    back.tcpFlags = TCP_SYN | TCP_ACK;
    fw.process(2, 100, back, 74, now);
    now += 10;
  }
  if (fw.activeSessions !== SESSIONS) throw new Error(`firewall bench: ${fw.activeSessions} sessions, expected ${SESSIONS}`);
  return { fw, now };
}

/** Fifteen deny rules that a LAN client's web traffic does not meet, then allow-out. */
function withLongRulebase(config: AppConfig): AppConfig {
  const deny = (k: number): VwireRule => ({
    name: `deny-${k}`,
    from: 'trust',
    to: 'untrust',
    src: null,
    dst: [prefixFromText(`198.51.${k}.0/24`)],
    srcPort: null,
    dstPort: [{ lo: 1000 + k, hi: 1000 + k }],
    protocol: 6,
    action: 'deny',
    path: `vwire.rules[${k}]`,
  });
  const rules = [...Array.from({ length: 15 }, (_, k) => deny(k)), config.vwire.rules[0]!];
  return { ...config, vwire: { ...config.vwire, rules } };
}

export async function firewallBench(quick: boolean): Promise<Bench> {
  const config = loadDefaultConfig().config;
  const bench = new Bench({ name: 'firewall', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });

  let state: { fw: Firewall; now: number } | null = null;
  const order = randomIndices(1 << 20, SESSIONS, 0x9e3779b9);
  let cursor = 0;
  const out = tcpTuple();
  const back = tcpTuple();
  bench.add(
    `firewall: established, ${SESSIONS} sessions, random order (x${FIREWALL_BENCH_BATCH})`,
    () => {
      const s = state!;
      const fw = s.fw;
      let now = s.now;
      for (let n = 0; n < FIREWALL_BENCH_BATCH; n++) {
        const i = order[cursor];
        cursor = (cursor + 1) & (order.length - 1);
        fill(i, out, back, TCP_ACK);
        now += 100;
        if ((i & 1) === 0) fw.process(1, 100, out, 1514, now);
        else fw.process(2, 100, back, 1514, now);
      }
      s.now = now;
    },
    { beforeAll: () => void (state ??= established(config)) },
  );

  let setup: { fw: Firewall; now: number; next: number } | null = null;
  bench.add(
    `firewall: session setup, 16 rules, ${SESSIONS} live (x${FIREWALL_BENCH_BATCH})`,
    () => {
      const s = setup!;
      const fw = s.fw;
      let now = s.now;
      for (let n = 0; n < FIREWALL_BENCH_BATCH; n++) {
        // A new client port each time; 12 ms apart, the 10k-th oldest SYN-only session (120 s
        // tcpInitial) ages out as a new one comes, so the table stays near 10k.
        fill(s.next++ % (SESSIONS * 64), out, back, TCP_SYN);
        now += 12_000_000;
        fw.process(1, 100, out, 74, now);
      }
      s.now = now;
    },
    { beforeAll: () => void (setup ??= { fw: new Firewall(withLongRulebase(config)), now: 0, next: 0 }) },
  );

  await bench.run();
  return bench;
}

/** frames/s and ns/frame of each completed task. */
export function firewallFrameRates(bench: Bench): { task: string; framesPerSecond: number; nsPerFrame: number }[] {
  const rates: { task: string; framesPerSecond: number; nsPerFrame: number }[] = [];
  for (const t of bench.tasks) {
    const r = t.result;
    if (!r || r.state !== 'completed') continue;
    rates.push({
      task: t.name,
      framesPerSecond: Math.round(r.throughput.mean * FIREWALL_BENCH_BATCH),
      nsPerFrame: +((r.latency.mean * 1e6) / FIREWALL_BENCH_BATCH).toFixed(1),
    });
  }
  return rates;
}
