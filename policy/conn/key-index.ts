/**
 * The keys of a FlowTable and the hash index over them: canonical keys stored per slot (key.ts)
 * and an open-addressing table with linear probing whose entries carry the hash beside the slot,
 * so a lookup reads one index line and one key record. Deletion shifts the following entries
 * back (no tombstones, so probe lengths never degrade with churn). The index has at least twice
 * as many entries as slots (load ≤ 0.5).
 *
 * `find` canonicalises the key and remembers it; `insert` adds that remembered key, so create()
 * hashes once. The table guarantees that the key arrays passed to `find` are untouched in between.
 */
import { grown } from './grown.js';
import { asDouble } from '../model/double.js';
import { hashKey, hashStored, isSwapped, KEY_WORDS, keyMeta, keyPorts } from './key.js';

function entriesFor(size: number): number {
  let n = 2;
  while (n < size * 2) n *= 2;
  return n;
}

const EMPTY = -1;

/** What `read` fills (a policy Tuple fits). */
export interface ConnKeyOut {
  family: number;
  proto: number;
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  srcPort: number;
  dstPort: number;
}

export class KeyIndex {
  keys: Uint32Array;
  /** Set by find(): 1 when the packet's source is the canonical B endpoint. */
  swapped = 0;

  /** Per entry: [2e] the key's hash, [2e+1] its slot or EMPTY. */
  private index: Int32Array;
  private mask: number;
  // The key of the last find(), canonical (A first).
  private hash = 0;
  private meta = 0;
  // Up to 2^32 - 1: a double from the start (model/double.ts).
  private ports = asDouble(0);
  private a: Uint32Array = new Uint32Array(4);
  private b: Uint32Array = new Uint32Array(4);
  private v6 = false;

  constructor(size: number) {
    this.keys = new Uint32Array(size * KEY_WORDS);
    const entries = entriesFor(size);
    this.index = new Int32Array(entries * 2).fill(EMPTY);
    this.mask = entries - 1;
  }

  /** The slot holding this key, or -1; either way the key is remembered for insert(). */
  find(
    family: number,
    proto: number,
    src: Uint32Array,
    dst: Uint32Array,
    srcPort: number,
    dstPort: number,
  ): number {
    const swapped = isSwapped(family, src, dst, srcPort, dstPort);
    const v6 = family === 6;
    const meta = keyMeta(family, proto);
    const a = swapped ? dst : src;
    const b = swapped ? src : dst;
    const ports = swapped ? keyPorts(dstPort, srcPort) : keyPorts(srcPort, dstPort);
    const h = hashKey(meta, ports, a, b, v6);
    this.swapped = swapped ? 1 : 0;
    this.hash = h;
    this.meta = meta;
    this.ports = ports;
    this.a = a;
    this.b = b;
    this.v6 = v6;

    const index = this.index;
    const keys = this.keys;
    const mask = this.mask;
    for (let e = h & mask; ; e = (e + 1) & mask) {
      const slot = index[2 * e + 1];
      if (slot === EMPTY) return -1;
      if (index[2 * e] !== h) continue;
      const k = slot * KEY_WORDS;
      if (
        keys[k] === meta &&
        keys[k + 1] === ports &&
        keys[k + 2] === a[0] &&
        keys[k + 3] === b[0] &&
        (!v6 ||
          (keys[k + 4] === a[1] &&
            keys[k + 5] === a[2] &&
            keys[k + 6] === a[3] &&
            keys[k + 7] === b[1] &&
            keys[k + 8] === b[2] &&
            keys[k + 9] === b[3]))
      ) {
        return slot;
      }
    }
  }

  /** Stores the key of the last find() (which returned -1) in `slot` and indexes it. */
  insert(slot: number): void {
    const k = slot * KEY_WORDS;
    const keys = this.keys;
    const a = this.a;
    const b = this.b;
    keys[k] = this.meta;
    keys[k + 1] = this.ports;
    keys[k + 2] = a[0];
    keys[k + 3] = b[0];
    if (this.v6) {
      keys[k + 4] = a[1];
      keys[k + 5] = a[2];
      keys[k + 6] = a[3];
      keys[k + 7] = b[1];
      keys[k + 8] = b[2];
      keys[k + 9] = b[3];
    } else {
      keys.fill(0, k + 4, k + KEY_WORDS);
    }
    this.place(this.hash, slot);
  }

  /** Takes the key in `slot` out of the index (the slot's words stay until reused). */
  remove(slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let hole = hashStored(this.keys, slot * KEY_WORDS) & mask;
    while (index[2 * hole + 1] !== slot) hole = (hole + 1) & mask;
    // Shift back every following entry of the run that may not sit beyond the hole.
    for (let e = (hole + 1) & mask; index[2 * e + 1] !== EMPTY; e = (e + 1) & mask) {
      const home = index[2 * e] & mask;
      const stays = hole <= e ? hole < home && home <= e : hole < home || home <= e;
      if (stays) continue;
      index[2 * hole] = index[2 * e];
      index[2 * hole + 1] = index[2 * e + 1];
      hole = e;
    }
    index[2 * hole + 1] = EMPTY;
  }

  /** Empties the index. */
  clear(): void {
    this.index.fill(EMPTY);
  }

  /** Room for `size` slots; re-indexes slots 0 … used-1, which must all be live. */
  grow(size: number, used: number): void {
    this.keys = grown(this.keys, size * KEY_WORDS);
    const entries = entriesFor(size);
    this.index = new Int32Array(entries * 2).fill(EMPTY);
    this.mask = entries - 1;
    for (let s = 0; s < used; s++) this.place(hashStored(this.keys, s * KEY_WORDS), s);
  }

  /** Writes the key of `slot`, the B endpoint as source when `bFirst`. */
  read(slot: number, bFirst: boolean, out: ConnKeyOut): void {
    const k = slot * KEY_WORDS;
    const keys = this.keys;
    out.family = keys[k] >>> 8;
    out.proto = keys[k] & 0xff;
    // Word 0 of A is at 2 (the rest at 4..6), of B at 3 (the rest at 7..9).
    const srcRest = bFirst ? 7 : 4;
    const dstRest = bFirst ? 4 : 7;
    out.src[0] = keys[k + (bFirst ? 3 : 2)];
    out.dst[0] = keys[k + (bFirst ? 2 : 3)];
    for (let i = 0; i < 3; i++) {
      out.src[i + 1] = keys[k + srcRest + i];
      out.dst[i + 1] = keys[k + dstRest + i];
    }
    const portA = keys[k + 1] >>> 16;
    const portB = keys[k + 1] & 0xffff;
    out.srcPort = bFirst ? portB : portA;
    out.dstPort = bFirst ? portA : portB;
  }

  private place(h: number, slot: number): void {
    const index = this.index;
    const mask = this.mask;
    let e = h & mask;
    while (index[2 * e + 1] !== EMPTY) e = (e + 1) & mask;
    index[2 * e] = h;
    index[2 * e + 1] = slot;
  }
}
