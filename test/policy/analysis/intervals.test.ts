// Interval sets against plain sets of small integers: every operation must agree with the
// set it stands for, and keep the one spelling (sorted, disjoint, non-adjacent).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersect, meets, span, subtract, unionOf, within, type Intervals } from '../../../policy/analysis/intervals.js';

const arbSet = fc
  .array(
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => [BigInt(Math.min(a, b)), BigInt(Math.max(a, b))] as const),
    { maxLength: 5 },
  )
  .map((pairs) => unionOf(pairs));

function members(s: Intervals): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 2) for (let v = s[i]!; v <= s[i + 1]!; v++) out.push(Number(v));
  return out;
}

function canonical(s: Intervals): boolean {
  for (let i = 0; i < s.length; i += 2) {
    if (s[i]! > s[i + 1]!) return false;
    if (i > 0 && s[i]! <= s[i - 1]! + 1n) return false;
  }
  return true;
}

describe('intervals', () => {
  it('merges overlapping and adjacent ranges into one spelling', () => {
    expect(unionOf([[5n, 9n], [1n, 2n], [3n, 4n], [20n, 30n], [25n, 26n]])).toEqual([1n, 9n, 20n, 30n]);
    expect(unionOf([[1n, 2n], [4n, 5n]])).toEqual([1n, 2n, 4n, 5n]);
    expect(span(3n, 2n)).toEqual([]);
  });

  it('subtracts from the middle, the edges and across ranges', () => {
    expect(subtract([0n, 10n], [2n, 3n, 5n, 6n])).toEqual([0n, 1n, 4n, 4n, 7n, 10n]);
    expect(subtract([0n, 3n, 6n, 9n], [2n, 7n])).toEqual([0n, 1n, 8n, 9n]);
    expect(subtract([0n, 10n], [0n, 10n])).toEqual([]);
  });

  it('agrees with plain sets on union, intersection, difference and meeting', () => {
    fc.assert(
      fc.property(arbSet, arbSet, (a, b) => {
        const A = new Set(members(a));
        const B = new Set(members(b));
        const i = intersect(a, b);
        const d = subtract(a, b);
        expect(canonical(i) && canonical(d) && canonical(a)).toBe(true);
        expect(members(i)).toEqual([...A].filter((x) => B.has(x)));
        expect(members(d)).toEqual([...A].filter((x) => !B.has(x)));
        expect(meets(a, b)).toBe(members(i).length > 0);
        expect(within(a, b)).toBe(members(d).length === 0);
      }),
      { numRuns: 500 },
    );
  });
});
