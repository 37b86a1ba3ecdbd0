/**
 * Benchmark captures are generated, never committed: made once and reused while neither their
 * parameters nor the code that writes them changes. The file name carries the parameters and a
 * hash of (parameters, package version, the compiled generator, emitter and pcap writer), so a
 * change to `gen` makes a fresh capture instead of benchmarking a stale one; older versions of
 * the same capture are deleted when a new one is made.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../dataplane/gen/index.js';
import { packageRoot } from '../policy/index.js';

export const resultsDir = path.join(packageRoot(), 'bench', 'results');
export const capturesDir = path.join(resultsDir, 'captures');

/** dist/ (this file is dist/bench/capture-file.js once built). */
const distRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The compiled code whose output a generated capture is: gen, the frame emitters and what they
 * use, the pcap writer — not the decoders and readers, which the replay path's work changes. */
const GENERATOR_CODE: readonly [string, (name: string) => boolean][] = [
  ['dataplane/gen', () => true],
  ['dataplane/wire', (n) => /^(emit-.*|checksum|bytes|numbers|offsets)\.js$/.test(n)],
  ['dataplane/capture', (n) => /^(pcap-writer|pcap-format|file-sink)\.js$/.test(n)],
];

function codeDigest(extra: readonly string[]): string {
  const h = createHash('sha256');
  // The package version, not the whole package.json: a new script must not remake 4 GB of captures.
  h.update((JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
  for (const [dir, wanted] of GENERATOR_CODE) {
    const abs = path.join(distRoot, dir);
    for (const f of readdirSync(abs).filter((n) => n.endsWith('.js') && wanted(n)).sort()) {
      h.update(f);
      h.update(readFileSync(path.join(abs, f)));
    }
  }
  for (const f of extra) h.update(readFileSync(f));
  return h.digest('hex');
}

/**
 * The path of capture `stem` for `params`, built by `build(file)` if it is not there yet.
 * `extraCode`: further source files whose change must rebuild it (a bench-side builder).
 */
export function cachedCapture(stem: string, params: object, build: (file: string) => void, extraCode: readonly string[] = []): string {
  mkdirSync(capturesDir, { recursive: true });
  const key = createHash('sha256')
    .update(JSON.stringify(params))
    .update(codeDigest(extraCode))
    .digest('hex')
    .slice(0, 10);
  const name = `${stem}-${key}.pcap`;
  const file = path.join(capturesDir, name);
  if (!existsSync(file)) {
    for (const old of readdirSync(capturesDir)) {
      if (old.startsWith(`${stem}-`) && /^[0-9a-f]{10}\.pcap(\.partial|\.facts\.json)?$/.test(old.slice(stem.length + 1))) {
        rmSync(path.join(capturesDir, old), { force: true });
      }
    }
    process.stderr.write(`bench: generating ${path.relative(packageRoot(), file)} …\n`);
    const partial = `${file}.partial`;
    build(partial);
    renameSync(partial, file);
  }
  return file;
}

/** A `chainsim gen` capture (`mbps`: the profile's default when omitted). */
export function benchCapture(profile: string, packets: number, seed = 1, mbps?: number): string {
  const stem = `${profile}-${packets}-seed${seed}${mbps === undefined ? '' : `-${mbps}mbps`}`;
  return cachedCapture(stem, { gen: profile, packets, seed, mbps: mbps ?? null }, (out) => {
    generate({ profile, packets, seed, mbps, out });
  });
}
