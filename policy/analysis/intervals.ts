/**
 * Sets of integers as sorted, disjoint, non-adjacent closed intervals, flat:
 * `[lo0, hi0, lo1, hi1, …]`. BigInt throughout, so one type holds a 128-bit address range and a
 * port range alike — analysis runs once per config, never per packet.
 */

export type Intervals = readonly bigint[];

export const NONE: Intervals = Object.freeze([]);

export function span(lo: bigint, hi: bigint): Intervals {
  return lo <= hi ? [lo, hi] : NONE;
}

/** The union of `[lo, hi]` pairs given in any order, overlapping or not. */
export function unionOf(pairs: readonly (readonly [bigint, bigint])[]): Intervals {
  const sorted = pairs.filter(([lo, hi]) => lo <= hi).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: bigint[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    // Adjacent ranges merge too ([1,2] ∪ [3,4] = [1,4]), so equal sets have one spelling.
    if (n > 0 && lo <= out[n - 1]! + 1n) {
      if (hi > out[n - 1]!) out[n - 1] = hi;
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

export function isEmpty(a: Intervals): boolean {
  return a.length === 0;
}

export function intersect(a: Intervals, b: Intervals): Intervals {
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]! > b[j]! ? a[i]! : b[j]!;
    const hi = a[i + 1]! < b[j + 1]! ? a[i + 1]! : b[j + 1]!;
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** Whether the sets share a value (intersect without building the result). */
export function meets(a: Intervals, b: Intervals): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

/** Whether every value of a is in b (a \ b is empty, without building it). */
export function within(a: Intervals, b: Intervals): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    // The range of b that could hold a's range i: the first that does not end before it starts.
    while (j < b.length && b[j + 1]! < a[i]!) j += 2;
    if (j === b.length || b[j]! > a[i]! || b[j + 1]! < a[i + 1]!) return false;
  }
  return true;
}

/** a \ b. */
export function subtract(a: Intervals, b: Intervals): Intervals {
  // The common case in region arithmetic: one range of b holds all of a.
  if (a.length === 0 || (b.length === 2 && b[0]! <= a[0]! && a[a.length - 1]! <= b[1]!)) return NONE;
  const out: bigint[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let lo = a[i]!;
    const hi = a[i + 1]!;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    let k = j;
    while (k < b.length && b[k]! <= hi && lo <= hi) {
      if (b[k]! > lo) out.push(lo, b[k]! - 1n);
      lo = b[k + 1]! + 1n;
      k += 2;
    }
    if (lo <= hi) out.push(lo, hi);
  }
  return out;
}
