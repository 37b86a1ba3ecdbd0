/**
 * Capture writing (dataplane/capture PcapWriter, PcapngWriter): records written per second,
 * from the benchmark capture's own frames, to /dev/null (the writers' encoding and buffered
 * write calls without the disk; replay's with-outputs run measures the disk too) —
 *   - pcap, nanosecond records (what `gen` writes);
 *   - pcapng EPB (what `--out-dir` writes for interfaces and firewall links);
 *   - pcapng EPB with a comment option (dropped.pcapng, the reason as comment).
 * Each task call writes the whole frame batch; ops/s are batches/s (`captureWriteRates` gives
 * records/s and ns per record).
 */
import { Bench } from 'tinybench';
import { PcapWriter, PcapngWriter } from '../../dataplane/capture/index.js';
import type { DecodeBenchFrame } from './decode.js';

const batchOf = new Map<string, number>();

export async function captureWriteBench(frames: readonly DecodeBenchFrame[], quick: boolean): Promise<Bench> {
  const bench = new Bench({ name: 'capture write', time: quick ? 200 : 1000, warmupTime: quick ? 50 : 200 });
  const pcap = new PcapWriter('/dev/null', { linkType: 1, resolution: 'ns' });
  const pcapng = new PcapngWriter('/dev/null', { application: 'chainsim bench' });
  const epb = pcapng.addInterface({ linkType: 1, name: 'LAN-1', tsresol: 9 });
  const commented = new PcapngWriter('/dev/null', { application: 'chainsim bench' });
  const dropped = commented.addInterface({ linkType: 1, name: 'dropped', tsresol: 9 });
  let ns = 0;
  const add = (name: string, write: (f: DecodeBenchFrame, sec: number, nsec: number) => void): void => {
    const task = `${name} (x${frames.length})`;
    batchOf.set(task, frames.length);
    bench.add(task, () => {
      for (let i = 0; i < frames.length; i++) {
        ns += 9_000;
        write(frames[i]!, 1_767_225_600 + Math.floor(ns / 1e9), ns % 1e9);
      }
    });
  };
  add('capture write: pcap ns', (f, sec, nsec) => pcap.write(f.buf as Buffer, f.start, f.len, f.len, sec, nsec));
  add('capture write: pcapng EPB', (f, sec, nsec) => pcapng.write(epb, f.buf as Buffer, f.start, f.len, f.len, sec, nsec));
  add('capture write: pcapng EPB + comment', (f, sec, nsec) =>
    commented.write(dropped, f.buf as Buffer, f.start, f.len, f.len, sec, nsec, 'rate-ceiling'),
  );
  try {
    await bench.run();
  } finally {
    pcap.close();
    pcapng.close();
    commented.close();
  }
  if (frames.length > 0 && pcap.records === 0) throw new Error('capture write bench: nothing was written');
  return bench;
}

/** records/s and ns per record (median batch) of each completed task. */
export function captureWriteRates(bench: Bench): { task: string; recordsPerSecond: number; nsPerRecord: number }[] {
  const out: { task: string; recordsPerSecond: number; nsPerRecord: number }[] = [];
  for (const t of bench.tasks) {
    const r = t.result;
    const batch = batchOf.get(t.name) ?? 1;
    if (r.state !== 'completed') continue;
    out.push({
      task: t.name,
      recordsPerSecond: Math.round(r.throughput.mean * batch),
      nsPerRecord: +((r.latency.p50 * 1e6) / batch).toFixed(1),
    });
  }
  return out;
}
