/**
 * Counts distinct connections (canonical 5-tuples: both directions are one) for `inspect`.
 * Not on the replay path, so a Set of compact string keys is plain and fast enough.
 */
import type { PacketView } from '../wire/index.js';

export class ConnectionCounter {
  private readonly seen = new Set<string>();

  get size(): number {
    return this.seen.size;
  }

  add(view: PacketView): void {
    const a = `${view.src[0]},${view.src[1]},${view.src[2]},${view.src[3]},${view.srcPort}`;
    const b = `${view.dst[0]},${view.dst[1]},${view.dst[2]},${view.dst[3]},${view.dstPort}`;
    this.seen.add(a < b ? `${view.family}/${view.proto}/${a}/${b}` : `${view.family}/${view.proto}/${b}/${a}`);
  }
}
