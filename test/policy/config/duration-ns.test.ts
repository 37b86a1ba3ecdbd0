import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDurationNs } from '../../../policy/index.js';

describe('readDurationNs', () => {
  it.each([
    ['90s', 90e9],
    ['1500ms', 1_500_000_000],
    ['2m', 120e9],
    ['1.5m', 90e9],
    ['1h', 3_600e9],
    ['250us', 250_000],
    ['0.3s', 300_000_000],
    ['0.001ms', 1_000],
    ['0s', 0],
    ['0.0001us', 0], // a tenth of a nanosecond rounds away
    ['2501h', 2501 * 3600e9],
  ])('%s is %d ns', (text, ns) => {
    expect(readDurationNs(text)).toEqual({ ok: true, value: ns });
  });

  it.each([
    [90, '90 is not a duration: a unit is required (us, ms, s, m or h, like 90s)'],
    [0, '0 is not a duration: a unit is required (us, ms, s, m or h, like 90s)'],
    ['90', '"90" is not a duration (a number with us, ms, s, m or h, like 90s)'],
    ['-1s', '"-1s" is not a duration (a number with us, ms, s, m or h, like 90s)'],
    [' 90s', '" 90s" is not a duration (a number with us, ms, s, m or h, like 90s)'],
    [null, 'an empty value is not a duration (a number with us, ms, s, m or h, like 90s)'],
    [true, 'true is not a duration (a number with us, ms, s, m or h, like 90s)'],
    ['90S', '"90S" is not a duration (units: us, ms, s, m or h; did you mean 90s?)'],
    ['5MS', '"5MS" is not a duration (units: us, ms, s, m or h; did you mean 5ms?)'],
    ['90sec', '"90sec" is not a duration (units: us, ms, s, m or h)'],
    ['2502h', '"2502h" is too long (the clock holds at most 2501h)'],
  ])('refuses %j', (value, error) => {
    expect(readDurationNs(value)).toEqual({ ok: false, error });
  });

  it('reads whole numbers of every unit exactly', () => {
    const units: [string, number][] = [
      ['us', 1e3],
      ['ms', 1e6],
      ['s', 1e9],
      ['m', 60e9],
      ['h', 3600e9],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(...units), (n, [unit, ns]) => {
        expect(readDurationNs(`${n}${unit}`)).toEqual({ ok: true, value: n * ns });
      }),
    );
  });

  it('reads seconds with millisecond decimals exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 999 }), (whole, milli) => {
        const text = `${whole}.${String(milli).padStart(3, '0')}s`;
        expect(readDurationNs(text)).toEqual({ ok: true, value: whole * 1e9 + milli * 1e6 });
      }),
    );
  });
});
