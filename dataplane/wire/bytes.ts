/**
 * Big-endian reads and writes over plain Uint8Arrays (a Buffer is one). Callers check bounds
 * first; these helpers never do, so they stay small enough for V8 to inline.
 */

export function readU16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

export function readU32(b: Uint8Array, i: number): number {
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

export function readU32Le(b: Uint8Array, i: number): number {
  return ((b[i + 3] << 24) | (b[i + 2] << 16) | (b[i + 1] << 8) | b[i]) >>> 0;
}

export function writeU16(b: Uint8Array, i: number, v: number): void {
  b[i] = v >>> 8;
  b[i + 1] = v;
}

export function writeU32(b: Uint8Array, i: number, v: number): void {
  b[i] = v >>> 24;
  b[i + 1] = v >>> 16;
  b[i + 2] = v >>> 8;
  b[i + 3] = v;
}

export function writeU32Le(b: Uint8Array, i: number, v: number): void {
  b[i] = v;
  b[i + 1] = v >>> 8;
  b[i + 2] = v >>> 16;
  b[i + 3] = v >>> 24;
}

// Buffer#copy is a memmove that accepts any Uint8Array as source and target and, unlike
// `target.set(source.subarray(...))`, allocates no view: the per-packet way to move bytes.
const nativeCopy = Buffer.prototype.copy;

/**
 * Copies src[from, to) to dst at `at` (overlap-safe, also within one array). Returns the byte
 * count.
 */
export function copyBytes(src: Uint8Array, from: number, to: number, dst: Uint8Array, at: number): number {
  if (to <= from) return 0;
  if (src === dst) {
    dst.copyWithin(at, from, to);
    return to - from;
  }
  return nativeCopy.call(src, dst, at, from, to);
}
