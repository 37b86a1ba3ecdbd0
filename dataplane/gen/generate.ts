/**
 * `chainsim gen`: deterministic synthetic traffic, streamed to a classic pcap. The same
 * profile, packet count, seed and rate give the same bytes on every run and machine.
 */
import { PcapWriter } from '../capture/index.js';
import { emitFrame, newFrameSpec } from '../wire/index.js';
import { FlowMixer } from './mixer.js';
import { profileByName } from './profiles.js';
import { Prng } from './prng.js';

export interface GenOptions {
  profile: string;
  packets: number;
  seed: number;
  /** Offered load in Mbit/s (frame bits); the profile's default when omitted. */
  mbps?: number;
  out: string;
  /** Called every `progressEvery` packets with the count so far. */
  onProgress?: (written: number) => void;
}

export interface GenResult {
  packets: number;
  bytes: number;
  flows: number;
  durationSeconds: number;
}

/** 2026-01-01T00:00:00Z: a fixed start so that outputs do not depend on the wall clock. */
export const GEN_EPOCH = 1_767_225_600;

/** The largest frame a profile makes: 1514 bytes of IMIX plus two tags. */
const MAX_FRAME = 2048;

export function generate(opts: GenOptions): GenResult {
  const profile = profileByName(opts.profile);
  const mbps = opts.mbps ?? profile.defaultMbps;
  const rng = new Prng(opts.seed);
  const mixer = new FlowMixer(profile, rng, opts.packets);
  const spec = newFrameSpec();
  const frame = Buffer.alloc(MAX_FRAME);
  const writer = new PcapWriter(opts.out, { linkType: 1, snaplen: 262144, resolution: 'ns' });
  const nsPerByte = 8000 / mbps; // 8 bits per byte, 1e9 ns per s, mbps × 1e6 bit/s
  let clockNs = 0;
  let bytes = 0;
  try {
    for (let i = 0; i < opts.packets; i++) {
      mixer.next(spec);
      const length = emitFrame(spec, frame, 0);
      const ns = Math.floor(clockNs);
      writer.write(frame, 0, length, length, GEN_EPOCH + Math.floor(ns / 1e9), ns % 1e9);
      bytes += length;
      clockNs += length * nsPerByte;
      if (opts.onProgress && (i & 0xffff) === 0xffff) opts.onProgress(i + 1);
    }
  } finally {
    writer.close();
  }
  return { packets: opts.packets, bytes, flows: mixer.flowsStarted, durationSeconds: Math.floor(clockNs) / 1e9 };
}
