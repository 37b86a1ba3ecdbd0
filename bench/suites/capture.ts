/**
 * Capture reading throughput: one task walks every record of a capture file per iteration
 * (open, next() to the end, close), so records/s is the task's iterations/s times the file's
 * record count: captureRecordsPerSecond() does that sum. The walk reads each record's lengths
 * and time, as any consumer does; the frame bytes are left to the decode suite.
 */
import * as path from 'node:path';
import { Bench } from 'tinybench';
import { openCapture } from '../../dataplane/capture/index.js';

export const CAPTURE_TASK = 'capture walk (whole file)';

/** Records per iteration of each bench this suite made. */
const recordsOf = new WeakMap<Bench, number>();

/** Walks the file once; returns its record count and a sum of what was read (kept observable). */
function walk(file: string): { records: number; sum: number } {
  const reader = openCapture(file);
  let records = 0;
  let sum = 0;
  try {
    for (let r = reader.next(); r !== null; r = reader.next()) {
      records++;
      sum += r.caplen + r.tsNsec;
    }
  } finally {
    reader.close();
  }
  return { records, sum };
}

export async function captureBench(file: string, quick: boolean): Promise<Bench> {
  const { records } = walk(file);
  const bench = new Bench({
    name: `capture: ${path.basename(file)}, ${records} records per iteration`,
    time: quick ? 500 : 5000,
    warmupTime: quick ? 100 : 1000,
    iterations: quick ? 3 : 10,
  });
  let sum = 0;
  bench.add(CAPTURE_TASK, () => {
    sum += walk(file).sum;
  });
  await bench.run();
  // Keeps the walk's results observable so that no engine could drop the loop as dead code.
  if (records > 0 && sum === 0) throw new Error('capture bench: nothing was read');
  recordsOf.set(bench, records);
  return bench;
}

/** Records read per second by a bench from captureBench (0 if it did not complete). */
export function captureRecordsPerSecond(bench: Bench): number {
  const result = bench.getTask(CAPTURE_TASK)?.result;
  const records = recordsOf.get(bench) ?? 0;
  if (result === undefined || result.state !== 'completed' || result.period <= 0) return 0;
  return (records * 1000) / result.period;
}
