import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import YAML from 'yaml';
import { DEFAULT_CONFIG_PATH, parseConfigText } from '../../../policy/config/index.js';
import { ChainsimError } from '../../../policy/errors.js';

const FILE = 'fuzz.yaml';
const DETAIL = /^fuzz\.yaml:\d+:\d+: \S/;

/** A config either loads, or fails with one CHAINSIM_CONFIG error whose every line is located. */
function checkOutcome(text: string): void {
  let err: unknown = null;
  try {
    parseConfigText(text, FILE);
  } catch (e) {
    err = e;
  }
  if (err === null) return;
  if (!(err instanceof ChainsimError)) throw err;
  expect(err.code).toBe('CHAINSIM_CONFIG');
  expect(err.details.length).toBeGreaterThan(0);
  expect(err.message).toBe(`${FILE}: ${err.details.length} ${err.details.length === 1 ? 'error' : 'errors'}`);
  for (const line of err.details) expect(line).toMatch(DETAIL);
}

const TOKENS = [
  'version',
  'appliance',
  'name',
  'interfaces',
  'routes',
  'firewall',
  'policies',
  'match',
  'dstPort',
  'hostedFirewall',
  'vwire',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\t',
  '- ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '|',
  '>',
  '---\n',
  '%YAML 1.1\n',
  '1',
  '-1',
  '1e400',
  '0x1f',
  'null',
  'true',
  '10.0.0.0/8',
  '2001:db8::/32',
  '100Mbps',
  '\\',
  '\u00e9',
  '\ufeff',
];

const yamlish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(''));

type Json = unknown;
type Path = (string | number)[];

function paths(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  if (prefix.length > 0) out.push(prefix);
  return out;
}

function parentOf(root: Json, path: Path): Record<string | number, Json> {
  let node = root as Record<string | number, Json>;
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, Json>;
  return node;
}

type Mutation = { kind: 'delete' } | { kind: 'set'; value: Json } | { kind: 'rename'; key: string };

function mutate(root: Json, path: Path, m: Mutation): void {
  const parent = parentOf(root, path);
  const last = path[path.length - 1] as string | number;
  if (m.kind === 'set') parent[last] = m.value;
  else if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (!Array.isArray(parent)) {
    const value = parent[last];
    delete parent[last];
    parent[m.key] = value;
  }
}

const DEFAULT_TEXT = readFileSync(DEFAULT_CONFIG_PATH, 'utf8');
const DEFAULT_ROOT = YAML.parse(DEFAULT_TEXT) as Json;
const DEFAULT_PATHS = paths(DEFAULT_ROOT);

const interesting = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('10.1.2.3/8', '::', '0ms', '1Gbps', 'any', 'VM-50', 'redirect', 'hosted-firewall', 'LAN-1', '', 65536, -1, 1.5),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'delete' as const }),
  interesting.map((value) => ({ kind: 'set' as const, value })),
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Name', 'nmae', 'vlan', '__proto__', 'constructor')).map(
    (key) => ({ kind: 'rename' as const, key }),
  ),
);

describe('no input makes the loader throw anything but a located CHAINSIM_CONFIG error', () => {
  it('random YAML-ish text', () => {
    fc.assert(fc.property(yamlish, checkOutcome), { numRuns: 1000 });
  });

  it('mutations of the default config', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }),
        fc.constantFrom('yaml', 'json'),
        (mutations, format) => {
          const root = structuredClone(DEFAULT_ROOT);
          for (const [pick, m] of mutations) {
            const all = paths(root);
            if (all.length === 0) break;
            mutate(root, all[pick % all.length] as Path, m);
          }
          checkOutcome(format === 'json' ? JSON.stringify(root, null, 2) : YAML.stringify(root));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the default config has paths to mutate', () => {
    expect(DEFAULT_PATHS.length).toBeGreaterThan(100);
  });
});
