/**
 * Unsigned 32/16-bit reads for the hot path. Plain byte arithmetic: V8 inlines these, which
 * Buffer's bounds-checked readUInt32LE does not always get (the readers check lengths once
 * per record instead).
 */

export function u32(b: Buffer, p: number, le: boolean): number {
  return le
    ? (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0
    : ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

export function u16(b: Buffer, p: number, le: boolean): number {
  return le ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1];
}

/** Rounds a length up to the 32-bit boundary pcapng pads to (any n below 2^53). */
export function pad4(n: number): number {
  return n + ((4 - (n & 3)) & 3);
}
