/**
 * Interned bitsets over sub-rules: the "classes" of the bit-vector classifier. Each field value
 * maps to a class, the class to the set of sub-rules whose condition on that field holds; equal
 * sets share one class, which keeps the tables small (a thousand rules drawn from a few
 * prefixes give a few dozen classes). Beside each bitset sits its summary — bit j set when
 * word j is non-zero (the aggregated bit vector): ANDing the summaries first finds the few
 * words worth ANDing in full.
 */

export class BitsetPool {
  /** 32-bit words per bitset. */
  readonly words: number;
  /** Summary words per bitset: one bit per bitset word. */
  readonly summaryWords: number;
  private bitsBuf: Uint32Array;
  private sumsBuf: Uint32Array;
  private count = 0;
  private readonly byHash = new Map<number, number[]>();

  constructor(bits: number) {
    this.words = Math.ceil(bits / 32);
    this.summaryWords = Math.ceil(this.words / 32);
    this.bitsBuf = new Uint32Array(this.words * 8);
    this.sumsBuf = new Uint32Array(this.summaryWords * 8);
  }

  get size(): number {
    return this.count;
  }

  /** The class of bitset `b` (`words` long), added when new. */
  intern(b: Uint32Array): number {
    const W = this.words;
    let h = 0x811c9dc5;
    for (let i = 0; i < W; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const same = this.byHash.get(h);
    if (same !== undefined) {
      for (const c of same) if (this.equals(c, b)) return c;
    }
    const c = this.count;
    if ((c + 1) * W > this.bitsBuf.length) this.grow();
    this.bitsBuf.set(b.subarray(0, W), c * W);
    const so = c * this.summaryWords;
    for (let i = 0; i < W; i++) if (b[i] !== 0) this.sumsBuf[so + (i >>> 5)]! |= 1 << (i & 31);
    this.count = c + 1;
    if (same === undefined) this.byHash.set(h, [c]);
    else same.push(c);
    return c;
  }

  /** Words per class in `packed()`: the summary, then the bitset. */
  get stride(): number {
    return this.summaryWords + this.words;
  }

  /**
   * Every class as its summary followed by its bitset words, class c at `c * stride`; bitset
   * word w sits at `summaryWords + slot[w]` (a permutation), so that the words a lookup reads
   * first can share the summary's cache line.
   */
  packed(slot: Int32Array): Uint32Array {
    const S = this.summaryWords;
    const W = this.words;
    const out = new Uint32Array(this.count * (S + W));
    for (let c = 0; c < this.count; c++) {
      const o = c * (S + W);
      out.set(this.sumsBuf.subarray(c * S, (c + 1) * S), o);
      for (let w = 0; w < W; w++) out[o + S + slot[w]!] = this.bitsBuf[c * W + w]!;
    }
    return out;
  }

  /** The sub-rules in class `c`, ascending (for describe()). */
  members(c: number): number[] {
    const out: number[] = [];
    const o = c * this.words;
    for (let i = 0; i < this.words; i++) {
      for (let x = this.bitsBuf[o + i]!; x !== 0; x &= x - 1) out.push(32 * i + 31 - Math.clz32(x & -x));
    }
    return out;
  }

  /** Copies class `c`'s bitset into `out`. */
  read(c: number, out: Uint32Array): Uint32Array {
    out.set(this.bitsBuf.subarray(c * this.words, (c + 1) * this.words));
    return out;
  }

  private equals(c: number, b: Uint32Array): boolean {
    const o = c * this.words;
    for (let i = 0; i < this.words; i++) if (this.bitsBuf[o + i] !== b[i]) return false;
    return true;
  }

  private grow(): void {
    const bits = new Uint32Array(this.bitsBuf.length * 2);
    bits.set(this.bitsBuf);
    this.bitsBuf = bits;
    const sums = new Uint32Array(this.sumsBuf.length * 2);
    sums.set(this.sumsBuf);
    this.sumsBuf = sums;
  }
}
