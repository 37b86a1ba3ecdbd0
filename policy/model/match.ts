/**
 * Match primitives over numeric addresses and ports: masked compares on four big-endian 32-bit
 * words (IPv4 in word 0), no allocation. Every matcher in policy/ (routes, both classifiers,
 * the hosted firewall's rules) reduces to these, so that one address means one thing.
 */
import type { PortRange, Prefix } from '../config/types.js';
import { PROTO_TCP, PROTO_UDP } from './tuple.js';

/** The mask of word `word` (0–3) of a prefix of `length` bits, as an unsigned 32-bit number. */
export function maskWord(length: number, word: number): number {
  const bits = length - 32 * word;
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

/** Whether `words` (an address of `family`) lies in `prefix`; a prefix of the other family
 * never contains it. */
export function prefixContains(prefix: Prefix, family: number, words: Uint32Array): boolean {
  if (prefix.family !== family) return false;
  const len = prefix.length;
  const pw = prefix.words;
  for (let i = 0; i < 4 && 32 * i < len; i++) {
    const m = maskWord(len, i);
    if (((words[i]! & m) >>> 0) !== ((pw[i] & m) >>> 0)) return false;
  }
  return true;
}

/** Whether any prefix of `prefixes` contains the address; null means any address. An empty
 * list contains nothing (a rule whose every server is an FQDN matches no packet). */
export function anyPrefixContains(
  prefixes: readonly Prefix[] | null,
  family: number,
  words: Uint32Array,
): boolean {
  if (prefixes === null) return true;
  for (let i = 0; i < prefixes.length; i++) {
    if (prefixContains(prefixes[i]!, family, words)) return true;
  }
  return false;
}

/** Whether `port` lies in one of the (inclusive) ranges; null means any port. */
export function portInRanges(ranges: readonly PortRange[] | null, port: number): boolean {
  if (ranges === null) return true;
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (port >= r.lo && port <= r.hi) return true;
  }
  return false;
}

/** Port matches apply to TCP and UDP only (SPEC: "port matches never match ICMP"); any other
 * protocol's numbers in the port slots (an ICMP echo id) are not ports. */
export function hasPorts(proto: number): boolean {
  return proto === PROTO_TCP || proto === PROTO_UDP;
}
