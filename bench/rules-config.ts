/**
 * Use case 1 with `rules` policy rules in all: `rules - 2` standard rules that the benchmark
 * traffic never matches, placed before the two redirect rules of the use case, so every new
 * connection is classified past all of them and matched last. The fillers are ACL-like and
 * distinct (a /24 of 240.0.0.0/4 each — no generated host lives there — with a port and a
 * protocol), so no rule shadows another and lint has nothing to say about them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../policy/index.js';
import { resultsDir } from './capture-file.js';

export const USECASE1_CONFIG = path.join(packageRoot(), 'fixtures', 'configs', 'usecase1-redirect-all.yaml');

function fillerRule(k: number): string {
  const net = `${240 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}.0/24`;
  const proto = k % 3 === 2 ? 'udp' : 'tcp';
  const verb = k % 2 === 0 ? 'drop' : 'allow';
  return `        - { name: filler-${k}, action: ${verb}, match: { dst: ${net}, dstPort: ${1 + (k % 65000)}, protocol: ${proto} } }`;
}

/** Writes (once per size) the config with `rules` rules and returns its path. */
export function rulesConfig(rules: number): string {
  if (rules < 2) throw new Error('bench: a rules config has the two redirect rules at least');
  const text = readFileSync(USECASE1_CONFIG, 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === 'preAppliance:');
  if (at < 0) throw new Error(`bench: no "preAppliance:" line in ${USECASE1_CONFIG}`);
  const fillers = Array.from({ length: rules - 2 }, (_, k) => fillerRule(k));
  const out = [...lines.slice(0, at + 1), ...fillers, ...lines.slice(at + 1)].join('\n');
  const dir = path.join(resultsDir, 'configs');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `usecase1-${rules}-rules.yaml`);
  writeFileSync(file, out);
  return file;
}
