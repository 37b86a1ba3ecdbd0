/**
 * Where each sub-rule's bit goes. The aggregated bit vector skips the words where no sub-rule
 * can match — but a wildcard field matches everywhere, and one "any destination" rule in every
 * 32 makes every word of the destination's bitsets non-zero. So sub-rules are partitioned by
 * their most selective field (destination, else source, else destination port, else source
 * port, else none): within the destination partition every sub-rule names a destination, and
 * the destination's summary there has bits only where a rule covers the address. Each
 * partition keeps list order and starts on a word boundary; a lookup scans every partition
 * and takes the earliest entry that decides.
 *
 * A partition costs a lookup a summary and a bitset word or so even when nothing there
 * matches, so small policies (up to SMALL sub-rules, a few words to scan) stay in one, and a
 * partition of fewer than MIN_PARTITION sub-rules joins `other`. The first HEAD sub-rules form
 * a `head` partition of their own, scanned first: broad rules near the top decide most
 * packets of many policies, and a partition whose first entry comes after the decision found
 * is skipped without a look.
 */
import type { PortRange, Prefix } from '../config/types.js';
import type { SubRule } from './sub-rules.js';

export const PARTITION_NAMES = ['head', 'dst', 'src', 'dstPort', 'srcPort', 'other'] as const;

export interface Partition {
  readonly name: (typeof PARTITION_NAMES)[number];
  /** Bitset words [wordStart, wordEnd). */
  readonly wordStart: number;
  readonly wordEnd: number;
}

export interface Layout {
  /** Sub-rule at each bit; null for padding (a bit that never matches). */
  readonly slots: readonly (SubRule | null)[];
  readonly partitions: readonly Partition[];
  /** Storage position of each bitset word: the partitions' words interleaved (first words of
   * all partitions, then second words, …), since a lookup reads each partition's first
   * candidate words and rarely more. */
  readonly storage: Int32Array;
}

/** Narrower than this is "selective": IPv4 /8, IPv6 /16, 1,024 ports. */
const MIN_V4 = 8;
const MIN_V6 = 16;
const MAX_PORTS = 1024;
const SMALL = 256;
const MIN_PARTITION = 96;
const HEAD = 64;

function selectivePrefixes(sides: readonly (readonly Prefix[] | null)[]): boolean {
  return sides.some((list) => list !== null && list.every((p) => p.length >= (p.family === 4 ? MIN_V4 : MIN_V6)));
}

function selectivePorts(sides: readonly (readonly PortRange[] | null)[]): boolean {
  return sides.some((list) => list !== null && list.reduce((n, r) => n + r.hi - r.lo + 1, 0) <= MAX_PORTS);
}

function partitionOf(s: SubRule): number {
  if (selectivePrefixes(s.dst)) return 1;
  if (selectivePrefixes(s.src)) return 2;
  if (selectivePorts(s.dstPort)) return 3;
  if (selectivePorts(s.srcPort)) return 4;
  return 5;
}

export function layOut(subs: readonly SubRule[]): Layout {
  const OTHER = PARTITION_NAMES.length - 1;
  const groups: SubRule[][] = PARTITION_NAMES.map(() => []);
  subs.forEach((s, i) => {
    groups[subs.length <= SMALL ? OTHER : i < HEAD ? 0 : partitionOf(s)]!.push(s);
  });
  for (let p = 1; p < OTHER; p++) {
    if (groups[p]!.length > 0 && groups[p]!.length < MIN_PARTITION) {
      // Keep list order inside `other`: merge, then sort by entry (stable for one entry's
      // sub-rules, which arrive in application-entry order).
      groups[OTHER] = [...groups[OTHER]!, ...groups[p]!].sort((a, b) => a.entry - b.entry);
      groups[p] = [];
    }
  }
  const slots: (SubRule | null)[] = [];
  const partitions: Partition[] = [];
  groups.forEach((g, p) => {
    if (g.length === 0) return;
    const wordStart = slots.length / 32;
    slots.push(...g);
    while (slots.length % 32 !== 0) slots.push(null);
    partitions.push({ name: PARTITION_NAMES[p]!, wordStart, wordEnd: slots.length / 32 });
  });
  const storage = new Int32Array(slots.length / 32);
  let k = 0;
  for (let r = 0; k < storage.length; r++) {
    for (const q of partitions) if (q.wordStart + r < q.wordEnd) storage[q.wordStart + r] = k++;
  }
  return { slots, partitions, storage };
}
