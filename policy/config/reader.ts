/**
 * A cursor over the parsed YAML tree that remembers where every value was written, and a sink
 * that collects every problem instead of stopping at the first (Click's way: check the whole
 * file, then accept it whole or not at all).
 *
 * Why a hand-written reader and not zod: each message must carry the YAML node's position, say
 * what was expected in the config's own words, suggest a close key, and cross-check names; zod
 * would validate a plain JS copy of the tree (positions lost, found again by path) and its issues
 * would be rewritten one by one anyway. Reading the YAML nodes directly keeps position, path and
 * message in one step.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { empty, missing, notA, unknownKey } from './messages.js';
import { quote } from './show.js';

export interface Issue {
  /** Character offset in the text; turned into line and column when the file is reported. */
  readonly offset: number;
  readonly path: string;
  readonly message: string;
}

export class Issues {
  readonly list: Issue[] = [];
  constructor(readonly doc: Document) {}

  add(offset: number, path: string, message: string): void {
    this.list.push({ offset, path, message });
  }

  at(f: Field, message: string): void {
    this.add(f.at, f.path, message);
  }

  /** Whether a problem was reported at `path` or under it: cross-checks leave such values alone
   * (their stand-in values would only cause false duplicates). */
  reported(path: string): boolean {
    return this.list.some((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  }
}

/** A value at a config path: the node written there, or null when the key is absent or empty. */
export interface Field {
  readonly path: string;
  readonly node: Node | null;
  /** Where messages about it point: the value, or the enclosing map when it is absent. */
  readonly at: number;
  /** The key is present (even with an empty value). */
  readonly written: boolean;
  /** Its parent was already reported as malformed: do not also report it as missing. */
  readonly quiet: boolean;
}

export function offsetOf(node: unknown): number {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range && typeof range[0] === 'number' ? range[0] : 0;
}

/** Follows an alias to its anchor's node; an alias to nothing reads as absent. A null scalar
 * (`key:` with no value) also reads as absent. */
export function resolveNode(doc: Document, node: unknown): Node | null {
  let n = node;
  if (isAlias(n)) n = n.resolve(doc);
  if (n === null || n === undefined) return null;
  if (isScalar(n) && n.value === null) return null;
  return n as Node;
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/** `a.b`, `a[3]`, and `a["odd key"]` for a key that is not a plain name (so that a path never
 * hides a blank, a dot or an invisible character). */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!PLAIN_KEY.test(key)) return `${path}[${quote(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** The plain value of a node, for messages and scalar parsers; collections as an empty array or
 * object so that `show` names their kind. */
export function plainValue(node: Node): unknown {
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return [];
  return {};
}

function absent(path: string, at: number, quiet: boolean): Field {
  return { path, node: null, at, written: false, quiet };
}

/** The fields of a map, with unknown keys reported. A value that is not a map is reported once,
 * and its fields then all read as quietly absent. */
export class Obj {
  private readonly fields = new Map<string, Field>();
  private readonly quiet: boolean;

  constructor(
    issues: Issues,
    private readonly field: Field,
    known: readonly string[],
  ) {
    const node = field.node;
    this.quiet = field.quiet;
    if (node === null) return;
    if (!isMap(node)) {
      issues.at(field, notA(plainValue(node), `a map (keys: ${known.join(', ')})`));
      this.quiet = true;
      return;
    }
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : null;
      if (key === null) {
        issues.add(keyNode ? offsetOf(keyNode) : field.at, field.path, 'a key must be a plain name, not a list or map');
        continue;
      }
      const path = childPath(field.path, key);
      if (!known.includes(key)) {
        issues.add(offsetOf(keyNode), path, unknownKey(key, known));
        continue;
      }
      const value = resolveNode(issues.doc, pair.value);
      const at = pair.value ? offsetOf(pair.value) : offsetOf(keyNode);
      this.fields.set(key, { path, node: value, at: value ? at : offsetOf(keyNode), written: true, quiet: false });
    }
  }

  get(key: string): Field {
    return this.fields.get(key) ?? absent(childPath(this.field.path, key), this.field.at, this.quiet);
  }
}

/** The items of a list; a value that is not a list is reported and reads as empty. With
 * `single`, a lone value stands for a list of one (`dst: 10.0.0.0/8`). */
export function items(issues: Issues, f: Field, expected: string, single = false): Field[] {
  const node = f.node;
  if (node === null) return [];
  if (!isSeq(node)) {
    if (single) return [f];
    issues.at(f, notA(plainValue(node), expected));
    return [];
  }
  return node.items.map((item, i) => {
    const value = resolveNode(issues.doc, item);
    return { path: childPath(f.path, i), node: value, at: offsetOf(item), written: true, quiet: false };
  });
}

/** How to read one kind of value: what is expected (for messages) and the reading itself, which
 * reports its own problems and returns undefined when the value is unusable. */
export interface Reader<T> {
  readonly expected: string;
  read(issues: Issues, f: Field, node: Node): T | undefined;
}

/** Reports a required value that is absent or empty; true when it is there. */
export function present(issues: Issues, f: Field, expected: string): boolean {
  if (f.node !== null) return true;
  if (!f.quiet) issues.at(f, f.written ? empty(expected) : missing(expected));
  return false;
}

/** A required section: absence is reported once, and its own keys then read as quietly absent. */
export function required(issues: Issues, f: Field, expected: string): Field {
  return present(issues, f, expected) ? f : { ...f, quiet: true };
}

/** A required value: absence is reported. */
export function need<T>(issues: Issues, f: Field, r: Reader<T>): T | undefined {
  if (f.node === null) {
    present(issues, f, r.expected);
    return undefined;
  }
  return r.read(issues, f, f.node);
}

/** An optional value with its default (also used when the written value is unusable: the
 * error is already recorded, and the rest of the file is still checked). */
export function opt<T, D>(issues: Issues, f: Field, r: Reader<T>, fallback: D): T | D {
  if (f.node === null) return fallback;
  const v = r.read(issues, f, f.node);
  return v === undefined ? fallback : v;
}
