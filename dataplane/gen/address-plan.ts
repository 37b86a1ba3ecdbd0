/**
 * Where generated hosts live: the default config's plan (SPEC.md: `gen`). LAN clients in
 * 10/8, 172.16/12, 192.168/16 and 2001:db8:1::/48; servers on the internet side elsewhere.
 * Every choice avoids the appliance's own addresses, broadcast and multicast, so that the
 * traffic reaches classification.
 */
import type { Prng } from './prng.js';

/** Writes an IPv4 LAN host into words[0]. */
export function lanIPv4(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  const which = rng.int(0, 2);
  const host = rng.int(2, 254);
  if (which === 0) words[0] = ((10 << 24) | (rng.int(0, 255) << 16) | (rng.int(0, 255) << 8) | host) >>> 0;
  else if (which === 1) words[0] = ((172 << 24) | (rng.int(17, 31) << 16) | (rng.int(0, 255) << 8) | host) >>> 0;
  else words[0] = ((192 << 24) | (168 << 16) | (rng.int(0, 255) << 8) | host) >>> 0;
}

/** Public prefixes for servers, as [network, prefix length]: SaaS, CDN and documentation space (Office 365 first). */
const INTERNET_V4: readonly (readonly [number, number])[] = [
  [0x34600000, 14], // 52.96.0.0/14 (Office 365)
  [0x5db8d800, 24], // 93.184.216.0/24
  [0xc6336400, 24], // 198.51.100.0/24
  [0x97650000, 16], // 151.101.0.0/16
  [0x8efa0000, 15], // 142.250.0.0/15
  [0x68100000, 13], // 104.16.0.0/13
];

export function internetIPv4(rng: Prng, words: Uint32Array): void {
  pickHost(rng, words, INTERNET_V4);
}

/** 2001:db8:1:x::y — inside the LAN's 2001:db8:1::/48. */
export function lanIPv6(rng: Prng, words: Uint32Array): void {
  words[0] = 0x20010db8;
  words[1] = (0x0001 << 16) | rng.int(0, 0xffff);
  words[2] = 0;
  words[3] = rng.int(2, 0xfffe);
}

/** 2001:db8:ab00::/40 — routed by ::/0 to the internet side. */
export function internetIPv6(rng: Prng, words: Uint32Array): void {
  words[0] = 0x20010db8;
  words[1] = (0xab00 << 16) | rng.int(0, 0xffff);
  words[2] = rng.u32();
  words[3] = rng.u32() | 1;
}

/** A chooser of one address, written into words (IPv4 in words[0]). */
export type AddressChooser = (rng: Prng, words: Uint32Array) => void;

/**
 * 172.16.1-255.x: LAN servers that the default config's firewall lets the internet reach
 * (allow-in-https: 172.16.0.0/12, tcp 443); 172.16.0.x is left out, it holds the appliance.
 */
export function lanServerIPv4(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  words[0] = ((172 << 24) | (16 << 16) | (rng.int(1, 255) << 8) | rng.int(2, 254)) >>> 0;
}

/** LAN clients outside 10/8, for configs where 10/8 is the data centre (usecase2-internet-only.yaml). */
export function lanIPv4No10(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  const host = rng.int(2, 254);
  if (rng.chance(0.5)) words[0] = ((172 << 24) | (rng.int(17, 31) << 16) | (rng.int(0, 255) << 8) | host) >>> 0;
  else words[0] = ((192 << 24) | (168 << 16) | (rng.int(0, 255) << 8) | host) >>> 0;
}

/** Data-centre hosts across 10/8, reached over the virtual path in use case 2. */
export function dataCentreIPv4(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  words[0] = ((10 << 24) | (rng.int(0, 255) << 16) | (rng.int(0, 255) << 8) | rng.int(2, 254)) >>> 0;
}

/** Office 365's ranges as usecase3-o365-breakout.yaml's application names them. */
const OFFICE365_V4: readonly (readonly [number, number])[] = [
  [0x34600000, 14], // 52.96.0.0/14
  [0x28600000, 13], // 40.96.0.0/13
];

/** The internet without Office 365, so that "other internet" never matches the Office365 application. */
const OTHER_INTERNET_V4: readonly (readonly [number, number])[] = INTERNET_V4.slice(1);

export function office365IPv4(rng: Prng, words: Uint32Array): void {
  pickHost(rng, words, OFFICE365_V4);
}

export function otherInternetIPv4(rng: Prng, words: Uint32Array): void {
  pickHost(rng, words, OTHER_INTERNET_V4);
}

/** A host in one of the prefixes, never .0 or .255 in its last byte. */
function pickHost(rng: Prng, words: Uint32Array, prefixes: readonly (readonly [number, number])[]): void {
  words[1] = words[2] = words[3] = 0;
  const [net, len] = rng.pick(prefixes);
  let host = rng.u32() >>> len;
  if ((host & 0xff) === 0 || (host & 0xff) === 0xff) host = (host & ~0xff) | 7;
  words[0] = (net | host) >>> 0;
}

/**
 * A spoofed flood source: any host in 11.0.0.0–122.255.255.255 but 100/8 (CGN space), so
 * that sources hardly repeat and none is private, loopback, reserved or the appliance's.
 */
export function floodSourceIPv4(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  let first = rng.int(11, 122);
  if (first === 100) first = 101;
  let rest = rng.u32() >>> 8;
  if ((rest & 0xff) === 0 || (rest & 0xff) === 0xff) rest = (rest & ~0xff) | 7;
  words[0] = ((first << 24) | rest) >>> 0;
}
