/**
 * The Internet checksum (RFC 1071): a one's-complement sum of big-endian 16-bit words, folded
 * and complemented. Partial sums are plain (unfolded) numbers so that a pseudo-header, a
 * header and a payload can be summed separately and added; a double holds them exactly far
 * beyond any packet size.
 */

/** Adds buf[start, start + length) to `sum` as 16-bit words (an odd last byte is padded with 0). */
export function onesComplementSum(buf: Uint8Array, start: number, length: number, sum = 0): number {
  const end = start + length;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (buf[i] << 8) | buf[i + 1];
  if (i < end) sum += buf[i] << 8;
  return sum;
}

/** Folds a partial sum to 16 bits and complements it: the value that goes in the header. */
export function finishChecksum(sum: number): number {
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** The checksum of buf[start, start + length), starting from a partial sum (a pseudo-header). */
export function internetChecksum(buf: Uint8Array, start: number, length: number, partial = 0): number {
  return finishChecksum(onesComplementSum(buf, start, length, partial));
}

/** Partial sum of the IPv4 pseudo-header (RFC 793/768): addresses, protocol, upper-layer length. */
export function ipv4PseudoHeaderSum(src: number, dst: number, proto: number, length: number): number {
  return (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + proto + length;
}

/** Partial sum of the IPv6 pseudo-header (RFC 8200 §8.1); addresses as four big-endian words. */
export function ipv6PseudoHeaderSum(
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
  proto: number,
  length: number,
): number {
  let sum = proto + (length >>> 16) + (length & 0xffff);
  for (let i = 0; i < 4; i++) {
    const s = src[i] >>> 0;
    const d = dst[i] >>> 0;
    sum += (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff);
  }
  return sum;
}
