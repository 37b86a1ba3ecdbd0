/**
 * decodeFrame throughput. One task decodes a whole batch of frames per iteration (a
 * per-frame task would measure the timer, not the decoder), so decodes/s is the task's
 * iterations/s times the batch size: decodesPerSecond() does that sum.
 *
 * syntheticDecodeMix() builds the benchmark mix without a capture file: IMIX-sized Ethernet
 * frames, 60 % TCP / 30 % UDP / 10 % ICMP, 20 % VLAN-tagged (a quarter of those QinQ), 10 %
 * IPv6, packed one after another in one buffer the way a capture reader hands them over.
 */
import { Bench } from 'tinybench';
import {
  IP_PROTO,
  PacketView,
  decodeFrame,
  emitFrame,
  frameSpecLength,
  makeTci,
  newFrameSpec,
  type VlanTag,
} from '../../dataplane/wire/index.js';
import { prng } from '../prng.js';

export interface DecodeBenchFrame {
  buf: Uint8Array;
  start: number;
  len: number;
  linkType: number;
}

export const DECODE_TASK = 'decodeFrame (batch)';

export async function decodeBench(frames: DecodeBenchFrame[], quick: boolean): Promise<Bench> {
  const view = new PacketView();
  const bench = new Bench({
    name: `decode: ${frames.length} frames per iteration`,
    time: quick ? 300 : 3000,
    warmupTime: quick ? 100 : 500,
  });
  let statusSum = 0;
  bench.add(DECODE_TASK, () => {
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      statusSum += decodeFrame(view, f.buf, f.start, f.len, f.len, f.linkType);
    }
  });
  await bench.run();
  // Keeps the decode results observable so that no engine could drop the loop as dead code.
  if (frames.length > 0 && statusSum === 0) throw new Error('decode bench: no frame was decoded');
  return bench;
}

/**
 * Frames decoded per second by the bench's batch task, from the median batch time (robust to
 * the preemption spikes of a shared machine; the mean is in the task's own result). 0 if the
 * task did not complete.
 */
export function decodesPerSecond(bench: Bench, frameCount: number): number {
  const result = bench.getTask(DECODE_TASK)?.result;
  if (result === undefined || result.state !== 'completed' || !(result.latency.p50 > 0)) return 0;
  return (frameCount * 1000) / result.latency.p50;
}


/** Simple IMIX by frame count 7:4:1 of 64, 576 and 1500-byte IP packets. */
const IMIX_IP_SIZES = [64, 64, 64, 64, 64, 64, 64, 576, 576, 576, 576, 1500];

export function syntheticDecodeMix(count: number, seed = 1): DecodeBenchFrame[] {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const specs = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const spec = newFrameSpec();
    const kind = random();
    spec.proto = kind < 0.6 ? IP_PROTO.TCP : kind < 0.9 ? IP_PROTO.UDP : IP_PROTO.ICMP;
    if (random() < 0.1) {
      spec.family = 6;
      spec.src = [0x20010db8, 1, 0, pick(0xffff)];
      spec.dst = [0x20010db8, 0xff00, 0, pick(0xffff)];
      if (spec.proto === IP_PROTO.ICMP) spec.proto = IP_PROTO.ICMPV6;
      spec.icmpType = 128;
    } else {
      spec.src = [(0x0a000000 | pick(0xffffff)) >>> 0, 0, 0, 0];
      spec.dst = [(0x34000000 | pick(0xffffff)) >>> 0, 0, 0, 0];
    }
    const tagged = random();
    const tags: VlanTag[] = [];
    if (tagged < 0.05) tags.push({ tpid: 0x88a8, tci: makeTci(100 + pick(10)) });
    if (tagged < 0.2) tags.push({ tpid: 0x8100, tci: makeTci(10 + pick(20)) });
    spec.tags = tags;
    spec.srcPort = 1024 + pick(60000);
    spec.dstPort = [443, 80, 53, 8080][pick(4)];
    spec.tcpFlags = 0x18;
    const ipSize = IMIX_IP_SIZES[pick(IMIX_IP_SIZES.length)];
    spec.payloadLength = 0;
    spec.payloadLength = Math.max(0, ipSize - (frameSpecLength(spec) - 14 - 4 * tags.length));
    specs.push(spec);
    total += frameSpecLength(spec);
  }
  const buf = Buffer.alloc(total);
  const frames: DecodeBenchFrame[] = [];
  let at = 0;
  for (const spec of specs) {
    const len = emitFrame(spec, buf, at);
    frames.push({ buf, start: at, len, linkType: spec.linkType });
    at += len;
  }
  return frames;
}
