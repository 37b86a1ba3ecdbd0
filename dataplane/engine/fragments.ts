/**
 * The fragment table (SPEC.md: Fragments): the first fragment of a datagram decides, and later
 * fragments follow it. Keyed by (family, source, destination, protocol, identification), it
 * keeps the first fragment's ports (an ICMP echo's id in both) and TCP flags, holds 4,096
 * datagrams — the oldest forgotten first — and has no timer.
 *
 * A ring of typed arrays: inserting is O(1); a lookup scans from the newest entry back, which
 * finds a datagram's first fragment within a few steps in practice (its later fragments follow
 * it closely) and costs at most one pass over the ring for an orphan.
 */
export const FRAGMENT_TABLE_SIZE = 4096;

export class FragmentTable {
  private readonly keys = new Uint32Array(FRAGMENT_TABLE_SIZE * 10);
  private readonly ports = new Int32Array(FRAGMENT_TABLE_SIZE * 2);
  private readonly flags = new Uint8Array(FRAGMENT_TABLE_SIZE);
  private count = 0;
  private next = 0;
  /** Filled by `find`: the first fragment's ports and TCP flags. */
  srcPort = 0;
  dstPort = 0;
  tcpFlags = 0;

  remember(family: number, proto: number, id: number, src: Uint32Array, dst: Uint32Array, srcPort: number, dstPort: number, tcpFlags: number): void {
    const i = this.next;
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
    this.next = (i + 1) % FRAGMENT_TABLE_SIZE;
    if (this.count < FRAGMENT_TABLE_SIZE) this.count++;
  }

  /** True when the datagram's first fragment was seen (and not yet forgotten); fills the ports. */
  find(family: number, proto: number, id: number, src: Uint32Array, dst: Uint32Array): boolean {
    const keys = this.keys;
    const head = (family << 8) | proto;
    for (let n = 0; n < this.count; n++) {
      const i = (this.next - 1 - n + FRAGMENT_TABLE_SIZE) % FRAGMENT_TABLE_SIZE;
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
}
