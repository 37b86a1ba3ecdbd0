import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToWords, formatAddress, prefixFromText, prefixFromWords, wordsToBigInt } from '../../../policy/model/index.js';

describe('addresses', () => {
  it('reads prefixes into words with host bits cleared', () => {
    expect(prefixFromText('10.1.2.3/8')).toEqual({ family: 4, words: [0x0a000000, 0, 0, 0], length: 8, text: '10.0.0.0/8' });
    expect(prefixFromText('192.0.2.10')).toMatchObject({ family: 4, words: [0xc000020a, 0, 0, 0], length: 32 });
    expect(prefixFromText('2001:db8:1::5/48')).toMatchObject({ family: 6, words: [0x20010db8, 0x00010000, 0, 0], length: 48, text: '2001:db8:1::/48' });
    expect(prefixFromText('::/0').words).toEqual([0, 0, 0, 0]);
  });

  it('refuses what is not an address, with a config error', () => {
    expect(() => prefixFromText('10.0.0.300/8')).toThrow(expect.objectContaining({ code: 'CHAINSIM_CONFIG' }));
    expect(() => prefixFromText('10.0.0.0/33')).toThrow(/length 33/);
  });

  it('formats IPv6 per RFC 5952', () => {
    expect(formatAddress(6, [0x20010db8, 0, 0x00010000, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatAddress(6, [0x20010db8, 0, 1, 0])).toBe('2001:db8::1:0:0');
    expect(formatAddress(6, [0, 0, 0, 0])).toBe('::');
    expect(formatAddress(4, [0xc0000201, 0, 0, 0])).toBe('192.0.2.1');
  });

  it('words ↔ BigInt round-trip', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        expect(wordsToBigInt(6, bigIntToWords(6, v, new Uint32Array(4)))).toBe(v);
        const v4 = v & 0xffffffffn;
        expect(wordsToBigInt(4, bigIntToWords(4, v4, new Uint32Array(4)))).toBe(v4);
      }),
    );
  });

  it('prefixFromWords and prefixFromText agree', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 128 }), (w, len) => {
        const p = prefixFromWords(6, w, len);
        expect(prefixFromText(p.text)).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });
});
