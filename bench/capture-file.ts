/**
 * Benchmark captures are generated, never committed: made once by `gen` and reused while the
 * profile, packet count and seed stay the same (the name carries them).
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { generate } from '../dataplane/gen/index.js';
import { packageRoot } from '../policy/index.js';

export const resultsDir = path.join(packageRoot(), 'bench', 'results');

export function benchCapture(profile: string, packets: number, seed = 1): string {
  const dir = path.join(resultsDir, 'captures');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${profile}-${packets}-seed${seed}.pcap`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: generating ${path.relative(packageRoot(), file)} …\n`);
    const partial = `${file}.partial`;
    generate({ profile, packets, seed, out: partial });
    renameSync(partial, file);
  }
  return file;
}
