/**
 * Decision ids. A classification decides one policy entry (the first deciding rule, or the
 * default) and passes through zero or more `count-and-continue` entries that matched on the way
 * (SPEC: they count the packet and evaluation goes on). The pair is interned as one number, so a
 * connection stores an int and the dataplane counts per entry without allocating:
 *
 *   id < entries        the entry `id` decided, nothing continued (the common case)
 *   id >= entries       interned pair number `id - entries`
 *
 * Ids are stable for one DecisionTable (one classifier instance), not across instances: compare
 * decisions of two classifiers by `rule(id)` and `continued(id)`. Interning allocates only when
 * a new pair is first seen; a lookup that finds its pair allocates nothing.
 */
import { chainsimError } from '../errors.js';
import type { Tuple } from '../model/index.js';

export interface Classifier {
  /** The decision id for a tuple (see DecisionTable). */
  classify(t: Tuple): number;
  /** The deciding entry's index in the policy list (the default entry's when nothing matched). */
  decisionRule(id: number): number;
  /** The count-and-continue entries that matched before the deciding one, in list order. */
  decisionContinued(id: number): readonly number[];
}

const NONE: readonly number[] = Object.freeze([]);

export class DecisionTable {
  private readonly entries: number;
  /** The continued entries of the decision being built. */
  private readonly scratch: Int32Array;
  private scratchLen = 0;
  /** Hash of the continued entries so far (hashStep over them, from HASH_SEED). */
  private hash = HASH_SEED;
  private rules = new Int32Array(16);
  private readonly lists: (readonly number[])[] = [];
  /** Open addressing over interned pair numbers + 1 (0: empty slot). */
  private slots = new Int32Array(64);

  /** `entries`: the policy list's length; `continuable`: how many count-and-continue entries
   * it has (the most a decision can pass through). */
  constructor(entries: number, continuable: number) {
    this.entries = entries;
    this.scratch = new Int32Array(Math.max(1, continuable));
  }

  /** Starts a decision. */
  begin(): void {
    this.scratchLen = 0;
    this.hash = HASH_SEED;
  }

  /** Notes a count-and-continue entry that matched; entries come in list order, and an entry
   * noted twice in a row (several application entries matched) counts once. */
  pass(entry: number): void {
    const n = this.scratchLen;
    if (n > 0 && this.scratch[n - 1] === entry) return;
    this.scratch[n] = entry;
    this.scratchLen = n + 1;
    this.hash = hashStep(this.hash, entry);
  }

  /** Ends the decision with its deciding entry and returns its id. */
  finish(rule: number): number {
    const n = this.scratchLen;
    if (n === 0) return rule;
    const h = hashStep(this.hash, rule);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = this.slots[s]! - 1;
      if (k < 0) return this.intern(rule, s);
      if (this.rules[k] === rule && this.sameAsScratch(this.lists[k]!)) return this.entries + k;
    }
  }

  rule(id: number): number {
    if (id < this.entries) return id;
    const k = id - this.entries;
    if (k >= this.lists.length) throw chainsimError('CHAINSIM_INTERNAL', `reading decision ${id}: no such decision`);
    return this.rules[k]!;
  }

  continued(id: number): readonly number[] {
    if (id < this.entries) return NONE;
    const k = id - this.entries;
    if (k >= this.lists.length) throw chainsimError('CHAINSIM_INTERNAL', `reading decision ${id}: no such decision`);
    return this.lists[k]!;
  }

  private sameAsScratch(list: readonly number[]): boolean {
    if (list.length !== this.scratchLen) return false;
    for (let i = 0; i < list.length; i++) if (list[i] !== this.scratch[i]) return false;
    return true;
  }

  private intern(rule: number, slot: number): number {
    const k = this.lists.length;
    if (k === this.rules.length) {
      const grown = new Int32Array(2 * k);
      grown.set(this.rules);
      this.rules = grown;
    }
    this.rules[k] = rule;
    this.lists.push(Object.freeze(Array.from(this.scratch.subarray(0, this.scratchLen))));
    this.slots[slot] = k + 1;
    if (2 * (k + 1) > this.slots.length) this.rehash();
    return this.entries + k;
  }

  private rehash(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let k = 0; k < this.lists.length; k++) {
      const list = this.lists[k]!;
      let h = HASH_SEED;
      for (const e of list) h = hashStep(h, e);
      let s = hashStep(h, this.rules[k]!) & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = k + 1;
    }
    this.slots = slots;
  }
}

// An int32, like every hash value: a field holding only small integers never boxes a number.
const HASH_SEED = 0x811c9dc5 | 0;

function hashStep(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x85ebca6b);
  return h ^ (h >>> 13);
}
