/** Small statistics for paired runs: min / median / max, rounded for printing. */

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function spread(values: readonly number[], digits = 3): Spread {
  const round = (x: number): number => +x.toFixed(digits);
  if (values.length === 0) return { min: NaN, median: NaN, max: NaN };
  return { min: round(Math.min(...values)), median: round(median(values)), max: round(Math.max(...values)) };
}

export function formatSpread(s: Spread, digits = 2): string {
  return `${s.median.toFixed(digits)} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)})`;
}

/** 1234567 → "1.23 M", 45678 → "45.7 k". */
export function si(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return n.toFixed(0);
}
