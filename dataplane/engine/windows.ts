/**
 * Bits per 1-second window of the virtual clock, window i covering [i s, i + 1 s) from the first
 * packet (SPEC: redirectMbps.peak1s; the rate chart). Dense for the first DENSE_WINDOWS seconds
 * (8 MB at most), sparse after: a capture whose timestamps span years (a public one spans ten)
 * must not allocate a slot for every second in between.
 */
const DENSE_WINDOWS = 1 << 20;

export class WindowCounts {
  private dense = new Float64Array(64);
  private sparse: Map<number, number> | null = null;
  /** One past the last window with bits. */
  count = 0;

  add(w: number, bits: number): void {
    if (w < this.dense.length) {
      this.dense[w] += bits;
    } else if (w < DENSE_WINDOWS) {
      let size = this.dense.length;
      while (size <= w) size *= 2;
      const grown = new Float64Array(size);
      grown.set(this.dense);
      this.dense = grown;
      this.dense[w] += bits;
    } else {
      this.sparse ??= new Map();
      this.sparse.set(w, (this.sparse.get(w) ?? 0) + bits);
    }
    if (w + 1 > this.count) this.count = w + 1;
  }

  /** Bits of the busiest window. */
  peak(): number {
    let peak = 0;
    const end = Math.min(this.count, this.dense.length);
    for (let i = 0; i < end; i++) if (this.dense[i] > peak) peak = this.dense[i];
    if (this.sparse !== null) for (const bits of this.sparse.values()) if (bits > peak) peak = bits;
    return peak;
  }

  /** The busiest window of each run of `bucket` windows, over the first `windows` windows. */
  busiest(windows: number, bucket: number): Float64Array {
    const out = new Float64Array(Math.ceil(windows / bucket));
    const end = Math.min(this.count, this.dense.length, windows);
    for (let i = 0; i < end; i++) {
      const j = Math.floor(i / bucket);
      if (this.dense[i] > out[j]) out[j] = this.dense[i];
    }
    if (this.sparse !== null) {
      for (const [w, bits] of this.sparse) {
        const j = Math.floor(w / bucket);
        if (w < windows && bits > out[j]) out[j] = bits;
      }
    }
    return out;
  }
}
