/**
 * Text written straight into a reused byte buffer: the trace's lines are encoded piece by
 * piece here instead of being built as strings (string building, then UTF-8 conversion in
 * `writeSync`, and the garbage both leave cost ~10× more per line). Numbers are written as
 * digits by hand; pieces that repeat (names, keys) are encoded once by the caller and copied.
 *
 * Every writer assumes room was made first: `ensure(n)` before writing at most n bytes.
 */
import { writeSync } from 'node:fs';

/** 10^9: nanoseconds per second. */
const NS_PER_S = 1e9;
/**
 * Up to this many nanoseconds, ns / 10^9 has at most 15 significant digits, so JavaScript's
 * shortest round-trip text of that double is exactly the decimal digits (any decimal of
 * ≤ 15 digits survives a round trip through a double, so no shorter text names it).
 */
const MAX_EXACT_NS = 999_999_999_999_999;
/** Below a microsecond, `String(x)` switches to exponent notation ("5e-7"). */
const MIN_FIXED_NS = 1000;

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const COLON = 58;
const DOT = 46;
const ZERO = 48;

/**
 * A byte buffer appended at `pos`. With a file (`fd` ≥ 0) a full buffer is written out and
 * reused (a line may straddle two writes: bytes leave in order); without one it grows.
 */
export class ByteOut {
  buf: Buffer;
  pos = 0;

  constructor(
    size: number,
    readonly fd = -1,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Room for `n` more bytes at `pos`. */
  ensure(n: number): void {
    if (this.buf.length - this.pos < n) this.makeRoom(n);
  }

  /** Writes the buffered bytes to the file (nothing without one). */
  flush(): void {
    if (this.fd < 0) return;
    let done = 0;
    while (done < this.pos) done += writeSync(this.fd, this.buf, done, this.pos - done);
    this.pos = 0;
  }

  private makeRoom(n: number): void {
    if (this.fd >= 0) this.flush();
    if (this.buf.length - this.pos >= n) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/**
 * Copies pre-encoded bytes (keys, names, segments). `set` of a whole array is a native copy
 * without allocation (~13 ns whatever the length; a byte loop costs ~1.3 ns per byte).
 */
export function putBytes(out: ByteOut, bytes: Uint8Array): void {
  out.buf.set(bytes, out.pos);
  out.pos += bytes.length;
}

/** A string's UTF-8 bytes (up to 3 per UTF-16 unit: ensure room for that). */
export function putString(out: ByteOut, s: string): void {
  out.pos += out.buf.write(s, out.pos, 'utf8');
}

/** Powers of ten up to 10^16, for counting digits by comparison. */
const POW10 = Array.from({ length: 17 }, (_, i) => 10 ** i);

/** A non-negative integer below 2^53, in decimal. */
export function putUint(out: ByteOut, n: number): void {
  const b = out.buf;
  let digits = 1;
  while (digits < 16 && n >= POW10[digits]) digits++;
  let p = out.pos + digits;
  out.pos = p;
  let x = n;
  // Below 2^31 the division stays in int32 (`| 0`), which the JIT does without floating point.
  while (x > 0x7fffffff) {
    const q = Math.floor(x / 10);
    b[--p] = ZERO + (x - q * 10);
    x = q;
  }
  do {
    const q = (x / 10) | 0;
    b[--p] = ZERO + (x - q * 10);
    x = q;
  } while (x > 0);
}

/** Exactly `width` decimal digits of `n` (leading zeros kept), for n < 10^width. */
function putDigits(b: Buffer, p: number, n: number, width: number): void {
  for (let i = width - 1; i >= 0; i--) {
    const q = Math.floor(n / 10);
    b[p + i] = ZERO + (n - q * 10);
    n = q;
  }
}

/**
 * `String(ns / 1e9)`, byte for byte: seconds with up to 9 decimals, trailing zeros dropped.
 * Outside the range where that is exact (fractions of a nanosecond, exponent notation, more
 * than 15 digits), it falls back to the string itself.
 */
export function putSeconds(out: ByteOut, ns: number): void {
  if (!(Number.isInteger(ns) && ns >= MIN_FIXED_NS && ns <= MAX_EXACT_NS)) {
    if (ns === 0) out.buf[out.pos++] = ZERO;
    else out.pos += out.buf.write(String(ns / NS_PER_S), out.pos, 'latin1');
    return;
  }
  const sec = Math.floor(ns / NS_PER_S);
  let frac = ns - sec * NS_PER_S;
  putUint(out, sec);
  if (frac === 0) return;
  let width = 9;
  while (frac % 10 === 0) {
    frac /= 10;
    width--;
  }
  const b = out.buf;
  b[out.pos++] = DOT;
  putDigits(b, out.pos, frac, width);
  out.pos += width;
}

/** Dotted quad of an address held in one 32-bit word (policy's formatIPv4, as bytes). */
export function putIPv4(out: ByteOut, word: number): void {
  const w = word >>> 0;
  const b = out.buf;
  let p = putOctet(b, out.pos, w >>> 24);
  b[p++] = DOT;
  p = putOctet(b, p, (w >>> 16) & 0xff);
  b[p++] = DOT;
  p = putOctet(b, p, (w >>> 8) & 0xff);
  b[p++] = DOT;
  out.pos = putOctet(b, p, w & 0xff);
}

/** 0..255 in decimal at `p`; returns the end. */
function putOctet(b: Buffer, p: number, o: number): number {
  if (o >= 100) {
    const h = (o / 100) | 0;
    b[p++] = ZERO + h;
    o -= h * 100;
    const t = (o / 10) | 0;
    b[p++] = ZERO + t;
    o -= t * 10;
  } else if (o >= 10) {
    const t = (o / 10) | 0;
    b[p++] = ZERO + t;
    o -= t * 10;
  }
  b[p++] = ZERO + o;
  return p;
}

/**
 * RFC 5952 text of an IPv6 address in four big-endian words, as policy's formatIPv6 writes
 * it: lowercase hex groups without leading zeros, the first longest run of two or more zero
 * groups written `::`.
 */
export function putIPv6(out: ByteOut, words: Uint32Array): void {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (group(words, i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && group(words, j) === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const b = out.buf;
  for (let i = 0; i < 8; i++) {
    if (i === bestAt) {
      b[out.pos++] = COLON;
      b[out.pos++] = COLON;
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestAt + bestLen) b[out.pos++] = COLON;
    putHex(out, group(words, i));
  }
}

function group(words: Uint32Array, i: number): number {
  const w = words[i >> 1];
  return (i & 1) === 0 ? w >>> 16 : w & 0xffff;
}

/** A 16-bit group in lowercase hex without leading zeros. */
function putHex(out: ByteOut, g: number): void {
  const b = out.buf;
  if (g >= 0x1000) b[out.pos++] = HEX[g >>> 12];
  if (g >= 0x100) b[out.pos++] = HEX[(g >>> 8) & 15];
  if (g >= 0x10) b[out.pos++] = HEX[(g >>> 4) & 15];
  b[out.pos++] = HEX[g & 15];
}
