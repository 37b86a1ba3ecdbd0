/**
 * The boxes of a policy list's entries as cutters for cover.ts, biggest first. Sizes are BigInt
 * products, worked out once per config rather than for each of the many questions one entry
 * asks (a rule after 10,000 others asks 10,000 of them).
 */
import type { Box } from './boxes.js';

/** Packets in a box: the product of its sets' sizes. */
function volume(b: Box): bigint {
  let v = 1n;
  for (const set of b.sets) {
    let n = 0n;
    for (let i = 0; i < set.length; i += 2) n += set[i + 1]! - set[i]! + 1n;
    v *= n;
  }
  return v;
}

export class Cutters {
  /** Every entry's boxes, entry after entry; entry i's are flat[first[i]] to flat[first[i + 1] - 1]. */
  private readonly flat: Box[] = [];
  private readonly first: Int32Array;
  /** Box g's place when all boxes are ordered biggest first (equal sizes, equal ranks). */
  private readonly rank: Int32Array;

  constructor(boxes: readonly (readonly Box[])[]) {
    this.first = new Int32Array(boxes.length + 1);
    for (let i = 0; i < boxes.length; i++) {
      this.first[i] = this.flat.length;
      for (const b of boxes[i]!) this.flat.push(b);
    }
    this.first[boxes.length] = this.flat.length;
    const sizes = this.flat.map(volume);
    const bySize = sizes.map((_, g) => g).sort((x, y) => (sizes[x]! > sizes[y]! ? -1 : sizes[x]! < sizes[y]! ? 1 : 0));
    this.rank = new Int32Array(sizes.length);
    for (let p = 1; p < bySize.length; p++) {
      const g = bySize[p]!;
      this.rank[g] = sizes[g] === sizes[bySize[p - 1]!] ? this.rank[bySize[p - 1]!]! : p;
    }
  }

  /** The boxes of the entries `cutters`, biggest first (a stable sort: equal sizes stay in the
   * order of `cutters`). Which cutter comes first changes the work, not the answer: big ones
   * first leave fewer pieces to cut. */
  of(cutters: readonly number[]): Box[] {
    const ids: number[] = [];
    for (const j of cutters) for (let g = this.first[j]!; g < this.first[j + 1]!; g++) ids.push(g);
    if (ids.length > 1) ids.sort((x, y) => this.rank[x]! - this.rank[y]!);
    return ids.map((g) => this.flat[g]!);
  }

  /** Entry j's box when it has exactly one, else null. */
  only(j: number): Box | null {
    return this.first[j + 1]! - this.first[j]! === 1 ? this.flat[this.first[j]!]! : null;
  }
}
