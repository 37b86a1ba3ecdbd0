/**
 * The fragment table (SPEC.md: Fragments): the first fragment of a datagram decides, and later
 * fragments follow it. Keyed by (family, source, destination, protocol, identification), it
 * keeps the first fragment's ports (an ICMP echo's id in both) and TCP flags, holds 4,096
 * datagrams — the oldest forgotten first — and has no timer.
 *
 * A ring of typed arrays with a chained hash index over it: each bucket lists its ring entries
 * newest first, so a lookup finds the newest datagram with the key (as a scan back from the
 * newest entry would) in a few steps — also for an orphan, which once cost a pass over the
 * whole ring (4,096 key comparisons per packet in a flood of orphans). The entry a new one
 * overwrites leaves its bucket first.
 */
export const FRAGMENT_TABLE_SIZE = 4096;
const BUCKETS = FRAGMENT_TABLE_SIZE * 2;
const NONE = -1;

function hashKey(head: number, id: number, src: Uint32Array, dst: Uint32Array): number {
  let h = Math.imul(head ^ 0x2545f491, 0x9e3779b1) ^ id;
  for (let i = 0; i < 4; i++) {
    h = Math.imul(h ^ src[i], 0x85ebca6b);
    h = Math.imul(h ^ dst[i], 0xc2b2ae35);
    h ^= h >>> 15;
  }
  return (h >>> 0) & (BUCKETS - 1);
}

export class FragmentTable {
  private readonly keys = new Uint32Array(FRAGMENT_TABLE_SIZE * 10);
  private readonly ports = new Int32Array(FRAGMENT_TABLE_SIZE * 2);
  private readonly flags = new Uint8Array(FRAGMENT_TABLE_SIZE);
  /** Per bucket, its newest ring entry; per ring entry, the next older one in its bucket. */
  private readonly bucketHead = new Int32Array(BUCKETS).fill(NONE);
  private readonly chainNext = new Int32Array(FRAGMENT_TABLE_SIZE).fill(NONE);
  private readonly bucketOf = new Int32Array(FRAGMENT_TABLE_SIZE);
  private count = 0;
  private next = 0;
  /** Filled by `find`: the first fragment's ports and TCP flags. */
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;

  remember(family: number, proto: number, id: number, src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, tcpFlags: number): void {
    const i = this.next;
    if (this.count === FRAGMENT_TABLE_SIZE) this.unlink(i);
    const k = i * 10;
    const keys = this.keys;
    keys[k] = (family << 8) | proto;
    keys[k + 1] = id;
    keys[k + 2] = src[0];
    keys[k + 3] = src[1];
    keys[k + 4] = src[2];
    keys[k + 5] = src[3];
    keys[k + 6] = dst[0];
    keys[k + 7] = dst[1];
    keys[k + 8] = dst[2];
    keys[k + 9] = dst[3];
    this.ports[i * 2] = srcPort;
    this.ports[i * 2 + 1] = dstPort;
    this.flags[i] = tcpFlags;
    const b = hashKey((family << 8) | proto, id, src, dst);
    this.bucketOf[i] = b;
    this.chainNext[i] = this.bucketHead[b];
    this.bucketHead[b] = i;
    this.next = (i + 1) % FRAGMENT_TABLE_SIZE;
    if (this.count < FRAGMENT_TABLE_SIZE) this.count++;
  }

  /** True when the datagram's first fragment was seen (and not yet forgotten); fills the ports. */
  find(family: number, proto: number, id: number, src: Uint32Array, dst: Uint32Array): boolean {
    const keys = this.keys;
    const head = (family << 8) | proto;
    for (let i = this.bucketHead[hashKey(head, id, src, dst)]; i !== NONE; i = this.chainNext[i]) {
      const k = i * 10;
      if (
        keys[k + 1] === id &&
        keys[k] === head &&
        keys[k + 2] === src[0] &&
        keys[k + 3] === src[1] &&
        keys[k + 4] === src[2] &&
        keys[k + 5] === src[3] &&
        keys[k + 6] === dst[0] &&
        keys[k + 7] === dst[1] &&
        keys[k + 8] === dst[2] &&
        keys[k + 9] === dst[3]
      ) {
        this.srcPort = this.ports[i * 2];
        this.dstPort = this.ports[i * 2 + 1];
        this.tcpFlags = this.flags[i];
        return true;
      }
    }
    return false;
  }

  /** Takes ring entry `i` (the oldest, about to be overwritten) out of its bucket. */
  private unlink(i: number): void {
    const b = this.bucketOf[i];
    let at = this.bucketHead[b];
    if (at === i) {
      this.bucketHead[b] = this.chainNext[i];
      return;
    }
    while (at !== NONE) {
      const after = this.chainNext[at];
      if (after === i) {
        this.chainNext[at] = this.chainNext[i];
        return;
      }
      at = after;
    }
  }
}
