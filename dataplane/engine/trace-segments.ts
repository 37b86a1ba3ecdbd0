/**
 * Runs of a trace line that depend only on a few small values of the context (which rule,
 * which firewall rule and zones, which verdict and reason): each distinct combination is
 * formatted once, as UTF-8 bytes, and copied whole afterwards — one native copy instead of
 * a dozen small pieces. Combinations come from the configuration's names, so they are few.
 */

/** One formatted run and the values it was formatted from. */
interface Segment {
  bytes: Uint8Array;
  a: number;
  b: number;
  c: number;
  d: number | string | null;
}

/**
 * Segments by an integer key the caller derives from the values. The values are compared on
 * every hit, so a key two combinations share only costs a rebuild, never a wrong line.
 */
export class SegmentCache {
  private readonly byKey = new Map<number, Segment>();

  constructor(private readonly format: (a: number, b: number, c: number, d: number | string | null) => string) {}

  get(key: number, a: number, b: number, c: number, d: number | string | null): Uint8Array {
    const s = this.byKey.get(key);
    if (s !== undefined && s.a === a && s.b === b && s.c === c && s.d === d) return s.bytes;
    const bytes = Buffer.from(this.format(a, b, c, d), 'utf8');
    this.byKey.set(key, { bytes, a, b, c, d });
    return bytes;
  }
}
