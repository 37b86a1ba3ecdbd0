/**
 * pcapng timestamps are 64-bit counts of an interface's unit (if_tsresol: 10^-n or 2^-n
 * seconds). Doubles hold integers only to 2^53 and BigInt per packet is too slow, so the count
 * stays split in two 32-bit words and is divided exactly by long division on 16-bit digits
 * (every partial value stays below 2^53).
 */
import { chainsimError } from '../../policy/index.js';

const TWO32 = 4294967296;
/**
 * From this divisor up (to 10^9: the remainder test needs 3d ≤ 2^32), seconds computed from the
 * rounded 64-bit count are off by at most one: its rounding error, at most 2^10, over the
 * divisor stays under a half, and the quotient, under 2^52, is exact.
 */
const MIN_ROUGH_DIVISOR = 2 ** 12;

/** Seconds and nanoseconds, written in place (the caller's reused record). */
export interface TimeOut {
  tsSec: number;
  tsNsec: number;
}

/** Human name of an if_tsresol byte (SPEC `inspect`'s `timestampResolution`). */
export function resolutionName(tsresol: number): string {
  if ((tsresol & 0x80) !== 0) return `2^-${tsresol & 0x7f} seconds`;
  switch (tsresol) {
    case 0:
      return 'seconds';
    case 3:
      return 'milliseconds';
    case 6:
      return 'microseconds';
    case 9:
      return 'nanoseconds';
    case 12:
      return 'picoseconds';
    default:
      return `10^-${tsresol} seconds`;
  }
}

/** True when `TimestampUnits` can convert this resolution exactly. */
export function isSupportedResolution(tsresol: number): boolean {
  return (tsresol & 0x80) !== 0 ? (tsresol & 0x7f) <= 63 : tsresol <= 19;
}

/** One interface's converter from its 64-bit timestamp units to seconds + nanoseconds. */
export class TimestampUnits {
  private readonly binary: boolean;
  private readonly exp: number;
  /** Decimal: the first divisor (10^n, or 10^(n-9) when finer than ns) and the ns factor. */
  private readonly divisor: number;
  private readonly nsFactor: number;
  /** Quotient of the last `div`, as two 32-bit words. */
  private qHi = 0;
  private qLo = 0;
  /** Binary resolutions: scratch 16-bit digits for remainder × 10^9. */
  private readonly digits = new Float64Array(8);

  constructor(tsresol: number) {
    if (!isSupportedResolution(tsresol)) {
      throw chainsimError('CHAINSIM_INTERNAL', `unsupported if_tsresol 0x${tsresol.toString(16)}`);
    }
    this.binary = (tsresol & 0x80) !== 0;
    this.exp = tsresol & 0x7f;
    if (this.binary) {
      this.divisor = 0;
      this.nsFactor = 0;
    } else if (this.exp <= 9) {
      this.divisor = 10 ** this.exp;
      this.nsFactor = 10 ** (9 - this.exp);
    } else {
      this.divisor = 10 ** (this.exp - 9);
      this.nsFactor = 0;
    }
  }

  /** Converts hi·2^32 + lo units, writing `out.tsSec` and `out.tsNsec`. */
  convert(hi: number, lo: number, out: TimeOut): void {
    if (this.binary) {
      this.convertBinary(hi, lo, out);
    } else if (this.nsFactor !== 0) {
      if (this.divisor >= MIN_ROUGH_DIVISOR) {
        this.roughThenExact(hi, lo, out);
        return;
      }
      const rem = this.div(hi, lo, this.divisor);
      out.tsSec = this.qHi * TWO32 + this.qLo;
      out.tsNsec = rem * this.nsFactor;
    } else {
      this.div(hi, lo, this.divisor);
      out.tsNsec = this.div(this.qHi, this.qLo, 1e9);
      out.tsSec = this.qHi * TWO32 + this.qLo;
    }
  }

  /**
   * The µs and ns case, per packet: the seconds from the rounded double (off by at most one,
   * as the divisor is at least 2^12), then the exact remainder from the low 32 bits alone —
   * it lies in [-d, 2d), which modulo 2^32 tells which way the seconds were off.
   */
  private roughThenExact(hi: number, lo: number, out: TimeOut): void {
    const d = this.divisor;
    let sec = Math.floor((hi * TWO32 + lo) / d);
    let rem = (lo - Math.imul(sec, d)) >>> 0;
    if (rem >= d) {
      if (rem < 2 * d) {
        sec++;
        rem -= d;
      } else {
        sec--;
        rem = rem + d - TWO32;
      }
    }
    out.tsSec = sec;
    out.tsNsec = rem * this.nsFactor;
  }

  /** (hi·2^32 + lo) / d for d < 2^36: quotient into qHi/qLo, remainder returned. */
  private div(hi: number, lo: number, d: number): number {
    const q0 = Math.floor(hi / d);
    let r = (hi - q0 * d) * 65536 + (lo >>> 16);
    const q1 = Math.floor(r / d);
    r = (r - q1 * d) * 65536 + (lo & 0xffff);
    const q2 = Math.floor(r / d);
    this.qHi = q0;
    this.qLo = q1 * 65536 + q2;
    return r - q2 * d;
  }

  private convertBinary(hi: number, lo: number, out: TimeOut): void {
    const n = this.exp;
    let remHi: number;
    let remLo: number;
    if (n >= 32) {
      const shift = 2 ** (n - 32);
      out.tsSec = Math.floor(hi / shift);
      remHi = hi - out.tsSec * shift;
      remLo = lo;
    } else {
      const shift = 2 ** n;
      const low = Math.floor(lo / shift);
      out.tsSec = hi * 2 ** (32 - n) + low;
      remHi = 0;
      remLo = lo - low * shift;
    }
    // nsec = floor(rem · 10^9 / 2^n), with rem · 10^9 held as 16-bit digits (least first).
    const d = this.digits;
    d[0] = remLo & 0xffff;
    d[1] = remLo >>> 16;
    d[2] = remHi & 0xffff;
    d[3] = remHi >>> 16;
    d[4] = 0;
    d[5] = 0;
    let carry = 0;
    for (let i = 0; i < 6; i++) {
      const t = d[i] * 1e9 + carry;
      carry = Math.floor(t / 65536);
      d[i] = t - carry * 65536;
    }
    // rem · 10^9 / 2^n < 10^9, so only three digits from n/16 on can be non-zero.
    const k = n >>> 4;
    let v = 0;
    for (let i = Math.min(k + 2, 5); i >= k; i--) v = v * 65536 + d[i];
    out.tsNsec = Math.floor(v / 2 ** (n & 15));
  }
}

/** A timestamp as a 64-bit count of units, split in two 32-bit words (for writers). */
export interface UnitsOut {
  hi: number;
  lo: number;
}

/**
 * sec · unitsPerSec + floor(nsec / (10^9 / unitsPerSec)) as hi/lo words, exactly, for
 * unitsPerSec ≤ 10^9. False when the count does not fit 64 bits.
 */
export function toUnits(sec: number, nsec: number, unitsPerSec: number, out: UnitsOut): boolean {
  const frac = Math.floor(nsec / (1e9 / unitsPerSec));
  const sHi = Math.floor(sec / TWO32);
  const sLo = sec - sHi * TWO32;
  const a = Math.floor(sLo / 65536);
  const t1 = (sLo - a * 65536) * unitsPerSec + frac;
  const t2 = a * unitsPerSec;
  const c = Math.floor(t2 / 65536);
  const low = (t2 - c * 65536) * 65536 + t1;
  const carry = Math.floor(low / TWO32);
  out.lo = low - carry * TWO32;
  out.hi = sHi * unitsPerSec + c + carry;
  return out.hi < TWO32;
}
