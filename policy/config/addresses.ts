/**
 * Addresses and prefixes from config text into `Prefix` (four big-endian 32-bit words), the form
 * the classifier compares with masks. `ip-address` does the parsing (config time only, never per
 * packet); this file adds what the config needs on top: strict prefix lengths, host bits that must
 * be clear in a prefix, no IPv6 zone ids (`fe80::1%eth0` names a host's interface, meaningless in
 * an appliance policy), and RFC 5952 text for messages.
 */
import { formatAddressWords } from '../model/address-text.js';
import { Address4, Address6 } from 'ip-address';
import type { Family, InterfaceAddress, Prefix } from './types.js';
import { fail, ok, orThrow, type Parsed } from './parsed.js';
import { show } from './show.js';

type Words = [number, number, number, number];

export const PREFIX_EXPECTED = 'an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)';
export const ADDRESS_EXPECTED = 'an IP address (like 192.0.2.10 or 2001:db8::1)';
export const INTERFACE_ADDRESS_EXPECTED = 'an address with its prefix length (like 172.16.0.1/12)';

const PREFIX_LENGTH = /^(0|[1-9]\d{0,2})$/;

function bytesToWords(bytes: readonly number[]): Words {
  const w: Words = [0, 0, 0, 0];
  for (let i = 0; i < bytes.length; i++) {
    const word = i >> 2;
    w[word] = ((w[word] << 8) | (bytes[i] as number)) >>> 0;
  }
  return w;
}

/** The address alone (no `/`), or null when it is not one. */
function parseIp(text: string): { family: Family; words: Words } | null {
  if (text.includes('%')) return null;
  try {
    if (text.includes(':')) return { family: 6, words: bytesToWords(new Address6(text).toUnsignedByteArray()) };
    return { family: 4, words: bytesToWords(new Address4(text).toArray()) };
  } catch {
    return null;
  }
}

function maskWords(words: readonly number[], length: number): Words {
  const out: Words = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, length - 32 * i));
    const mask = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    out[i] = ((words[i] as number) & mask) >>> 0;
  }
  return out;
}

function maxLength(family: Family): number {
  return family === 4 ? 32 : 128;
}

interface Split {
  readonly family: Family;
  readonly words: Words;
  readonly length: number;
  readonly hasLength: boolean;
}

function split(text: string): Split | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  if (slash < 0) return { ...ip, length: maxLength(ip.family), hasLength: false };
  const lengthText = text.slice(slash + 1);
  if (!PREFIX_LENGTH.test(lengthText)) return null;
  const length = Number(lengthText);
  if (length > maxLength(ip.family)) return null;
  return { ...ip, length, hasLength: true };
}

/** An address (a host prefix) or a prefix whose host bits are clear. */
export function readPrefix(value: unknown): Parsed<Prefix> {
  const s = typeof value === 'string' ? split(value) : null;
  if (s === null) return fail(`${show(value)} is not ${PREFIX_EXPECTED}`);
  const text = value as string;
  const words = maskWords(s.words, s.length);
  const prefix: Prefix = { family: s.family, words, length: s.length, text };
  if (words.some((w, i) => w !== s.words[i])) {
    return fail(`${show(value)} is not a prefix: host bits are set (did you mean ${formatPrefix(prefix)}?)`);
  }
  return ok(prefix);
}

/** A single address, as a host prefix (/32 or /128). */
export function readAddress(value: unknown): Parsed<Prefix> {
  const s = typeof value === 'string' ? split(value) : null;
  if (s === null || s.hasLength) return fail(`${show(value)} is not ${ADDRESS_EXPECTED}`);
  return ok({ family: s.family, words: s.words, length: s.length, text: value as string });
}

/** `172.16.0.1/12`: the host address and the subnet it sits in. */
export function readInterfaceAddress(value: unknown): Parsed<InterfaceAddress> {
  const s = typeof value === 'string' ? split(value) : null;
  if (s === null || !s.hasLength) return fail(`${show(value)} is not ${INTERFACE_ADDRESS_EXPECTED}`);
  const text = value as string;
  const address: Prefix = { family: s.family, words: s.words, length: maxLength(s.family), text };
  const subnet: Prefix = { family: s.family, words: maskWords(s.words, s.length), length: s.length, text };
  return ok({ address, subnet, text });
}

/** The address part in canonical text: dotted quad, or RFC 5952 for IPv6 (lowercase, no leading
 * zeros, the longest run of two or more zero groups as `::`, the leftmost on a tie). */
export function formatAddress(p: Pick<Prefix, 'family' | 'words'>): string {
  return formatAddressWords(p.family, p.words);
}

/** `10.0.0.0/8`, `2001:db8:1::/48`: always with the length. */
export function formatPrefix(p: Pick<Prefix, 'family' | 'words' | 'length'>): string {
  return `${formatAddress(p)}/${p.length}`;
}

/** An address (→ host prefix) or a prefix with host bits clear. Throws CHAINSIM_CONFIG otherwise. */
export function parsePrefix(text: string): Prefix {
  return orThrow(readPrefix(text));
}

/** A single address as a host prefix (/32 or /128). Throws CHAINSIM_CONFIG otherwise. */
export function parseAddress(text: string): Prefix {
  return orThrow(readAddress(text));
}
