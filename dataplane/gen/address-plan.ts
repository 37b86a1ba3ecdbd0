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

/** Public prefixes for servers, as [network, prefix length]: SaaS, CDN and documentation space. */
const INTERNET_V4: readonly (readonly [number, number])[] = [
  [0x34600000, 14], // 52.96.0.0/14 (Office 365)
  [0x5db8d800, 24], // 93.184.216.0/24
  [0xc6336400, 24], // 198.51.100.0/24
  [0x97650000, 16], // 151.101.0.0/16
  [0x8efa0000, 15], // 142.250.0.0/15
  [0x68100000, 13], // 104.16.0.0/13
];

export function internetIPv4(rng: Prng, words: Uint32Array): void {
  words[1] = words[2] = words[3] = 0;
  const [net, len] = rng.pick(INTERNET_V4);
  const hostBits = 32 - len;
  let host = rng.u32() >>> (32 - hostBits);
  if ((host & 0xff) === 0 || (host & 0xff) === 0xff) host = (host & ~0xff) | 7;
  words[0] = (net | host) >>> 0;
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
