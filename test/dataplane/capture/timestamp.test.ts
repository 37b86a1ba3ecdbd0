/**
 * 64-bit pcapng timestamps split in two words and divided without BigInt: checked against
 * BigInt arithmetic (the obviously right oracle) for every supported resolution.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimestampUnits, resolutionName, toUnits } from '../../../dataplane/capture/timestamp.js';

/** seconds and nanoseconds of `ts` units of 10^-n (or 2^-n when binary) seconds, by BigInt. */
function oracle(ts: bigint, tsresol: number): [bigint, bigint] {
  const binary = (tsresol & 0x80) !== 0;
  const n = BigInt(tsresol & 0x7f);
  const unit = binary ? 2n ** n : 10n ** n;
  return [ts / unit, ((ts % unit) * 1_000_000_000n) / unit];
}

function convert(ts: bigint, tsresol: number): [number, number] {
  const out = { tsSec: -1, tsNsec: -1 };
  new TimestampUnits(tsresol).convert(Number(ts >> 32n), Number(ts & 0xffffffffn), out);
  return [out.tsSec, out.tsNsec];
}

const resolutions = fc.oneof(
  fc.integer({ min: 0, max: 19 }),
  fc.integer({ min: 0, max: 63 }).map((n) => 0x80 | n),
  fc.constantFrom(6, 9),
);
/** Any 64-bit count, with the edges and this era's µs and ns counts weighted in. */
const counts = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.constantFrom(0n, 1n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n),
  fc.bigInt({ min: 1_500_000_000_000_000n, max: 2_000_000_000_000_000n }),
  fc.bigInt({ min: 1_500_000_000_000_000_000n, max: 2_000_000_000_000_000_000n }),
  // Either side of a whole second in µs, ns and 10^-4 s, where a rounded quotient slips.
  fc
    .tuple(fc.constantFrom(10n ** 4n, 10n ** 6n, 10n ** 9n), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(-1n, 0n, 1n))
    .map(([unit, x, delta]) => {
      const ts = (x / unit) * unit + delta;
      return ts < 0n ? 0n : ts >= 2n ** 64n ? 2n ** 64n - 1n : ts;
    }),
);

describe('TimestampUnits', () => {
  it('matches BigInt division for every resolution (seconds exact below 2^53)', () => {
    fc.assert(
      fc.property(counts, resolutions, (ts, tsresol) => {
        const [sec, nsec] = oracle(ts, tsresol);
        const [gotSec, gotNsec] = convert(ts, tsresol);
        expect(gotNsec).toBe(Number(nsec));
        if (sec < 2n ** 53n) expect(gotSec).toBe(Number(sec));
        else expect(Math.abs(gotSec - Number(sec)) / Number(sec)).toBeLessThan(1e-15);
      }),
      { numRuns: 3000 },
    );
  });

  it('worked examples', () => {
    expect(convert(1340954905298858n, 6)).toEqual([1340954905, 298858000]);
    expect(convert(1418145369924505488n, 9)).toEqual([1418145369, 924505488]);
    // 2^-32 units: 0x80000000 is half a second.
    expect(convert(5n * 2n ** 32n + 2n ** 31n, 0x80 | 32)).toEqual([5, 500000000]);
    // Picoseconds: 1.000000000999 s keeps its whole nanoseconds only.
    expect(convert(1000000000999n, 12)).toEqual([1, 0]);
    expect(convert(2n ** 64n - 1n, 9)).toEqual([18446744073, 709551615]);
    // Counts whose rounded double falls below a whole second (found by search): in 10^-4 s.
    expect(convert(9463760276407690001n, 4)).toEqual([946376027640769, 100000]);
    expect(convert(4745502055576860000n, 4)).toEqual([474550205557686, 0]);
  });

  it('names resolutions as inspect prints them', () => {
    expect([0, 3, 6, 9, 12, 4, 0x80 | 20].map(resolutionName)).toEqual([
      'seconds',
      'milliseconds',
      'microseconds',
      'nanoseconds',
      'picoseconds',
      '10^-4 seconds',
      '2^-20 seconds',
    ]);
  });
});

describe('toUnits', () => {
  it('matches BigInt for µs and ns, and says when the count does not fit 64 bits', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 2 ** 32 + 5 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.constantFrom(1e6, 1e9),
        (sec, nsec, perSec) => {
          const units = BigInt(sec) * BigInt(perSec) + BigInt(Math.floor(nsec / (1e9 / perSec)));
          const out = { hi: -1, lo: -1 };
          const fits = toUnits(sec, nsec, perSec, out);
          expect(fits).toBe(units < 2n ** 64n);
          if (fits) expect((BigInt(out.hi) << 32n) | BigInt(out.lo)).toBe(units);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
