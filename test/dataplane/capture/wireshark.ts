/**
 * Test-side: what Wireshark's tools say about a capture, to compare the readers with.
 * tshark takes about a CPU-second to start, so tests run it on a chosen few files.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TsharkFrame {
  /** frame.time_epoch as printed ('' when the record has no timestamp, as an SPB). */
  time: string;
  len: number;
  capLen: number;
  /** '' when the frame has no interface (tshark shows pcapng custom blocks as frames). */
  interfaceId: string;
  comment: string;
}

export async function tsharkFrames(file: string): Promise<TsharkFrame[]> {
  const fields = ['frame.time_epoch', 'frame.len', 'frame.cap_len', 'frame.interface_id', 'frame.comment'];
  const { stdout } = await run(
    'tshark',
    ['-n', '-r', file, '-T', 'fields', '-E', 'separator=/t', ...fields.flatMap((f) => ['-e', f])],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const frames: TsharkFrame[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const f = line.split('\t');
    frames.push({
      time: f[0],
      len: Number(f[1]),
      capLen: Number(f[2]),
      interfaceId: f[3],
      // tshark escapes tabs and newlines (\t, \n) but not backslashes: compare plain text only.
      comment: f[4] ?? '',
    });
  }
  return frames;
}

export interface CapinfosRow {
  packets: number;
  /** Sum of original lengths. */
  dataSize: number;
  /** Earliest and latest timestamps as printed (epoch seconds), or 'n/a' (a packet has none). */
  earliest: string;
  latest: string;
}

/** capinfos for several files in one run (it starts fast): a row per readable file, keyed by path. */
export async function capinfos(files: string[]): Promise<Map<string, CapinfosRow>> {
  let stdout: string;
  try {
    ({ stdout } = await run('capinfos', ['-c', '-d', '-a', '-e', '-S', '-M', '-T', '-r', ...files]));
  } catch (err) {
    // capinfos exits non-zero when any file is unreadable, but still reports the others.
    stdout = (err as { stdout?: string }).stdout ?? '';
  }
  const out = new Map<string, CapinfosRow>();
  for (const line of stdout.split('\n')) {
    const f = line.split('\t');
    if (f.length !== 5) continue;
    out.set(f[0], { packets: Number(f[1]), dataSize: Number(f[2]), earliest: f[3], latest: f[4] });
  }
  return out;
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
