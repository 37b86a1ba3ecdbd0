/**
 * Issue 8's acceptance for the ceiling on real interfaces: `rate: 10Mbps`, `burst: 62500B`,
 * policing (test/live/ceiling-live.yaml), traffic from `chainsim send` in the LAN host.
 * Asserted are bounds a token-bucket policer guarantees, never timings:
 *  - offered at 5 Mbit/s (below the rate): no `rate-ceiling` drop, ≥ 99 % delivered;
 *  - offered at 20 Mbit/s: what enters the firewall in any 1-second window (windows counted from
 *    the first frame) is at most rate × 1 s + burst, and every packet sent is either delivered
 *    to the firewall or counted `rate-ceiling`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveLacking } from './prereq.js';
import { liveDir, liveSummary, send, sleep, startLive, type LiveSummary, type SendResult } from './live-run.js';
import { RIG, readFrames, useRig, type Frame } from './rig.js';

const missing = liveLacking({ commands: true });
const CONFIG = path.join(liveDir, 'ceiling-live.yaml');
const RATE_BPS = 10e6;
const BURST_BITS = 62_500 * 8;
/** A port the rig's firewall passes (it denies RIG.denyPort). */
const DPORT = 5001;

/**
 * The longest a packet took from arriving at the appliance (`arrived`, captured on its LAN port)
 * to entering the firewall (`left`), matching packets in order by IP id and length (the
 * appliance keeps their order and only drops some).
 */
function longestTransit(arrived: readonly Frame[], left: readonly Frame[]): number {
  let j = 0;
  let longest = 0;
  for (const out of left) {
    while (j < arrived.length && (arrived[j]!.ipId !== out.ipId || arrived[j]!.ipLen !== out.ipLen)) j++;
    if (j === arrived.length) throw new Error(`packet id ${out.ipId} len ${out.ipLen} entered the firewall but never arrived`);
    longest = Math.max(longest, out.time - arrived[j]!.time);
    j++;
  }
  return longest;
}

/** Bits per 1-second window, windows counted from the first frame's timestamp. */
function bitsPerSecondWindow(frames: readonly Frame[]): number[] {
  if (frames.length === 0) return [];
  const t0 = frames[0]!.time;
  const windows: number[] = [];
  for (const f of frames) {
    const w = Math.floor(f.time - t0);
    windows[w] = (windows[w] ?? 0) + f.len * 8;
  }
  return Array.from(windows, (b) => b ?? 0);
}

describe('capture arithmetic', () => {
  const f = (time: number, len: number, ipId = 0): Frame => ({ time, len, vlans: [], src: '', dst: '', proto: 17, dport: 1, ipId, ipLen: len });
  it('longestTransit matches packets in order by id and length, skipping the dropped ones', () => {
    const arrived = [f(1.0, 100, 1), f(1.1, 100, 2), f(1.2, 200, 2), f(1.3, 100, 3)];
    // id 2 / len 100 was dropped; id 2 / len 200 took 0.25 s, the others 0.01 s.
    expect(longestTransit(arrived, [f(1.01, 100, 1), f(1.45, 200, 2), f(1.31, 100, 3)])).toBeCloseTo(0.25, 9);
    expect(() => longestTransit(arrived, [f(1.5, 100, 9)])).toThrow(/never arrived/);
  });

  it('bitsPerSecondWindow bins frame bits by whole seconds from the first frame', () => {
    // 100.5 → window 0, 101.49 → 0, 101.5 → 1, 103.6 → 3 (window 2 empty).
    expect(bitsPerSecondWindow([f(100.5, 100), f(101.49, 50), f(101.5, 10), f(103.6, 1)])).toEqual([1200, 80, 0, 8]);
    expect(bitsPerSecondWindow([])).toEqual([]);
  });
});

describe.skipIf(missing.length > 0)('live ceiling at 10 Mbit/s', () => {
  // The WAN host is a sink: its stack never sees the stream (tcpdump still does), so no RST,
  // port-unreachable or echo reply comes back to share the aggregate ceiling.
  const { rig, tmp } = useRig('c' + String(process.pid % 100000), 'live-ceiling', (r) => {
    for (const cmd of [
      ['add', 'table', 'ip', 'sink'],
      ['add', 'chain', 'ip', 'sink', 'pre', '{ type filter hook prerouting priority -300; policy accept; }'],
      ['add', 'rule', 'ip', 'sink', 'pre', 'ip', 'saddr', RIG.lanAddr, 'counter', 'drop'],
    ]) {
      r.run('wan', ['nft', ...cmd]);
    }
  });

  /** One live run with `send` offering `mbps` for 3 s; captures what enters the firewall and the WAN host. */
  async function offer(mbps: number): Promise<{ summary: LiveSummary; sent: SendResult; atLan: Frame[]; toFw: Frame[]; atWan: Frame[] }> {
    const lanFile = path.join(tmp, `lan1-${mbps}.pcap`);
    const fwFile = path.join(tmp, `p1-${mbps}.pcap`);
    const wanFile = path.join(tmp, `wan-${mbps}.pcap`);
    const caps = [
      await rig.capture('app', RIG.app.lan, lanFile, ['-Q', 'in']),
      await rig.capture('fw', RIG.fw.port1, fwFile, ['-Q', 'in']),
      await rig.capture('wan', RIG.hostDev, wanFile, ['-Q', 'in']),
    ];
    const live = await startLive(rig, CONFIG, 6);
    const sent = send(rig, { profile: 'ceiling', mbps, duration: 3, dport: DPORT });
    const summary = await liveSummary(live, 30_000);
    await sleep(100);
    for (const c of caps) await c.stop();
    const fromLan = (f: Frame): boolean => f.src === RIG.lanAddr && f.dst === RIG.wanAddr;
    return {
      summary,
      sent,
      atLan: readFrames(lanFile).filter(fromLan),
      toFw: readFrames(fwFile).filter(fromLan),
      atWan: readFrames(wanFile).filter(fromLan),
    };
  }

  it('offered at 5 Mbit/s: no rate-ceiling drop, the WAN host gets ≥ 99 % of what was sent', async () => {
    const { summary, sent, atWan } = await offer(5);
    expect(sent.packets).toBeGreaterThan(100);
    expect(summary.hostedFirewall.drops['rate-ceiling'] ?? 0).toBe(0);
    expect(summary.drops['rate-ceiling'] ?? 0).toBe(0);
    expect(atWan.length).toBeGreaterThanOrEqual(Math.ceil(0.99 * sent.packets));
    expect(atWan.length).toBeLessThanOrEqual(sent.packets);
  }, 60_000);

  it('offered at 20 Mbit/s: no 1-second window above rate + burst, the excess counted rate-ceiling', async () => {
    const { summary, sent, atLan, toFw, atWan } = await offer(20);
    const hf = summary.hostedFirewall;
    const policed = hf.drops['rate-ceiling'] ?? 0;
    expect(policed).toBeGreaterThan(0);
    expect(summary.drops['rate-ceiling']).toBe(policed);
    // Every packet sent reached the appliance: the policer passed it to the firewall or dropped it.
    expect(hf.packetsSent + policed).toBe(sent.packets);
    expect(toFw.length).toBe(hf.packetsSent);
    expect(atWan.length).toBe(hf.packetsReceived);
    expect(atLan.length).toBe(sent.packets);
    // Frames as captured entering the firewall carry their one tag: exactly the ceiling's bits.
    // The policer decided each at some instant between its arrival on LAN-1 and its capture
    // here, so a capture window of 1 s spans at most 1 s + the longest transit of policer time:
    // the bound is rate × that + burst, with the transit measured, not assumed.
    const transit = longestTransit(atLan, toFw);
    const span = 1 + transit;
    const windows = bitsPerSecondWindow(toFw);
    expect(windows.length).toBeGreaterThanOrEqual(3);
    for (const bits of windows) expect(bits).toBeLessThanOrEqual(RATE_BPS * span + BURST_BITS);
    // Over the whole stream likewise: no more than rate × its span + burst got through.
    const total = windows.reduce((a, b) => a + b, 0);
    const streamSeconds = toFw[toFw.length - 1]!.time - toFw[0]!.time;
    expect(total).toBeLessThanOrEqual(RATE_BPS * (streamSeconds + transit) + BURST_BITS);
  }, 60_000);
});
