/**
 * An address field (src or dst) of the compiled classifier: per family, the sorted starts of
 * its pieces (sweep.ts) and each piece's class. A lookup finds the last start ≤ the address: a
 * jump table on the top bits of word 0 narrows the search to the starts in that chunk, then a
 * binary search over typed arrays finishes it. The table has about four chunks per start (256
 * to 65,536 chunks), so small policies build small tables.
 */
import type { Prefix } from '../config/types.js';
import { formatAddress, bigIntToWords, wordsToBigInt } from '../model/index.js';
import type { BitsetPool } from './bitset-pool.js';
import type { Interval, Sides } from './sweep.js';
import { sweep } from './sweep.js';


interface FamilyTable {
  readonly count: number;
  /** IPv4: one word per start; IPv6: four. */
  readonly starts: Uint32Array;
  readonly classes: Int32Array;
  /** Chunks are the top `32 - shift` bits of word 0. */
  readonly shift: number;
  /** jump[c]: how many starts lie below chunk c; jump[chunks] = count. */
  readonly jump: Int32Array;
}

export type PrefixSides = readonly [readonly Prefix[] | null, readonly Prefix[] | null];

export class AddressField {
  private readonly v4: FamilyTable;
  private readonly v6: FamilyTable;

  constructor(pool: BitsetPool, sides: readonly PrefixSides[]) {
    this.v4 = buildFamily(pool, sides, 4);
    this.v6 = buildFamily(pool, sides, 6);
  }

  /** The class of an address of `family` (4 or 6). */
  classOf(family: number, a: Uint32Array): number {
    if (family === 4) {
      const t = this.v4;
      const a0 = a[0]!;
      const c = a0 >>> t.shift;
      let lo = t.jump[c]!;
      lo = lo > 0 ? lo - 1 : 0;
      let hi = t.jump[c + 1]! - 1;
      const s = t.starts;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (s[mid]! <= a0) lo = mid;
        else hi = mid - 1;
      }
      return t.classes[lo]!;
    }
    const t = this.v6;
    const a0 = a[0]!;
    const c = a0 >>> t.shift;
    let lo = t.jump[c]!;
    lo = lo > 0 ? lo - 1 : 0;
    let hi = t.jump[c + 1]! - 1;
    const s = t.starts;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (startAtMost(s, 4 * mid, a0, a[1]!, a[2]!, a[3]!)) lo = mid;
      else hi = mid - 1;
    }
    return t.classes[lo]!;
  }

  /** Pieces of one family as text lines `start class`, for describe(). */
  describe(family: 4 | 6): string[] {
    const t = family === 4 ? this.v4 : this.v6;
    const step = family === 4 ? 1 : 4;
    const out: string[] = [];
    for (let i = 0; i < t.count; i++) {
      out.push(`${formatAddress(family, t.starts.subarray(step * i, step * i + step))} c${t.classes[i]}`);
    }
    return out;
  }
}

/** Whether the IPv6 start at `o` is ≤ the address (unsigned, word by word). */
function startAtMost(s: Uint32Array, o: number, a0: number, a1: number, a2: number, a3: number): boolean {
  if (s[o] !== a0) return s[o]! < a0;
  if (s[o + 1] !== a1) return s[o + 1]! < a1;
  if (s[o + 2] !== a2) return s[o + 2]! < a2;
  return s[o + 3]! <= a3;
}

function buildFamily(pool: BitsetPool, sides: readonly PrefixSides[], family: 4 | 6): FamilyTable {
  const bits = family === 4 ? 32n : 128n;
  const toIntervals = (list: readonly Prefix[] | null): Interval[] | null =>
    list === null ? null : list.filter((p) => p.family === family).map((p) => prefixInterval(p, bits));
  const { starts, classes } = sweep(
    pool,
    sides.map((s): Sides => [toIntervals(s[0]), toIntervals(s[1])]),
    1n << bits,
  );
  const step = family === 4 ? 1 : 4;
  const packed = new Uint32Array(step * starts.length);
  const tmp = new Uint32Array(4);
  starts.forEach((v, i) => packed.set(bigIntToWords(family, v, tmp).subarray(0, step), step * i));
  const chunkBits = Math.min(16, Math.max(8, Math.ceil(Math.log2(starts.length)) + 2));
  const shift = 32 - chunkBits;
  const chunks = 2 ** chunkBits;
  const jump = new Int32Array(chunks + 1);
  let k = 0;
  for (let c = 0; c <= chunks; c++) {
    while (k < starts.length && packed[step * k]! >>> shift < c) k++;
    jump[c] = k;
  }
  return { count: starts.length, starts: packed, classes: Int32Array.from(classes), shift, jump };
}

function prefixInterval(p: Prefix, bits: bigint): Interval {
  const lo = wordsToBigInt(p.family, p.words) & ~((1n << (bits - BigInt(p.length))) - 1n);
  return { lo, hi: lo + (1n << (bits - BigInt(p.length))) - 1n };
}
