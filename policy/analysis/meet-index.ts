/**
 * Which earlier deciding entries have a box that meets an entry's boxes: the candidates that
 * reachability.ts cuts with. The plain answer tests every earlier deciding entry with boxesMeet,
 * which is O(n²) BigInt comparisons over a policy list (5 s of CPU at 10,000 rules). This index
 * gives the same entries in the same ascending order, and looks only at the boxes whose set
 * in one dimension overlaps the entry's.
 *
 * The index holds each range of the deciding boxes' sets in that dimension (the one where the
 * fewest pairs of sets meet, in a sample), sorted by low end. A tree keeps the greatest high
 * end under each node, so a query range visits only the ranges that overlap it
 * (O((k + 1) log n) for k of them). A box found there still has to pass two filters and then
 * boxesMeet, the exact test. The filters may let through boxes that do not meet, but they never
 * drop boxes that do:
 *   - Ranges and hulls as doubles. The index keeps range ends as Numbers, and per box and
 *     dimension [first lo, last hi] (the hull). BigInt → Number rounds to nearest, and rounding
 *     never reverses an order, so when two rounded values compare with a strict `<`, the exact
 *     ones do too. A tie after rounding (128-bit addresses) counts as an overlap, and the exact
 *     test decides.
 *   - Families apart. IPv6 values are shifted up by FAMILY_OFFSET in every dimension, above
 *     every IPv4 value, so boxes of different families never overlap (the rounded addition
 *     keeps order too).
 */
import { FIELDS, boxesMeet, type Box } from './boxes.js';
import { meets } from './intervals.js';

const DIMS = FIELDS.length;
/** IPv6 keys start here: IPv4 values are below 2^32 (addresses) and fields' values ≥ -1. */
const FAMILY_OFFSET = 2 ** 33;
/** Boxes looked at to choose the indexed dimension (SAMPLE² / 2 pairs). */
const SAMPLE = 64;

function key(family: 4 | 6, v: bigint): number {
  const n = Number(v);
  return family === 6 ? FAMILY_OFFSET + n : n;
}

/** Positions in `sorted` (ascending) holding values ≤ `v`. */
function countAtMost(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MeetIndex {
  /** Every entry's boxes, entry after entry; box g belongs to entry owner[g]. */
  private readonly flat: Box[] = [];
  private readonly owner: Int32Array;
  /** Entry i's boxes are flat[first[i]] to flat[first[i + 1] - 1]. */
  private readonly first: Int32Array;
  /** Hull of box g in dimension k: [lo[g·DIMS + k], hi[g·DIMS + k]]. */
  private readonly lo: Float64Array;
  private readonly hi: Float64Array;
  /** The indexed dimension. */
  private readonly dim: number;
  /** The ranges of the deciding boxes' sets in `dim`, in ascending order of their low ends:
   * range p is box box[p]'s, from sortedLo[p]. */
  private readonly box: Int32Array;
  private readonly sortedLo: Float64Array;
  /** Leaf count (a power of two), and per tree node the greatest high end below it; node 1 is
   * the root and node n has children 2n and 2n + 1. */
  private readonly leaves: number;
  private readonly maxHi: Float64Array;
  /** Stamps: tried[g] === triedStamp once box g is tested against the current query box,
   * taken[j] === takenStamp once entry j is a candidate of the current query. */
  private triedStamp = 0;
  private takenStamp = 0;
  private readonly tried: Int32Array;
  private readonly taken: Int32Array;

  /** `boxes`: every entry's boxes; `deciding`: the entries that can be candidates. */
  constructor(boxes: readonly (readonly Box[])[], deciding: readonly number[]) {
    this.first = new Int32Array(boxes.length + 1);
    for (let i = 0; i < boxes.length; i++) {
      this.first[i] = this.flat.length;
      for (const b of boxes[i]!) this.flat.push(b);
    }
    this.first[boxes.length] = this.flat.length;
    const n = this.flat.length;
    this.owner = new Int32Array(n);
    this.lo = new Float64Array(n * DIMS);
    this.hi = new Float64Array(n * DIMS);
    for (let i = 0; i < boxes.length; i++) {
      for (let g = this.first[i]!; g < this.first[i + 1]!; g++) {
        this.owner[g] = i;
        const b = this.flat[g]!;
        for (let k = 0; k < DIMS; k++) {
          const set = b.sets[k]!;
          this.lo[g * DIMS + k] = key(b.family, set[0]!);
          this.hi[g * DIMS + k] = key(b.family, set[set.length - 1]!);
        }
      }
    }
    const indexed: number[] = [];
    for (const i of deciding) for (let g = this.first[i]!; g < this.first[i + 1]!; g++) indexed.push(g);
    const dim = (this.dim = this.leastOverlapping(indexed));
    // One index entry per range of the sets in `dim`, ordered by low end.
    const box: number[] = [];
    const lo: number[] = [];
    const hi: number[] = [];
    for (const g of indexed) {
      const b = this.flat[g]!;
      const set = b.sets[dim]!;
      for (let r = 0; r < set.length; r += 2) {
        box.push(g);
        lo.push(key(b.family, set[r]!));
        hi.push(key(b.family, set[r + 1]!));
      }
    }
    const ranges = box.length;
    const order = new Int32Array(ranges);
    for (let p = 0; p < ranges; p++) order[p] = p;
    order.sort((x, y) => lo[x]! - lo[y]!);
    this.box = new Int32Array(ranges);
    this.sortedLo = new Float64Array(ranges);
    let leaves = 1;
    while (leaves < ranges) leaves *= 2;
    this.leaves = leaves;
    this.maxHi = new Float64Array(2 * leaves).fill(-Infinity);
    for (let p = 0; p < ranges; p++) {
      this.box[p] = box[order[p]!]!;
      this.sortedLo[p] = lo[order[p]!]!;
      this.maxHi[leaves + p] = hi[order[p]!]!;
    }
    for (let node = leaves - 1; node >= 1; node--) this.maxHi[node] = Math.max(this.maxHi[2 * node]!, this.maxHi[2 * node + 1]!);
    this.tried = new Int32Array(n);
    this.taken = new Int32Array(boxes.length);
  }

  /** The dimension in which the fewest pairs of sets meet (the pairs a query on it has to look
   * at), counted on up to SAMPLE boxes spread evenly over the list. Any choice gives the same
   * candidates; a good one only makes queries cheaper. */
  private leastOverlapping(boxes: readonly number[]): number {
    const step = Math.max(1, boxes.length / SAMPLE);
    const sample: Box[] = [];
    for (let p = 0; p < boxes.length; p += step) sample.push(this.flat[boxes[Math.floor(p)]!]!);
    const overlaps = new Float64Array(DIMS);
    for (let x = 0; x < sample.length; x++) {
      for (let y = x + 1; y < sample.length; y++) {
        const a = sample[x]!;
        const b = sample[y]!;
        if (a.family !== b.family) continue;
        for (let k = 0; k < DIMS; k++) if (meets(a.sets[k]!, b.sets[k]!)) overlaps[k]++;
      }
    }
    let best = 0;
    for (let k = 1; k < DIMS; k++) if (overlaps[k]! < overlaps[best]!) best = k;
    return best;
  }

  /** The deciding entries before entry `i` with a box that meets one of entry i's boxes, in
   * ascending order: exactly what testing each with boxesMeet gives. */
  meeting(i: number): number[] {
    const out: number[] = [];
    this.takenStamp++;
    for (let a = this.first[i]!; a < this.first[i + 1]!; a++) {
      this.triedStamp++;
      const b = this.flat[a]!;
      const set = b.sets[this.dim]!;
      for (let r = 0; r < set.length; r += 2) {
        const end = countAtMost(this.sortedLo, key(b.family, set[r + 1]!));
        this.visit(1, 0, this.leaves, end, key(b.family, set[r]!), a, i, out);
      }
    }
    return out.sort((x, y) => x - y);
  }

  /** Tree node `node`, over sorted positions [from, to): the ranges at positions below `end`
   * (low end ≤ the query range's high end) that reach `qlo`; their boxes are tested against
   * box a of entry i. */
  private visit(node: number, from: number, to: number, end: number, qlo: number, a: number, i: number, out: number[]): void {
    if (from >= end || this.maxHi[node]! < qlo) return;
    if (to - from > 1) {
      const mid = (from + to) >>> 1;
      this.visit(2 * node, from, mid, end, qlo, a, i, out);
      this.visit(2 * node + 1, mid, to, end, qlo, a, i, out);
      return;
    }
    const g = this.box[from]!;
    const j = this.owner[g]!;
    if (j >= i || this.taken[j] === this.takenStamp || this.tried[g] === this.triedStamp) return;
    this.tried[g] = this.triedStamp;
    if (!this.hullsMeet(a, g) || !boxesMeet(this.flat[a]!, this.flat[g]!)) return;
    this.taken[j] = this.takenStamp;
    out.push(j);
  }

  private hullsMeet(a: number, g: number): boolean {
    const { lo, hi } = this;
    for (let k = a * DIMS, m = g * DIMS, last = k + DIMS; k < last; k++, m++) {
      if (hi[k]! < lo[m]! || hi[m]! < lo[k]!) return false;
    }
    return true;
  }
}
