/**
 * Expectations of verify checks: a literal (deep equality) or one operator object, and dotted
 * paths into the summary or a trace record. A path that leads nowhere is MISSING, never
 * undefined-equals-something, so that a typo fails instead of passing.
 */
import { isDeepStrictEqual } from 'node:util';

export const OPERATORS = ['gt', 'gte', 'lt', 'lte', 'ne'] as const;
export type Operator = (typeof OPERATORS)[number];

/** `ne` takes any literal (`reason: { ne: fw-deny }`); the orderings take numbers. */
export type Expectation = { op: 'eq' | 'ne'; value: unknown } | { op: Exclude<Operator, 'ne'>; value: number };

export const MISSING: unique symbol = Symbol('missing');

/**
 * The value at a dotted path; `MISSING` when an object on the way lacks the key. A null on the
 * way gives null (a trace's `redirect.interface` is null when `redirect` is).
 */
export function resolve(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const part of path.split('.')) {
    if (v === null) return null;
    if (typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, part)) return MISSING;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export function holds(e: Expectation, actual: unknown): boolean {
  if (e.op === 'eq') return isDeepStrictEqual(actual, e.value);
  if (e.op === 'ne') return !isDeepStrictEqual(actual, e.value);
  if (typeof actual !== 'number') return false;
  switch (e.op) {
    case 'gt':
      return actual > e.value;
    case 'gte':
      return actual >= e.value;
    case 'lt':
      return actual < e.value;
    case 'lte':
      return actual <= e.value;
  }
}

const SYMBOL: Record<Operator, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=', ne: '!=' };

export function showExpectation(e: Expectation): string {
  return e.op === 'eq' ? show(e.value) : `${SYMBOL[e.op]} ${show(e.value)}`;
}

export function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Whether a record matches every key of a `where`/`all`/`any`/`none` object. */
export function matchesAll(record: unknown, wanted: Record<string, Expectation>): boolean {
  for (const key in wanted) if (!holds(wanted[key], resolve(record, key))) return false;
  return true;
}
