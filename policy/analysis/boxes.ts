/**
 * The packets a policy entry matches, as a union of boxes. A box is one address family and, per
 * Tuple field, a set of values (Intervals): its packets are the product. `matchHolds` (the
 * reference classifier's meaning of a match) holds for a tuple exactly when the tuple lies in one
 * of the entry's boxes:
 *
 *   - a field left "any" is the whole domain of that Tuple field (`domains` below; zones and
 *     services include "none", -1 and SERVICE_NONE, which no rule can name);
 *   - prefixes become address ranges per family; a family that the source or the destination
 *     list lacks gives no box (an IPv4 prefix never matches IPv6);
 *   - naming ports restricts the protocol to TCP and UDP (ports hold for nothing else), so the
 *     box stays a plain product;
 *   - `allowFragments: false` is `fragment ∈ {0}`;
 *   - an application is the union over its entries of (the match ∩ the entry).
 */
import type { PortRange, Prefix } from '../config/types.js';
import type { ResolvedMatch } from '../model/index.js';
import { PROTO_TCP, PROTO_UDP, SERVICE_ID, wordsToBigInt } from '../model/index.js';
import { intersect, isEmpty, meets, span, subtract, unionOf, within, type Intervals } from './intervals.js';

/** Box dimensions, in the order boxes hold them. */
export const FIELDS = [
  'src',
  'dst',
  'proto',
  'srcPort',
  'dstPort',
  'fromZone',
  'toZone',
  'srcService',
  'dstService',
  'vlan',
  'dscp',
  'fragment',
] as const;
export type Field = (typeof FIELDS)[number];

/** The position of each field in Box.sets. */
export const FIELD_INDEX = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Readonly<Record<Field, number>>;
const F = FIELD_INDEX;

export interface Box {
  readonly family: 4 | 6;
  /** One set per FIELDS entry, none of them empty. */
  readonly sets: readonly Intervals[];
}

const ADDRESS_BITS = { 4: 32n, 6: 128n } as const;
const MAX_SERVICE = Math.max(...Object.values(SERVICE_ID));
const PORTED: Intervals = unionOf([
  [BigInt(PROTO_TCP), BigInt(PROTO_TCP)],
  [BigInt(PROTO_UDP), BigInt(PROTO_UDP)],
]);

/** The values a Tuple field can take, for a config with `zoneCount` zones. */
function domains(family: 4 | 6, zoneCount: number): readonly Intervals[] {
  const address = span(0n, (1n << ADDRESS_BITS[family]) - 1n);
  const port = span(0n, 65535n);
  const zone = span(-1n, BigInt(zoneCount - 1));
  const service = span(0n, BigInt(MAX_SERVICE));
  const of: Record<Field, Intervals> = {
    src: address,
    dst: address,
    proto: span(0n, 255n),
    srcPort: port,
    dstPort: port,
    fromZone: zone,
    toZone: zone,
    srcService: service,
    dstService: service,
    vlan: span(-1n, 4095n), // -1: untagged
    dscp: span(0n, 63n),
    fragment: span(0n, 1n),
  };
  return FIELDS.map((f) => of[f]);
}

/** Sets are never changed in place, so boxes share them: one domain list per family and zone
 * count, not a dozen BigInt arrays per rule (GC time on lists of thousands of rules). */
const domainCache = new Map<number, readonly Intervals[]>();

function sharedDomains(family: 4 | 6, zoneCount: number): readonly Intervals[] {
  const k = zoneCount * 2 + (family === 6 ? 1 : 0);
  let d = domainCache.get(k);
  if (d === undefined) domainCache.set(k, (d = domains(family, zoneCount)));
  return d;
}

function prefixRanges(prefixes: readonly Prefix[], family: 4 | 6): Intervals {
  const bits = ADDRESS_BITS[family];
  const pairs: [bigint, bigint][] = [];
  for (const p of prefixes) {
    if (p.family !== family) continue;
    const lo = wordsToBigInt(family, p.words);
    pairs.push([lo, lo | ((1n << (bits - BigInt(p.length))) - 1n)]);
  }
  return unionOf(pairs);
}

function portRanges(ranges: readonly PortRange[]): Intervals {
  return unionOf(ranges.map((r) => [BigInt(r.lo), BigInt(r.hi)] as const));
}

function one(value: number): Intervals {
  return span(BigInt(value), BigInt(value));
}

/** Conditions on the five fields an application entry (ApplicationEntry) shares with a rule
 * match. */
interface FiveTuple {
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
}

/** Narrows `sets` (one family's) by five-tuple conditions, in place; false when a set empties. */
function narrowFive(sets: Intervals[], c: FiveTuple, family: 4 | 6): boolean {
  const cut = (i: number, by: Intervals) => !isEmpty((sets[i] = intersect(sets[i]!, by)));
  if (c.src !== null && !cut(F.src, prefixRanges(c.src, family))) return false;
  if (c.dst !== null && !cut(F.dst, prefixRanges(c.dst, family))) return false;
  if (c.protocol !== null && !cut(F.proto, one(c.protocol))) return false;
  if ((c.srcPort !== null || c.dstPort !== null) && !cut(F.proto, PORTED)) return false;
  if (c.srcPort !== null && !cut(F.srcPort, portRanges(c.srcPort))) return false;
  return c.dstPort === null || cut(F.dstPort, portRanges(c.dstPort));
}

/** Narrows `sets[i]` to `value` (null: no condition), in place; false when the set empties. */
function narrowTo(sets: Intervals[], i: number, value: number | null): boolean {
  return value === null || !isEmpty((sets[i] = intersect(sets[i]!, one(value))));
}

function matchSets(m: ResolvedMatch, family: 4 | 6, zoneCount: number): Intervals[] | null {
  const sets = [...sharedDomains(family, zoneCount)];
  const ok =
    narrowFive(sets, m, family) &&
    narrowTo(sets, F.fromZone, m.fromZone) &&
    narrowTo(sets, F.toZone, m.toZone) &&
    narrowTo(sets, F.srcService, m.srcService) &&
    narrowTo(sets, F.dstService, m.dstService) &&
    narrowTo(sets, F.vlan, m.vlan) &&
    narrowTo(sets, F.dscp, m.dscp) &&
    narrowTo(sets, F.fragment, m.allowFragments ? null : 0);
  return ok ? sets : null;
}

/** The packets `m` matches, as boxes (empty: it matches no packet). `zoneCount` is the
 * config's number of zones. */
export function matchBoxes(m: ResolvedMatch, zoneCount: number): Box[] {
  const out: Box[] = [];
  for (const family of [4, 6] as const) {
    const sets = matchSets(m, family, zoneCount);
    if (sets === null) continue;
    if (m.application === null) {
      out.push({ family, sets });
      continue;
    }
    for (const entry of m.application.entries) {
      const narrowed = [...sets];
      if (narrowFive(narrowed, entry, family)) out.push({ family, sets: narrowed });
    }
  }
  return out;
}

export function boxesMeet(a: Box, b: Box): boolean {
  if (a.family !== b.family) return false;
  for (let i = 0; i < a.sets.length; i++) if (!meets(a.sets[i]!, b.sets[i]!)) return false;
  return true;
}

/**
 * `a \ b` as disjoint boxes, appended to `out`; returns how many. Piece k takes the values of
 * field k that `b` lacks, the fields before k inside `b`, the fields after k as in `a` — so the
 * pieces are disjoint and together exactly `a \ b`.
 */
export function subtractBox(a: Box, b: Box, out: Box[]): number {
  if (!boxesMeet(a, b)) {
    out.push(a);
    return 1;
  }
  const sets = [...a.sets];
  let n = 0;
  for (let i = 0; i < sets.length; i++) {
    const outside = subtract(a.sets[i]!, b.sets[i]!);
    // Nothing outside b: a's set is its own intersection with b's, and stays shared.
    if (isEmpty(outside)) continue;
    const piece = [...sets];
    piece[i] = outside;
    out.push({ family: a.family, sets: piece });
    n++;
    sets[i] = intersect(a.sets[i]!, b.sets[i]!);
  }
  return n;
}

/** The fields where `a` has values that `b` lacks: how many pieces subtractBox cuts off `a`
 * when the boxes meet (counted without building them). */
export function fieldsOutside(a: Box, b: Box): number {
  let n = 0;
  for (let i = 0; i < a.sets.length; i++) if (!within(a.sets[i]!, b.sets[i]!)) n++;
  return n;
}
