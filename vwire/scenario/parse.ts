/**
 * Reads a scenario file (SPEC.md, Scenario): a YAML list of `{ at: <duration>, do: <event> }`.
 *
 *     - { at: 0s,  do: provision }
 *     - { at: 30s, do: up }
 *
 * Every problem of the file is collected, each as `<file>:<line>:<col>: <path>: <message>`
 * (path `[2].do`), and reported together in one CHAINSIM_SCENARIO error whose `details` are
 * those lines; nothing else is ever thrown, whatever the text. Events come back sorted by time,
 * equal times in file order.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { chainsimError, readDurationNs } from '../../policy/index.js';
import {
  isScenarioEvent,
  SCENARIO_EVENT_STATES,
  SCENARIO_EVENTS,
  type Scenario,
  type ScenarioEvent,
  type ScenarioEventName,
} from './events.js';
import { show } from '../../policy/index.js';
import { didYouMean, suggest } from '../../policy/index.js';

const KEYS = ['at', 'do'] as const;
const EVENT_EXAMPLE = '{ at: 0s, do: provision }';
const EVENT_LIST = `one of ${SCENARIO_EVENTS.join(', ')}`;
const DURATION_EXAMPLE = 'a duration like 90s';

/** A key's value as written: null when empty; `at` is where messages about it point. */
interface Field {
  readonly node: Node | null;
  readonly at: number;
}

interface Issue {
  readonly offset: number;
  readonly path: string;
  readonly message: string;
}

function offsetOf(node: unknown, fallback: number): number {
  const range = (node as { range?: readonly number[] } | null | undefined)?.range;
  return range && typeof range[0] === 'number' ? range[0] : fallback;
}

/** The plain value of a node for messages; collections as an empty array or object so that
 * `show` names their kind. */
function plainValue(node: Node): unknown {
  if (isScalar(node)) return node.value;
  return isSeq(node) ? [] : {};
}

class Reader {
  readonly issues: Issue[] = [];
  constructor(private readonly doc: Document) {}

  add(offset: number, path: string, message: string): void {
    this.issues.push({ offset, path, message });
  }

  /** Follows an alias; null for an empty value. Reports an alias to no anchor. */
  resolve(node: unknown, at: number, path: string): Node | null | 'reported' {
    let n = node;
    if (isAlias(n)) {
      n = n.resolve(this.doc);
      if (n === undefined) {
        this.add(at, path, `alias *${(node as { source: string }).source} names no anchor`);
        return 'reported';
      }
    }
    if (n === null || n === undefined || (isScalar(n) && n.value === null)) return null;
    return n as Node;
  }

  /** One list item: an event, or undefined when it is unusable (its problems recorded). */
  event(item: unknown, index: number, listAt: number): Omit<ScenarioEvent, 'line'> & { offset: number } | undefined {
    const path = `[${index}]`;
    const at = offsetOf(item, listAt);
    const node = this.resolve(item, at, path);
    if (node === 'reported') return undefined;
    if (node === null) {
      this.add(at, path, `empty (expected an event like ${EVENT_EXAMPLE})`);
      return undefined;
    }
    if (!isMap(node)) {
      this.add(at, path, `${show(plainValue(node))} is not an event (expected a map like ${EVENT_EXAMPLE})`);
      return undefined;
    }
    const fields = new Map<string, Field>();
    const suggested = new Set<string>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyAt = offsetOf(keyNode, at);
      if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
        this.add(keyAt, `${path}.?`, 'a key must be a plain name');
        continue;
      }
      const key = String(keyNode.value);
      if (!(KEYS as readonly string[]).includes(key)) {
        const close = suggest(key, KEYS);
        if (close !== null) suggested.add(close);
        const hint = close === null ? ` (known keys: ${KEYS.join(', ')})` : ` (did you mean ${close}?)`;
        this.add(keyAt, `${path}.${key}`, `unknown key${hint}`);
        continue;
      }
      const valueAt = offsetOf(pair.value, keyAt);
      const value = this.resolve(pair.value, valueAt, `${path}.${key}`);
      if (value === 'reported') continue;
      fields.set(key, { node: value, at: value === null ? keyAt : valueAt });
    }
    const atNs = this.time(fields.get('at'), `${path}.at`, at, suggested.has('at'));
    const name = this.name(fields.get('do'), `${path}.do`, at, suggested.has('do'));
    if (atNs === undefined || name === undefined) return undefined;
    return { atNs, event: name, state: SCENARIO_EVENT_STATES[name], index, offset: at };
  }

  /** A field with a value; undefined (after reporting it) when absent or empty. A key that an
   * unknown key was taken for (`dp` → `do`) is not also reported missing. */
  private present(
    field: Field | undefined,
    path: string,
    itemAt: number,
    expected: string,
    misspelt: boolean,
  ): { readonly node: Node; readonly at: number } | undefined {
    if (field === undefined) {
      if (!misspelt) this.add(itemAt, path, `missing (expected ${expected})`);
      return undefined;
    }
    if (field.node === null) {
      this.add(field.at, path, `empty (expected ${expected})`);
      return undefined;
    }
    return { node: field.node, at: field.at };
  }

  private time(field: Field | undefined, path: string, itemAt: number, misspelt: boolean): number | undefined {
    const value = this.present(field, path, itemAt, DURATION_EXAMPLE, misspelt);
    if (value === undefined) return undefined;
    const read = readDurationNs(plainValue(value.node));
    if (read.ok) return read.value;
    this.add(value.at, path, read.error);
    return undefined;
  }

  private name(field: Field | undefined, path: string, itemAt: number, misspelt: boolean): ScenarioEventName | undefined {
    const written = this.present(field, path, itemAt, `an event: ${EVENT_LIST}`, misspelt);
    if (written === undefined) return undefined;
    const value = plainValue(written.node);
    if (isScenarioEvent(value)) return value;
    const hint = typeof value === 'string' ? didYouMean(value, SCENARIO_EVENTS) : '';
    this.add(written.at, path, `${show(value)} is not an event (${EVENT_LIST})${hint}`);
    return undefined;
  }
}

export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const reader = new Reader(doc);
  const events: ScenarioEvent[] = [];
  if (doc.errors.length > 0) {
    // A broken YAML tree is not worth checking further: its shape is the parser's guess.
    for (const e of doc.errors) reader.add(e.pos[0], '', `invalid YAML: ${e.message}`);
  } else {
    const root = reader.resolve(doc.contents, 0, '');
    if (root !== null && root !== 'reported' && !isSeq(root)) {
      reader.add(
        offsetOf(root, 0),
        '',
        `${show(plainValue(root))} is not a scenario (expected a list of events like - ${EVENT_EXAMPLE})`,
      );
    } else if (root !== null && root !== 'reported') {
      const listAt = offsetOf(root, 0);
      root.items.forEach((item, i) => {
        const e = reader.event(item, i, listAt);
        if (e === undefined) return;
        const { offset, ...event } = e;
        events.push({ ...event, line: lines.linePos(offset).line });
      });
    }
  }
  const { issues } = reader;
  if (issues.length > 0) {
    const details = issues
      .map((issue, order) => ({ issue, order }))
      .sort((a, b) => a.issue.offset - b.issue.offset || a.order - b.order)
      .map(({ issue }) => {
        const pos = lines.linePos(issue.offset);
        const where = issue.path === '' ? '' : `${issue.path}: `;
        return `${file}:${pos.line}:${pos.col}: ${where}${issue.message}`;
      });
    throw chainsimError('CHAINSIM_SCENARIO', `${file}: ${details.length} ${details.length === 1 ? 'error' : 'errors'}`, details);
  }
  // Array.prototype.sort is stable: equal times keep file order.
  events.sort((a, b) => a.atNs - b.atNs);
  return { file, events };
}
