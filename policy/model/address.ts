/**
 * Addresses between text, words and BigInt, for building tables and for messages — never per
 * packet (ip-address costs about a microsecond a parse; STACK.md).
 */
import { formatAddressWords } from './address-text.js';
import { Address4, Address6 } from 'ip-address';
import type { Family, Prefix } from '../config/types.js';
import { chainsimError } from '../errors.js';
import { maskWord } from './match.js';

/** An address of `family` as one unsigned integer (32 or 128 bits). */
export function wordsToBigInt(family: number, words: ArrayLike<number>): bigint {
  if (family === 4) return BigInt(words[0]! >>> 0);
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(words[i]! >>> 0);
  return v;
}

/** The inverse of wordsToBigInt, into `out` (IPv4: word 0, the rest 0). */
export function bigIntToWords(family: number, value: bigint, out: Uint32Array): Uint32Array {
  if (family === 4) {
    out[0] = Number(value & 0xffffffffn);
    out[1] = out[2] = out[3] = 0;
    return out;
  }
  for (let i = 3; i >= 0; i--) {
    out[i] = Number(value & 0xffffffffn);
    value >>= 32n;
  }
  return out;
}

/** RFC 5952 text for IPv6 (ip-address's correct form), dotted quad for IPv4. */
export function formatAddress(family: number, words: ArrayLike<number>): string {
  return formatAddressWords(family, words);
}

/** A prefix from numbers: host bits are cleared, the text is the canonical `addr/len`. */
export function prefixFromWords(family: Family, words: ArrayLike<number>, length: number): Prefix {
  const max = family === 4 ? 32 : 128;
  if (!Number.isInteger(length) || length < 0 || length > max) {
    throw chainsimError('CHAINSIM_CONFIG', `building a prefix: length ${length} is not 0–${max}`);
  }
  const w: [number, number, number, number] = [0, 0, 0, 0];
  const n = family === 4 ? 1 : 4;
  for (let i = 0; i < n; i++) w[i] = ((words[i]! >>> 0) & maskWord(length, i)) >>> 0;
  return { family, words: w, length, text: `${formatAddress(family, w)}/${length}` };
}

/** A prefix from text (`10.0.0.0/8`, `2001:db8::/32`, a bare address for a host); host bits
 * are cleared. For constants and tests; the config loader parses the user's file itself. */
export function prefixFromText(text: string): Prefix {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const family: Family = addrText.includes(':') ? 6 : 4;
  const length = slash < 0 ? (family === 4 ? 32 : 128) : Number(text.slice(slash + 1));
  let value: bigint;
  try {
    value = family === 4 ? new Address4(addrText).bigInt() : new Address6(addrText).bigInt();
  } catch {
    throw chainsimError('CHAINSIM_CONFIG', `reading a prefix: "${text}" is not an address or prefix`);
  }
  const words = bigIntToWords(family, value, new Uint32Array(4));
  return prefixFromWords(family, words, length);
}
