/**
 * Packet spaces for the cross-rulebase analysis: a Box is the set of packets that a product of
 * per-field conditions admits, in the fields the hosted firewall matches on (source and
 * destination prefixes, protocol, ports). `null` means any value. A box is normalised so that
 * naming ports restricts its protocols to TCP and UDP (ports never match another protocol, in
 * policy/ as in the firewall), and so that an empty field makes the whole box empty (null).
 *
 * Two questions are answered: does a box meet another (intersects), and does one hold all of
 * another (covers). `intersects` is exact in these fields. `covers` is exact but for one
 * shortcut: a prefix counts as covered only when a single prefix of the other list contains
 * it (several smaller prefixes that tile it are not recognised), which can only make a cover
 * go unproved — the safe side for "denied in every case".
 */
import { hasPorts, maskWord, prefixFromText, PROTO_TCP, PROTO_UDP, type PortRange, type Prefix } from '../../policy/index.js';

export interface Box {
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly protocols: readonly number[] | null;
  /** Ports hold for TCP and UDP packets; when either is non-null, protocols ⊆ {TCP, UDP}. */
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
}

/** Match conditions as policy/ and vwire rules write them (null: any). */
export interface Conditions {
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
}

const PORTED = [PROTO_TCP, PROTO_UDP];
const EVERY_V4 = prefixFromText('0.0.0.0/0');
const EVERY_V6 = prefixFromText('::/0');

/** The box of some conditions; null when they admit no packet. */
export function boxOf(c: Conditions): Box | null {
  const ported = c.srcPort !== null || c.dstPort !== null;
  let protocols: number[] | null;
  if (c.protocol === null) protocols = ported ? PORTED : null;
  else protocols = ported && !hasPorts(c.protocol) ? [] : [c.protocol];
  return normalised({ src: c.src, dst: c.dst, protocols, srcPort: c.srcPort, dstPort: c.dstPort });
}

function normalised(b: Box): Box | null {
  if (b.protocols?.length === 0 || b.src?.length === 0 || b.dst?.length === 0) return null;
  if (b.srcPort?.length === 0 || b.dstPort?.length === 0) return null;
  return families(b).length === 0 ? null : b;
}

/** The address families a packet of the box can have (source and destination agree). */
function families(b: Box): (4 | 6)[] {
  const has = (list: readonly Prefix[] | null, f: number) => list === null || list.some((p) => p.family === f);
  return ([4, 6] as const).filter((f) => has(b.src, f) && has(b.dst, f));
}

/** Whether `inner` lies inside `outer`. */
export function prefixWithin(inner: Prefix, outer: Prefix): boolean {
  if (inner.family !== outer.family || outer.length > inner.length) return false;
  for (let w = 0; w < 4 && 32 * w < outer.length; w++) {
    const m = maskWord(outer.length, w);
    if (((inner.words[w] & m) >>> 0) !== ((outer.words[w] & m) >>> 0)) return false;
  }
  return true;
}

function intersectPrefixes(a: readonly Prefix[] | null, b: readonly Prefix[] | null): readonly Prefix[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const out: Prefix[] = [];
  for (const p of a) {
    for (const q of b) {
      // Two prefixes meet only when one holds the other; the meeting is the longer one.
      if (prefixWithin(p, q)) out.push(p);
      else if (prefixWithin(q, p)) out.push(q);
    }
  }
  return out;
}

function intersectRanges(a: readonly PortRange[] | null, b: readonly PortRange[] | null): readonly PortRange[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const out: PortRange[] = [];
  for (const r of a) {
    for (const s of b) {
      const lo = Math.max(r.lo, s.lo);
      const hi = Math.min(r.hi, s.hi);
      if (lo <= hi) out.push({ lo, hi });
    }
  }
  return out;
}

function intersectNumbers(a: readonly number[] | null, b: readonly number[] | null): readonly number[] | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((x) => b.includes(x));
}

/** The packets in both boxes; null when there are none. */
export function intersectBoxes(a: Box, b: Box): Box | null {
  return normalised({
    src: intersectPrefixes(a.src, b.src),
    dst: intersectPrefixes(a.dst, b.dst),
    protocols: intersectNumbers(a.protocols, b.protocols),
    srcPort: intersectRanges(a.srcPort, b.srcPort),
    dstPort: intersectRanges(a.dstPort, b.dstPort),
  });
}

export function intersects(a: Box, b: Box): boolean {
  return intersectBoxes(a, b) !== null;
}

function addressesCovered(inner: readonly Prefix[] | null, outer: readonly Prefix[] | null, fams: readonly number[]): boolean {
  if (outer === null) return true;
  const wanted = (inner ?? [EVERY_V4, EVERY_V6]).filter((p) => fams.includes(p.family));
  return wanted.every((p) => outer.some((q) => prefixWithin(p, q)));
}

/** Whether the union of `outer` holds every port of lo..hi. */
function rangeCovered(lo: number, hi: number, outer: readonly PortRange[]): boolean {
  const sorted = [...outer].sort((x, y) => x.lo - y.lo);
  let next = lo;
  for (const r of sorted) {
    if (r.lo > next) break;
    if (r.hi >= next) next = r.hi + 1;
    if (next > hi) return true;
  }
  return next > hi;
}

function portsCovered(inner: readonly PortRange[] | null, outer: readonly PortRange[] | null): boolean {
  if (outer === null) return true;
  return (inner ?? [{ lo: 0, hi: 65535 }]).every((r) => rangeCovered(r.lo, r.hi, outer));
}

/** Whether every packet of `inner` is in `outer`. */
export function covers(outer: Box, inner: Box): boolean {
  const fams = families(inner);
  if (!addressesCovered(inner.src, outer.src, fams) || !addressesCovered(inner.dst, outer.dst, fams)) return false;
  if (outer.protocols !== null && (inner.protocols === null || !inner.protocols.every((p) => outer.protocols!.includes(p)))) {
    return false;
  }
  return portsCovered(inner.srcPort, outer.srcPort) && portsCovered(inner.dstPort, outer.dstPort);
}
