// Test helpers for the wire codecs: hex fixtures, independent address parsing, view snapshots.
import { Address4, Address6 } from 'ip-address';
import { PacketView, decodeFrame } from '../../../dataplane/wire/index.js';

/** Hex with spaces, newlines and `#` comments allowed: `45 00 # version, tos`. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (b) => parseInt(b, 16));
}

/** IPv4 text to the big-endian word, parsed by ip-address (not by the code under test). */
export function ip4(text: string): number {
  return Number(new Address4(text).bigInt());
}

/** IPv6 text to four big-endian words, parsed by ip-address. */
export function ip6(text: string): number[] {
  const n = new Address6(text).bigInt();
  return [96n, 64n, 32n, 0n].map((shift) => Number((n >> shift) & 0xffffffffn));
}

export function words4(text: string): number[] {
  return [ip4(text), 0, 0, 0];
}

/** A plain-object copy of every field of a view, for toEqual/toMatchObject. */
export function snapshot(v: PacketView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) out[key] = value instanceof Uint32Array ? Array.from(value) : value;
  return out;
}

/** Decodes a whole frame (caplen = origlen = its length) into a fresh view. */
export function decodeHex(bytes: Uint8Array, linkType: number): PacketView {
  const v = new PacketView();
  decodeFrame(v, bytes, 0, bytes.length, bytes.length, linkType);
  return v;
}

/** The bytes of `words` as one 16-byte array (for slow pseudo-headers). */
export function wordBytes(words: ArrayLike<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const w = words[i] >>> 0;
    out.push(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
  }
  return out;
}
