/**
 * Canonical connection keys: family, protocol, both addresses (four big-endian words each, IPv4
 * in word 0) and both ports, with the smaller (address, port) endpoint first so that both
 * directions of a connection give the same key. VLANs and routing domains are not part of it
 * (SPEC: identical 5-tuples on different VLANs are one connection).
 *
 * The caller fills the ports: TCP/UDP ports; ICMP echo (request and reply, v4 and v6) its
 * identifier as both ports; every other ICMP message and every other protocol 0 and 0.
 *
 * Stored form, KEY_WORDS Uint32 words per connection, the words an IPv4 key needs first (one
 * cache line far more often than not):
 *   [0] family << 8 | proto   [1] portA << 16 | portB   [2] A word 0   [3] B word 0
 *   [4..6] A words 1..3       [7..9] B words 1..3
 * For IPv4, words 4..9 are stored as 0 and never read from the caller's arrays.
 */

export const KEY_WORDS = 10;

/**
 * True when the packet's source endpoint sorts after its destination, i.e. the canonical key
 * starts with the destination. An endpoint talking to itself (same address and port) is not
 * swapped: both directions of it look alike and count as coming from the initiator.
 */
export function isSwapped(
  family: number,
  src: Uint32Array,
  dst: Uint32Array,
  srcPort: number,
  dstPort: number,
): boolean {
  const words = family === 6 ? 4 : 1;
  for (let i = 0; i < words; i++) {
    const s = src[i];
    const d = dst[i];
    if (s !== d) return s > d;
  }
  return srcPort > dstPort;
}

/** Word 0 of a stored key. */
export function keyMeta(family: number, proto: number): number {
  return ((family << 8) | proto) >>> 0;
}

/** Word 1 of a stored key (ports in canonical order). */
export function keyPorts(portA: number, portB: number): number {
  return ((portA << 16) | portB) >>> 0;
}

// One multiply-xorshift round per word, then murmur3's finaliser: cheap, and it spreads the
// sequential addresses and ports of generated traffic over all buckets. The seed is fixed so
// runs are deterministic (a table is never exposed to adversarial chosen keys that matter here).
function mix(h: number, w: number): number {
  h = Math.imul(h ^ w, 0x9e3779b1);
  return h ^ (h >>> 15);
}

const fmix = (h: number): number => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
};

/** Hash of a canonical key (A endpoint first) as a signed 32-bit integer; words in stored order. */
export function hashKey(meta: number, ports: number, a: Uint32Array, b: Uint32Array, v6: boolean): number {
  let h = mix(0x2545f491, meta);
  h = mix(h, ports);
  h = mix(h, a[0]);
  h = mix(h, b[0]);
  if (v6) {
    h = mix(h, a[1]);
    h = mix(h, a[2]);
    h = mix(h, a[3]);
    h = mix(h, b[1]);
    h = mix(h, b[2]);
    h = mix(h, b[3]);
  }
  return fmix(h);
}

/** The same hash, of a key already stored at `keys[k]`. */
export function hashStored(keys: Uint32Array, k: number): number {
  let h = mix(0x2545f491, keys[k]);
  h = mix(h, keys[k + 1]);
  h = mix(h, keys[k + 2]);
  h = mix(h, keys[k + 3]);
  if (keys[k] >>> 8 === 6) {
    for (let i = 4; i < KEY_WORDS; i++) h = mix(h, keys[k + i]);
  }
  return fmix(h);
}
