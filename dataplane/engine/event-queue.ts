/**
 * The event queue of the virtual clock: a binary min-heap ordered by (time, insertion order), so
 * that events at the same instant run in the order they were scheduled — deterministic ties.
 * Only packets that wait (the ceiling's queue, the firewall's latency) go through it; a packet
 * that passes at once never touches the heap.
 */
export class EventQueue<T> {
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private kinds = new Uint8Array(64);
  private items: (T | undefined)[] = [];
  private count = 0;
  private seq = 0;

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, Infinity when empty. */
  nextAt(): number {
    return this.count > 0 ? this.times[0] : Infinity;
  }

  peekKind(): number {
    return this.kinds[0];
  }

  push(at: number, kind: number, item: T): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    const seq = this.seq++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(parent, at, seq)) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = at;
    this.seqs[i] = seq;
    this.kinds[i] = kind;
    this.items[i] = item;
  }

  pop(): T {
    const top = this.items[0] as T;
    const last = --this.count;
    const at = this.times[last];
    const seq = this.seqs[last];
    const kind = this.kinds[last];
    const item = this.items[last];
    this.items[last] = undefined;
    let i = 0;
    // Sift the last element down from the root.
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.less(right, left) ? right : left;
      if (!this.before(child, at, seq)) break;
      this.move(child, i);
      i = child;
    }
    if (last > 0) {
      this.times[i] = at;
      this.seqs[i] = seq;
      this.kinds[i] = kind;
      this.items[i] = item;
    }
    return top;
  }

  /** Whether the element at `i` comes before (at, seq). */
  private before(i: number, at: number, seq: number): boolean {
    return this.times[i] < at || (this.times[i] === at && this.seqs[i] < seq);
  }

  private less(a: number, b: number): boolean {
    return this.times[a] < this.times[b] || (this.times[a] === this.times[b] && this.seqs[a] < this.seqs[b]);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.seqs[to] = this.seqs[from];
    this.kinds[to] = this.kinds[from];
    this.items[to] = this.items[from];
  }

  private grow(): void {
    const size = this.times.length * 2;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
  }
}
