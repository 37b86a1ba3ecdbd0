/**
 * Fields with small domains, as direct tables value → class: ports (65,536 values, cut by the
 * sweep), and the discrete fields (zones, services, protocol, fragment, VLAN, DSCP) whose
 * classes are "each value some sub-rule names" plus one for all the others. Cross products
 * fold two small fields into one (a table of nA × nB classes), so that a lookup ANDs fewer
 * bitsets.
 */
import type { PortRange } from '../config/types.js';
import { chainsimError } from '../errors.js';
import { BitsetPool } from './bitset-pool.js';
import type { Sides } from './sweep.js';
import { sweep } from './sweep.js';

export type PortSides = readonly [readonly PortRange[] | null, readonly PortRange[] | null];

/** value → class over 0–65535. */
export function portTable(pool: BitsetPool, sides: readonly PortSides[]): Uint16Array {
  const toIntervals = (list: readonly PortRange[] | null) =>
    list === null ? null : list.map((r) => ({ lo: BigInt(r.lo), hi: BigInt(r.hi) }));
  const { starts, classes } = sweep(
    pool,
    sides.map((s): Sides => [toIntervals(s[0]), toIntervals(s[1])]),
    65536n,
  );
  const table = new Uint16Array(65536);
  for (let i = 0; i < starts.length; i++) {
    const end = i + 1 < starts.length ? Number(starts[i + 1]) : 65536;
    table.fill(classes[i]!, Number(starts[i]), end);
  }
  return table;
}

export interface DiscreteField {
  readonly pool: BitsetPool;
  /** class of value v at table[v + offset]. */
  readonly table: Int32Array;
  readonly offset: number;
  /** The values sub-rules name (ascending) and the class of all other values (-1: none). */
  readonly named: readonly number[];
  readonly other: number;
}

/**
 * A discrete field over values `-offset … domain - offset - 1`. `holds(s, v)` must not tell
 * apart two values that are both outside `named`: then one representative decides for all of
 * them.
 */
export function discreteField(
  bits: number,
  domain: number,
  offset: number,
  named: Iterable<number>,
  holds: (s: number, value: number) => boolean,
): DiscreteField {
  const pool = new BitsetPool(bits);
  const namedSet = new Set<number>();
  for (const v of named) if (v + offset >= 0 && v + offset < domain) namedSet.add(v);
  const b = new Uint32Array(pool.words);
  const classOf = (v: number) => {
    b.fill(0);
    for (let s = 0; s < bits; s++) if (holds(s, v)) b[s >>> 5]! |= 1 << (s & 31);
    return pool.intern(b);
  };
  const table = new Int32Array(domain);
  let other = -1;
  for (let i = 0; i < domain; i++) {
    const v = i - offset;
    if (namedSet.has(v)) table[i] = classOf(v);
    else table[i] = other >= 0 ? other : (other = classOf(v));
  }
  return { pool, table, offset, named: [...namedSet].sort((x, y) => x - y), other };
}

export interface CrossField {
  readonly pool: BitsetPool;
  /** class of (a, b) at table[a * bCount + b]. */
  readonly table: Int32Array;
  readonly bCount: number;
}

const MAX_CROSS = 1 << 24;

/** The classes of a AND b for every pair of classes. */
export function crossField(a: BitsetPool, b: BitsetPool): CrossField {
  const pool = new BitsetPool(32 * a.words);
  const nA = a.size;
  const nB = b.size;
  if (nA * nB > MAX_CROSS) {
    // Unreachable for configs a branch runs (classes come from values the rules name); a
    // clear refusal beats exhausting memory.
    throw chainsimError(
      'CHAINSIM_CONFIG',
      `compiling the policy: ${nA} × ${nB} field classes exceed the classifier's ${MAX_CROSS} table limit`,
    );
  }
  const table = new Int32Array(nA * nB);
  const x = new Uint32Array(a.words);
  const y = new Uint32Array(a.words);
  for (let i = 0; i < nA; i++) {
    a.read(i, x);
    for (let j = 0; j < nB; j++) {
      b.read(j, y);
      for (let w = 0; w < y.length; w++) y[w]! &= x[w]!;
      table[i * nB + j] = pool.intern(y);
    }
  }
  return { pool, table, bCount: nB };
}
