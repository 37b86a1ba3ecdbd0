/**
 * Elementary intervals of a range field (addresses of one family, ports): every start and
 * end + 1 of every sub-rule's intervals cuts the domain; within a piece, each sub-rule's
 * condition is constant. A sweep from 0 upwards keeps, per sub-rule and side, how many of its
 * intervals cover the point, sets the sub-rule's bit while both sides hold, and interns the
 * bitset of each piece. Build time only (BigInt for 128-bit positions).
 */
import type { BitsetPool } from './bitset-pool.js';

export interface Interval {
  readonly lo: bigint;
  readonly hi: bigint; // inclusive
}

/** Per sub-rule, the two sides' intervals; null: the side holds everywhere. */
export type Sides = readonly [readonly Interval[] | null, readonly Interval[] | null];

export interface Pieces {
  /** Start of each piece, ascending; the first is 0. */
  readonly starts: bigint[];
  /** Class (in the pool) of each piece. */
  readonly classes: number[];
}

interface Event {
  readonly at: bigint;
  readonly slot: number; // 2 * sub-rule + side
  readonly delta: 1 | -1;
}

/** Cuts [0, end) into pieces for the sub-rules' `sides` (index = sub-rule). */
export function sweep(pool: BitsetPool, sides: readonly Sides[], end: bigint): Pieces {
  const n = sides.length;
  const events: Event[] = [];
  const counts = new Int32Array(2 * n);
  const needs = new Uint8Array(2 * n);
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < 2; k++) {
      const list = sides[s]![k];
      if (list === null) continue;
      needs[2 * s + k] = 1;
      for (const iv of list) {
        events.push({ at: iv.lo, slot: 2 * s + k, delta: 1 });
        if (iv.hi + 1n < end) events.push({ at: iv.hi + 1n, slot: 2 * s + k, delta: -1 });
      }
    }
  }
  events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const cur = new Uint32Array(pool.words);
  const holds = (s: number) =>
    (needs[2 * s] === 0 || counts[2 * s]! > 0) && (needs[2 * s + 1] === 0 || counts[2 * s + 1]! > 0);
  for (let s = 0; s < n; s++) if (holds(s)) cur[s >>> 5]! |= 1 << (s & 31);

  const starts: bigint[] = [];
  const classes: number[] = [];
  let i = 0;
  let at = 0n;
  for (;;) {
    for (; i < events.length && events[i]!.at === at; i++) {
      const e = events[i]!;
      counts[e.slot]! += e.delta;
      const s = e.slot >>> 1;
      if (holds(s)) cur[s >>> 5]! |= 1 << (s & 31);
      else cur[s >>> 5]! &= ~(1 << (s & 31));
    }
    const c = pool.intern(cur);
    // Adjacent pieces with one class are one piece.
    if (classes.length === 0 || classes[classes.length - 1] !== c) {
      starts.push(at);
      classes.push(c);
    }
    if (i === events.length) break;
    at = events[i]!.at;
  }
  return { starts, classes };
}
