/**
 * FlowTable: the connection table of the appliance and the session table of the hosted firewall.
 * Typed arrays only, nothing allocated per packet; the caller passes the time (`now`, integer
 * nanoseconds since the first packet, never going back: an earlier `now` counts as the latest).
 *
 * Per packet, in this order:
 *
 *     table.expire(now);                                   // SPEC: expiry comes before a packet
 *     let slot = table.lookup(t.family, t.proto, t.src, t.dst, t.srcPort, t.dstPort);
 *     if (slot < 0) slot = table.create(t.family, t.proto, t.src, t.dst, t.srcPort, t.dstPort, now);
 *     if (slot < 0) drop('conn-table-full');               // only with evictWhenFull: false
 *     table.update(slot, table.lastDirection, t.tcpFlags, now);   // the first packet too
 *     decision = table.userData[slot * width];              // re-read arrays after create()
 *
 * Options: `capacity` (most connections at once, SPEC `maxConnections`), `timeouts` (seconds,
 * `firewall.timeouts`), `evictWhenFull` (at capacity: evict the connection seen least recently,
 * or refuse with -1), `initialSize` (slots allocated at first, default 1024; storage doubles up
 * to `capacity`), `userWidth` (Int32 words per slot the caller owns, zeroed at create),
 * `onExpire(slot)` / `onEvict(slot)` (called just before the slot is freed; they may read the
 * table's arrays but must not call its methods).
 *
 * Layout (≈ 90 bytes per slot + 4 per user word): the canonical keys and their hash index
 * (key-index.ts), and one doubly-linked list per state code, most recently seen first. Every
 * connection in a list has the same timeout and the clock never goes back, so each list is also
 * sorted by deadline: expiry looks only at the tails, and the connection seen least recently
 * overall is the tail with the smallest touch number. So a packet moves one list entry, and a
 * lower bound of the next deadline makes `expire` one comparison when nothing is due.
 *
 * Slot ids are reused after removal (`flowId` tells generations apart). Growth replaces the
 * arrays: read `state`, `lastSeen`, `flowId` and `userData` through the table after create().
 */
import { chainsimError } from '../errors.js';
import type { Timeouts } from '../config/types.js';
import { asDouble } from '../model/double.js';
import { grown } from './grown.js';
import { KeyIndex, type ConnKeyOut } from './key-index.js';
import {
  CONN_FREE,
  CONN_STATE_COUNT,
  initialState,
  isExpired,
  nextState,
  timeoutTable,
} from './state.js';

export interface FlowTableOptions {
  readonly capacity: number;
  readonly timeouts: Timeouts;
  readonly evictWhenFull: boolean;
  readonly initialSize?: number;
  readonly userWidth?: number;
  readonly onExpire?: (slot: number) => void;
  readonly onEvict?: (slot: number) => void;
}

/** Bounds the arrays (10 key words per slot) well below typed-array limits. */
export const MAX_CAPACITY = 1 << 24;
const DEFAULT_INITIAL_SIZE = 1024;
const MAX_USER_WIDTH = 64;
/** flags bit: the initiator is the canonical B endpoint (its packet was swapped). */
const INITIATOR_IS_B = 1;

function badOption(what: string): never {
  throw chainsimError('CHAINSIM_CONFIG', `creating a connection table: ${what}`);
}

function isIntIn(n: number, lo: number, hi: number): boolean {
  return Number.isInteger(n) && n >= lo && n <= hi;
}

export class FlowTable {
  readonly capacity: number;
  readonly evictWhenFull: boolean;
  readonly userWidth: number;

  /** Connections ever created (also the last flow id given). */
  created = 0;
  /** Connections now in the table. */
  active = 0;
  expired = 0;
  evicted = 0;
  /** Most connections at once. */
  peak = 0;
  /** Set by lookup() and create(): 0 = the packet comes from the initiator, 1 = the responder. */
  lastDirection = 0;

  private stateArr: Uint8Array;
  private lastSeenArr: Float64Array;
  private flowIdArr: Float64Array;
  private userArr: Int32Array;
  private readonly keys: KeyIndex;
  /** Per slot: [2s] previous (more recent), [2s+1] next (less recent) in its state's list;
   * for a free slot, [2s+1] is the next free slot. */
  private links: Int32Array;
  private flags: Uint8Array;
  /** Touch number of the slot's last packet: orders "seen least recently" across lists. */
  private seq: Float64Array;

  private size: number;
  private used = 0;
  private freeHead = -1;
  private readonly heads = new Int32Array(CONN_STATE_COUNT).fill(-1);
  private readonly tails = new Int32Array(CONN_STATE_COUNT).fill(-1);
  private readonly timeoutNs: Float64Array;
  private readonly onExpire: ((slot: number) => void) | undefined;
  private readonly onEvict: ((slot: number) => void) | undefined;
  private clock = -Infinity;
  // Outgrows 31 bits on long runs: a double from the start (model/double.ts).
  private touches = asDouble(0);
  /** Never later than the earliest deadline in the table. */
  private nextDeadline = Infinity;

  constructor(options: FlowTableOptions) {
    const { capacity, timeouts, evictWhenFull } = options;
    const userWidth = options.userWidth ?? 0;
    const initialSize = options.initialSize ?? DEFAULT_INITIAL_SIZE;
    if (!isIntIn(capacity, 1, MAX_CAPACITY)) {
      badOption(`capacity ${capacity} is not an integer from 1 to ${MAX_CAPACITY}`);
    }
    if (!isIntIn(initialSize, 1, MAX_CAPACITY)) {
      badOption(`initialSize ${initialSize} is not a positive integer`);
    }
    if (!isIntIn(userWidth, 0, MAX_USER_WIDTH)) {
      badOption(`userWidth ${userWidth} is not an integer from 0 to ${MAX_USER_WIDTH}`);
    }
    for (const [key, value] of Object.entries(timeouts)) {
      if (!(Number.isFinite(value) && value >= 0)) {
        badOption(`timeout ${key} ${value} is not a number of seconds >= 0`);
      }
    }
    this.capacity = capacity;
    this.evictWhenFull = evictWhenFull;
    this.userWidth = userWidth;
    this.timeoutNs = timeoutTable(timeouts);
    this.onExpire = options.onExpire;
    this.onEvict = options.onEvict;

    const size = Math.min(initialSize, capacity);
    this.size = size;
    this.stateArr = new Uint8Array(size).fill(CONN_FREE);
    this.lastSeenArr = new Float64Array(size);
    this.flowIdArr = new Float64Array(size);
    this.userArr = new Int32Array(size * userWidth);
    this.keys = new KeyIndex(size);
    this.links = new Int32Array(size * 2);
    this.flags = new Uint8Array(size);
    this.seq = new Float64Array(size);
  }

  /** State code per slot (state.ts; CONN_FREE for a free slot). */
  get state(): Uint8Array {
    return this.stateArr;
  }

  /** Time of each slot's last packet (ns). */
  get lastSeen(): Float64Array {
    return this.lastSeenArr;
  }

  /** Connection id per slot: 1, 2, … in order of creation. */
  get flowId(): Float64Array {
    return this.flowIdArr;
  }

  /** The caller's words: slot s owns [s * userWidth, (s + 1) * userWidth). */
  get userData(): Int32Array {
    return this.userArr;
  }

  /** Slots allocated now (grows by doubling up to capacity). */
  get storageSize(): number {
    return this.size;
  }

  /** When the connection in `slot` expires (ns): its last packet + its state's timeout. */
  deadline(slot: number): number {
    return this.lastSeenArr[slot] + this.timeoutNs[this.stateArr[slot]];
  }

  /** The connection's slot, or -1; sets `lastDirection` when found. */
  lookup(
    family: number,
    proto: number,
    src: Uint32Array,
    dst: Uint32Array,
    srcPort: number,
    dstPort: number,
  ): number {
    const slot = this.keys.find(family, proto, src, dst, srcPort, dstPort);
    if (slot >= 0) this.lastDirection = this.keys.swapped ^ (this.flags[slot] & INITIATOR_IS_B);
    return slot;
  }

  /**
   * A new connection whose initiator is this packet's sender; returns its slot, or -1 when the
   * table is full and may not evict. The key must not be in the table (lookup() first).
   */
  create(
    family: number,
    proto: number,
    src: Uint32Array,
    dst: Uint32Array,
    srcPort: number,
    dstPort: number,
    now: number,
  ): number {
    if (this.keys.find(family, proto, src, dst, srcPort, dstPort) >= 0) {
      throw chainsimError('CHAINSIM_INTERNAL', 'creating a connection: its key is already in the table');
    }
    const slot = this.allocate();
    if (slot < 0) return -1;
    if (now < this.clock) now = this.clock;
    else this.clock = now;
    this.keys.insert(slot);
    this.flags[slot] = this.keys.swapped === 1 ? INITIATOR_IS_B : 0;

    const st = initialState(proto);
    this.stateArr[slot] = st;
    this.pushFront(st, slot);
    this.lastSeenArr[slot] = now;
    this.seq[slot] = ++this.touches;
    this.flowIdArr[slot] = ++this.created;
    const w = this.userWidth;
    for (let i = slot * w, end = i + w; i < end; i++) this.userArr[i] = 0;
    const deadline = now + this.timeoutNs[st];
    if (deadline < this.nextDeadline) this.nextDeadline = deadline;
    if (++this.active > this.peak) this.peak = this.active;
    this.lastDirection = 0;
    return slot;
  }

  /** One packet of the connection: state step, last seen, most recent. Returns the new state. */
  update(slot: number, direction: number, tcpFlags: number, now: number): number {
    if (now < this.clock) now = this.clock;
    else this.clock = now;
    const from = this.stateArr[slot];
    const to = nextState(from, direction, tcpFlags);
    this.lastSeenArr[slot] = now;
    this.seq[slot] = ++this.touches;
    if (to !== from) {
      this.unlinkList(from, slot);
      this.stateArr[slot] = to;
      this.pushFront(to, slot);
      // A shorter timeout can bring the earliest deadline forward.
      const deadline = now + this.timeoutNs[to];
      if (deadline < this.nextDeadline) this.nextDeadline = deadline;
    } else if (this.heads[from] !== slot) {
      this.unlinkList(from, slot);
      this.pushFront(from, slot);
    }
    return to;
  }

  /**
   * Removes every connection whose deadline is at or before `now`, earliest deadline first
   * (ties: the one seen earlier), calling onExpire before each. Returns how many.
   */
  expire(now: number): number {
    if (now < this.nextDeadline) return 0;
    const tails = this.tails;
    const timeoutNs = this.timeoutNs;
    let removed = 0;
    for (;;) {
      let victim = -1;
      let best = Infinity;
      let bestSeq = Infinity;
      for (let s = 0; s < CONN_STATE_COUNT; s++) {
        const t = tails[s];
        if (t < 0) continue;
        const d = this.lastSeenArr[t] + timeoutNs[s];
        if (d < best || (d === best && this.seq[t] < bestSeq)) {
          victim = t;
          best = d;
          bestSeq = this.seq[t];
        }
      }
      if (victim < 0 || !isExpired(this.lastSeenArr[victim], timeoutNs[this.stateArr[victim]], now)) {
        this.nextDeadline = best;
        return removed;
      }
      if (this.onExpire !== undefined) this.onExpire(victim);
      this.release(victim);
      this.expired++;
      removed++;
    }
  }

  /** Removes a live connection (e.g. a VM that leaves `up` loses its sessions). No hook. */
  remove(slot: number): void {
    if (!isIntIn(slot, 0, this.used - 1) || this.stateArr[slot] === CONN_FREE) {
      throw chainsimError('CHAINSIM_INTERNAL', `removing connection slot ${slot}: no connection there`);
    }
    this.release(slot);
  }

  /** Removes every connection, without hooks. Counters other than `active` and ids go on. */
  clear(): void {
    this.stateArr.fill(CONN_FREE, 0, this.used);
    this.keys.clear();
    this.heads.fill(-1);
    this.tails.fill(-1);
    this.used = 0;
    this.freeHead = -1;
    this.active = 0;
    this.nextDeadline = Infinity;
  }

  /** Writes the connection's key as its initiator sent it (source = initiator). */
  readKey(slot: number, out: ConnKeyOut): void {
    this.keys.read(slot, (this.flags[slot] & INITIATOR_IS_B) !== 0, out);
  }

  /** A free slot: a reused one, a new one (growing if needed), an evicted one, or -1. */
  private allocate(): number {
    if (this.freeHead < 0 && this.used === this.size) {
      if (this.size < this.capacity) this.grow();
      else if (this.evictWhenFull) this.evictLeastRecent();
      else return -1;
    }
    const slot = this.freeHead;
    if (slot >= 0) {
      this.freeHead = this.links[2 * slot + 1];
      return slot;
    }
    return this.used++;
  }

  private evictLeastRecent(): void {
    let victim = -1;
    let bestSeq = Infinity;
    for (let s = 0; s < CONN_STATE_COUNT; s++) {
      const t = this.tails[s];
      if (t >= 0 && this.seq[t] < bestSeq) {
        victim = t;
        bestSeq = this.seq[t];
      }
    }
    if (this.onEvict !== undefined) this.onEvict(victim);
    this.release(victim);
    this.evicted++;
  }

  private release(slot: number): void {
    this.keys.remove(slot);
    this.unlinkList(this.stateArr[slot], slot);
    this.stateArr[slot] = CONN_FREE;
    this.links[2 * slot + 1] = this.freeHead;
    this.freeHead = slot;
    this.active--;
  }

  private pushFront(list: number, slot: number): void {
    const links = this.links;
    const head = this.heads[list];
    links[2 * slot] = -1;
    links[2 * slot + 1] = head;
    if (head >= 0) links[2 * head] = slot;
    else this.tails[list] = slot;
    this.heads[list] = slot;
  }

  private unlinkList(list: number, slot: number): void {
    const links = this.links;
    const prev = links[2 * slot];
    const next = links[2 * slot + 1];
    if (prev >= 0) links[2 * prev + 1] = next;
    else this.heads[list] = next;
    if (next >= 0) links[2 * next] = prev;
    else this.tails[list] = prev;
  }

  private grow(): void {
    const size = Math.min(this.size * 2, this.capacity);
    this.stateArr = grown(this.stateArr, size);
    this.stateArr.fill(CONN_FREE, this.size);
    this.lastSeenArr = grown(this.lastSeenArr, size);
    this.flowIdArr = grown(this.flowIdArr, size);
    this.userArr = grown(this.userArr, size * this.userWidth);
    this.links = grown(this.links, size * 2);
    this.flags = grown(this.flags, size);
    this.seq = grown(this.seq, size);
    this.size = size;
    // The table grows only when no slot is free, so every slot below `used` is live.
    this.keys.grow(size, this.used);
  }
}
