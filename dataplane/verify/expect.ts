/**
 * `expect.yaml` of a verify case (SPEC.md: Verify case): read with the `yaml` package's
 * LineCounter so that every complaint names file:line:col. A malformed file is a usage error
 * (exit 2), raised before any case runs, so that a typo never reads as a failing appliance.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Document, type YAMLMap } from 'yaml';
import { chainsimError } from '../../policy/index.js';
import { OPERATORS, type Expectation, type Operator } from './match.js';

export interface SummaryCheck {
  kind: 'summary';
  entries: { key: string; expected: Expectation }[];
}

export interface TraceCheck {
  kind: 'trace';
  where: Record<string, Expectation>;
  count: Expectation | null;
  all: Record<string, Expectation> | null;
  any: Record<string, Expectation> | null;
  none: Record<string, Expectation> | null;
}

export interface CaptureCheck {
  kind: 'capture';
  iface: string;
  packets: Expectation;
}

export type Check = SummaryCheck | TraceCheck | CaptureCheck;

export interface ExpectFile {
  file: string;
  /** `requires.chainsim`, e.g. ">=0.1.0", or null. */
  chainsim: string | null;
  native: boolean;
  captures: string[];
  /** `--in IFACE=CAPTURE` bindings from `replay.args`. */
  bindings: { bind: string; file: string }[];
  checks: Check[];
  /** The parsed document, kept for `--update` (which rewrites literals in place). */
  doc: Document;
}

class Reader {
  constructor(
    readonly file: string,
    readonly lc: LineCounter,
  ) {}

  fail(node: Node | null | undefined, message: string): never {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lc.linePos(offset);
    throw chainsimError('CHAINSIM_USAGE', `${this.file}:${line}:${col}: ${message}`);
  }

  map(node: unknown, what: string): YAMLMap<unknown, unknown> {
    if (!isMap(node)) this.fail(node as Node, `${what} must be a mapping`);
    return node;
  }

  /** A mapping's entries as [key text, value node] with string keys checked. */
  entries(node: unknown, what: string): [string, unknown][] {
    const map = this.map(node, what);
    return map.items.map((pair) => {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '') this.fail(pair.key as Node, `${what}: keys must be non-empty strings`);
      return [pair.key.value, pair.value];
    });
  }

  /** A literal (any plain value, compared for equality) or one operator object. */
  expectation(node: unknown, what: string): Expectation {
    if (isMap(node) && node.items.length === 1 && isScalar(node.items[0].key) && OPERATORS.includes(node.items[0].key.value as Operator)) {
      const op = node.items[0].key.value as Operator;
      const value = node.items[0].value;
      if (op === 'ne') return { op, value: literal(value) };
      if (!isScalar(value) || typeof value.value !== 'number') this.fail((value ?? node) as Node, `${what}: ${op} needs a number`);
      return { op, value: value.value };
    }
    if (isMap(node) && node.items.some((p) => isScalar(p.key) && OPERATORS.includes(p.key.value as Operator))) {
      this.fail(node, `${what}: an operator object holds exactly one of ${OPERATORS.join(', ')}`);
    }
    return { op: 'eq', value: literal(node) };
  }

  expectations(node: unknown, what: string): Record<string, Expectation> {
    const out: Record<string, Expectation> = {};
    for (const [key, value] of this.entries(node, what)) out[key] = this.expectation(value, `${what}.${key}`);
    return out;
  }

  string(node: unknown, what: string): string {
    if (!isScalar(node) || typeof node.value !== 'string') this.fail(node as Node, `${what} must be a string`);
    return node.value;
  }
}

export function readExpect(file: string): ExpectFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw chainsimError('CHAINSIM_USAGE', `${file}: cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseExpect(text, file);
}

export function parseExpect(text: string, file: string): ExpectFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lc.linePos(e.pos[0]);
    throw chainsimError('CHAINSIM_USAGE', `${file}:${line}:${col}: ${e.message.split('\n')[0]}`);
  }
  const r: Reader = new Reader(file, lc);
  const top = new Map(r.entries(doc.contents, 'expect.yaml'));
  for (const [key] of top) if (!['requires', 'replay', 'checks'].includes(key)) r.fail(keyNode(doc.contents, key), `unknown key "${key}" (requires, replay, checks)`);

  let chainsim: string | null = null;
  let native = false;
  if (top.has('requires')) {
    for (const [key, value] of r.entries(top.get('requires'), 'requires')) {
      if (key === 'chainsim') {
        chainsim = isScalar(value) ? String(value.value) : r.fail(value as Node, 'requires.chainsim must be a version range like ">=0.1.0"');
        if (!/^(>=|<=|>|<|=)?\s*\d+\.\d+\.\d+$/.test(chainsim)) r.fail(value as Node, `requires.chainsim "${chainsim}" is not a range like ">=0.1.0"`);
      } else if (key === 'native') {
        if (!isScalar(value) || typeof value.value !== 'boolean') r.fail(value as Node, 'requires.native must be true or false');
        native = value.value;
      } else r.fail(keyNode(top.get('requires'), key), `unknown key "requires.${key}" (chainsim, native)`);
    }
  }

  if (!top.has('replay')) r.fail(doc.contents, 'missing "replay: { captures: [...] }"');
  const replayNode = top.get('replay');
  const replay = new Map(r.entries(replayNode, 'replay'));
  const capturesNode = replay.get('captures');
  if (!isSeq(capturesNode)) r.fail((capturesNode ?? replayNode) as Node, 'replay.captures must be a list of capture paths');
  const captures = capturesNode.items.map((n, i) => r.string(n, `replay.captures[${i}]`));
  const bindings: { bind: string; file: string }[] = [];
  const argsNode = replay.get('args');
  if (argsNode !== undefined && argsNode !== null) {
    if (!isSeq(argsNode)) r.fail(argsNode as Node, 'replay.args must be a list');
    const args = argsNode.items.map((n, i) => r.string(n, `replay.args[${i}]`));
    for (let i = 0; i < args.length; i++) {
      const eq = args[i + 1]?.indexOf('=') ?? -1;
      // Only --in binds something a case cannot say otherwise (config and scenario are files).
      if (args[i] !== '--in' || eq <= 0) r.fail(argsNode.items[i] as Node, `replay.args: only "--in IFACE=CAPTURE" is accepted, got "${args[i]}"`);
      bindings.push({ bind: args[i + 1].slice(0, eq), file: args[i + 1].slice(eq + 1) });
      i++;
    }
  }
  for (const [key] of replay) if (key !== 'captures' && key !== 'args') r.fail(keyNode(replayNode, key), `unknown key "replay.${key}" (captures, args)`);
  if (captures.length + bindings.length === 0) r.fail(capturesNode, 'replay.captures: no capture given');

  const checksNode = top.get('checks');
  if (!isSeq(checksNode)) r.fail((checksNode ?? doc.contents) as Node, 'checks must be a list');
  const checks = checksNode.items.map((item, i) => readCheck(r, item, `checks[${i}]`));
  return { file, chainsim, native, captures, bindings, checks, doc };
}

function readCheck(r: Reader, node: unknown, what: string): Check {
  const entries = r.entries(node, what);
  if (entries.length !== 1) r.fail(node as Node, `${what} must have exactly one of summary, trace, capture`);
  const [kind, body] = entries[0];
  if (kind === 'summary') {
    const entriesOf = Object.entries(r.expectations(body, `${what}.summary`)).map(([key, expected]) => ({ key, expected }));
    if (entriesOf.length === 0) r.fail(body as Node, `${what}.summary names no key`);
    return { kind, entries: entriesOf };
  }
  if (kind === 'trace') {
    const parts = new Map(r.entries(body, `${what}.trace`));
    for (const [key] of parts) if (!['where', 'count', 'all', 'any', 'none'].includes(key)) r.fail(keyNode(body, key), `unknown key "${what}.trace.${key}" (where, count, all, any, none)`);
    const opt = (key: string): Record<string, Expectation> | null => (parts.has(key) ? r.expectations(parts.get(key), `${what}.trace.${key}`) : null);
    const check: TraceCheck = {
      kind,
      where: opt('where') ?? {},
      count: parts.has('count') ? r.expectation(parts.get('count'), `${what}.trace.count`) : null,
      all: opt('all'),
      any: opt('any'),
      none: opt('none'),
    };
    if (!check.count && !check.all && !check.any && !check.none) r.fail(body as Node, `${what}.trace asserts nothing: give count, all, any or none`);
    return check;
  }
  if (kind === 'capture') {
    const parts = new Map(r.entries(body, `${what}.capture`));
    for (const [key] of parts) if (key !== 'interface' && key !== 'packets') r.fail(keyNode(body, key), `unknown key "${what}.capture.${key}" (interface, packets)`);
    if (!parts.has('interface') || !parts.has('packets')) r.fail(body as Node, `${what}.capture needs interface and packets`);
    return { kind, iface: r.string(parts.get('interface'), `${what}.capture.interface`), packets: r.expectation(parts.get('packets'), `${what}.capture.packets`) };
  }
  return r.fail(node as Node, `${what}: unknown check "${kind}" (summary, trace, capture)`);
}

/** A literal node's plain value (a scalar's value, a collection as JSON, an empty value null). */
function literal(node: unknown): unknown {
  if (isScalar(node)) return node.value;
  return (node as { toJSON(): unknown } | null)?.toJSON() ?? null;
}

function keyNode(map: unknown, key: string): Node | null {
  if (!isMap(map)) return null;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  return (pair?.key as Node | undefined) ?? null;
}
