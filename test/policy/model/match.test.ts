import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyPrefixContains,
  hasPorts,
  maskWord,
  portInRanges,
  prefixContains,
  prefixFromText,
  wordsToBigInt,
} from '../../../policy/model/index.js';
import { arbAddressWords, arbPrefix, wordsOf } from '../../testing/index.js';

describe('maskWord', () => {
  it.each([
    [0, 0, 0],
    [8, 0, 0xff000000],
    [32, 0, 0xffffffff],
    [33, 0, 0xffffffff],
    [33, 1, 0x80000000],
    [48, 1, 0xffff0000],
    [64, 2, 0],
    [128, 3, 0xffffffff],
    [127, 3, 0xfffffffe],
  ])('length %i word %i → %s', (len, word, mask) => {
    expect(maskWord(len, word)).toBe(mask);
  });
});

describe('prefixContains', () => {
  it('contains the edges of a prefix and not the addresses beside them', () => {
    const p = prefixFromText('10.1.2.0/24');
    expect(prefixContains(p, 4, wordsOf('10.1.2.0'))).toBe(true);
    expect(prefixContains(p, 4, wordsOf('10.1.2.255'))).toBe(true);
    expect(prefixContains(p, 4, wordsOf('10.1.1.255'))).toBe(false);
    expect(prefixContains(p, 4, wordsOf('10.1.3.0'))).toBe(false);
  });

  it('never matches across families, not even for /0', () => {
    expect(prefixContains(prefixFromText('0.0.0.0/0'), 6, wordsOf('::'))).toBe(false);
    expect(prefixContains(prefixFromText('::/0'), 4, wordsOf('0.0.0.0'))).toBe(false);
    expect(prefixContains(prefixFromText('::/0'), 6, wordsOf('2001:db8::1'))).toBe(true);
  });

  it('IPv6 compares every word', () => {
    const p = prefixFromText('2001:db8:1:2::/64');
    expect(prefixContains(p, 6, wordsOf('2001:db8:1:2:ffff::1'))).toBe(true);
    expect(prefixContains(p, 6, wordsOf('2001:db8:1:3::1'))).toBe(false);
    expect(prefixContains(prefixFromText('2001:db8::5/128'), 6, wordsOf('2001:db8::4'))).toBe(false);
  });

  it('agrees with BigInt arithmetic', () => {
    const arb = fc.constantFrom(4 as const, 6 as const).chain((f) => fc.tuple(arbPrefix(f), arbAddressWords(f)));
    fc.assert(
      fc.property(arb, ([p, a]) => {
        const bits = p.family === 4 ? 32n : 128n;
        const host = bits - BigInt(p.length);
        const expected = wordsToBigInt(p.family, a) >> host === wordsToBigInt(p.family, p.words) >> host;
        expect(prefixContains(p, p.family, a)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('an empty list contains nothing, null everything', () => {
    expect(anyPrefixContains([], 4, wordsOf('10.0.0.1'))).toBe(false);
    expect(anyPrefixContains(null, 6, wordsOf('::1'))).toBe(true);
    expect(anyPrefixContains([prefixFromText('10.0.0.0/8'), prefixFromText('::/0')], 6, wordsOf('::1'))).toBe(true);
  });
});

describe('ports', () => {
  it('ranges are inclusive; null is any port', () => {
    const r = [{ lo: 1000, hi: 2000 }, { lo: 443, hi: 443 }];
    expect(portInRanges(r, 999)).toBe(false);
    expect(portInRanges(r, 1000)).toBe(true);
    expect(portInRanges(r, 2000)).toBe(true);
    expect(portInRanges(r, 2001)).toBe(false);
    expect(portInRanges(r, 443)).toBe(true);
    expect(portInRanges(null, 7)).toBe(true);
  });

  it('only TCP and UDP carry ports', () => {
    expect([1, 6, 17, 58, 132, 47].map(hasPorts)).toEqual([false, true, true, false, false, false]);
  });
});
