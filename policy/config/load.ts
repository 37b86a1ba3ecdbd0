/**
 * Loading a config: YAML or JSON text (JSON is YAML) → `LoadedConfig`, or one CHAINSIM_CONFIG
 * error that lists every problem of the file, one line each, sorted by position:
 *
 *     config.yaml:12:23: firewall.policies[3].match.dstPort: 70000 is not a port (0-65535)
 *
 * `parseConfigText` is pure; `loadConfig` and `loadDefaultConfig` are the only places in policy/
 * that touch the file system.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { chainsimError } from '../errors.js';
import type { AppConfig, LoadedConfig } from './types.js';
import { BUILTIN_ZONES } from './types.js';
import { errorCount, invalidYaml, notA } from './messages.js';
import { Issues, Obj, need, offsetOf, plainValue, required, resolveNode, type Field, type Reader } from './reader.js';
import { makeLocate, offsetAt, toLocation } from './locate.js';
import { crossCheck } from './crossref.js';
import { readAppliance, readApplications, readGlobal, readInterfaces, readRoutes, readZones } from './sections/network.js';
import { readHostedFirewall } from './sections/hosted-firewall.js';
import { readFirewall } from './sections/firewall.js';
import { readVwire } from './sections/vwire.js';

const SECTIONS = [
  'version',
  'appliance',
  'global',
  'zones',
  'interfaces',
  'routes',
  'applications',
  'hostedFirewall',
  'firewall',
  'vwire',
] as const;

const VERSION: Reader<1> = {
  expected: '1',
  read(issues, f, node) {
    const v = plainValue(node);
    if (v === 1) return 1;
    issues.at(f, `${notA(v, 'a supported version')} (this chainsim reads version 1)`);
    return undefined;
  },
};

function readConfig(issues: Issues, root: Field): AppConfig {
  const o = new Obj(issues, root, SECTIONS);
  need(issues, o.get('version'), VERSION);
  const appliance = readAppliance(issues, required(issues, o.get('appliance'), 'a map (keys: name, model, managementIp, services, ha)'));
  const declaredZones = readZones(issues, o.get('zones'));
  const config: AppConfig = {
    version: 1,
    appliance,
    global: readGlobal(issues, o.get('global')),
    zones: [...new Set([...declaredZones.filter((z) => z !== ''), ...BUILTIN_ZONES])],
    interfaces: readInterfaces(issues, o.get('interfaces')),
    routes: readRoutes(issues, o.get('routes')),
    applications: readApplications(issues, o.get('applications')),
    hostedFirewall: readHostedFirewall(issues, o.get('hostedFirewall'), appliance.name),
    firewall: readFirewall(issues, o.get('firewall')),
    vwire: readVwire(issues, o.get('vwire')),
  };
  crossCheck(issues, (path) => offsetAt(issues.doc, path), config, declaredZones);
  return config;
}

/** The yaml parser is third-party code fed arbitrary text: whatever it throws (a stack overflow
 * on absurd nesting, say) is reported as the file being invalid, never as a crash. */
function parse(text: string, lineCounter: LineCounter): Document | Error {
  try {
    return parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

function fail(file: string, lineCounter: LineCounter, issues: Issues['list']): never {
  const sorted = [...issues].sort((a, b) => a.offset - b.offset);
  const details = sorted.map((i) => {
    const { line, column } = toLocation(file, lineCounter, i.offset);
    return `${file}:${line}:${column}: ${i.path === '' ? '' : `${i.path}: `}${i.message}`;
  });
  throw chainsimError('CHAINSIM_CONFIG', errorCount(file, details.length), details);
}

/** Parses and validates config text; `file` names it in messages. Throws one CHAINSIM_CONFIG
 * error listing every problem. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parse(text, lineCounter);
  if (doc instanceof Error) {
    fail(file, lineCounter, [{ offset: 0, path: '', message: invalidYaml(doc.message) }]);
  }
  const issues = new Issues(doc);
  if (doc.errors.length > 0) {
    for (const e of doc.errors) issues.add(e.pos[0], '', invalidYaml(e.message));
    fail(file, lineCounter, issues.list);
  }
  const node = resolveNode(doc, doc.contents);
  if (node === null) {
    fail(file, lineCounter, [{ offset: 0, path: '', message: 'the config is empty (expected a map starting with version: 1)' }]);
  }
  const root: Field = { path: '', node, at: offsetOf(doc.contents), written: true, quiet: false };
  const config = readConfig(issues, root);
  if (issues.list.length > 0) fail(file, lineCounter, issues.list);
  return { config, file, locate: makeLocate(file, doc, lineCounter) };
}

/** Reads and validates a config file (YAML or JSON). */
export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw chainsimError('CHAINSIM_CONFIG', `${file}: cannot read the config: ${reason}`);
  }
  return parseConfigText(text, file);
}

/** The folder with package.json above this module: `policy/config/` from source, or
 * `dist/policy/config/` once compiled. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw chainsimError('CHAINSIM_INTERNAL', `no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

/** The embedded default config (SPEC.md), shipped in the package. */
export const DEFAULT_CONFIG_PATH = join(packageRoot(), 'fixtures', 'configs', 'default.yaml');

export function loadDefaultConfig(): LoadedConfig {
  return loadConfig(DEFAULT_CONFIG_PATH);
}
