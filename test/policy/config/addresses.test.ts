import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAddress, formatPrefix, parseAddress, parsePrefix } from '../../../policy/config/index.js';
import { isChainsimError } from '../../../policy/errors.js';

const v4 = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_CONFIG') return err.message;
    throw err;
  }
  throw new Error('expected a CHAINSIM_CONFIG error');
}

describe('parsePrefix', () => {
  it('reads IPv4 prefixes into the first word, host bits clear', () => {
    expect(parsePrefix('10.0.0.0/8')).toEqual({ family: 4, words: [v4(10, 0, 0, 0), 0, 0, 0], length: 8, text: '10.0.0.0/8' });
    expect(parsePrefix('172.16.0.0/12').words[0]).toBe(0xac100000);
    expect(parsePrefix('0.0.0.0/0')).toEqual({ family: 4, words: [0, 0, 0, 0], length: 0, text: '0.0.0.0/0' });
  });

  it('reads a bare address as a host prefix', () => {
    expect(parsePrefix('192.0.2.10')).toEqual({ family: 4, words: [v4(192, 0, 2, 10), 0, 0, 0], length: 32, text: '192.0.2.10' });
  });

  it('reads IPv6 into four big-endian words', () => {
    expect(parsePrefix('2001:db8:1::/48')).toEqual({
      family: 6,
      words: [0x20010db8, 0x00010000, 0, 0],
      length: 48,
      text: '2001:db8:1::/48',
    });
    expect(parsePrefix('::/0').words).toEqual([0, 0, 0, 0]);
    expect(parsePrefix('ff02::1:ff00:0/104').words).toEqual([0xff020000, 0, 0x00000001, 0xff000000]);
    expect(parsePrefix('::ffff:1.2.3.4').words).toEqual([0, 0, 0xffff, v4(1, 2, 3, 4)]);
  });

  it.each([
    ['10.1.2.3/8', '"10.1.2.3/8" is not a prefix: host bits are set (did you mean 10.0.0.0/8?)'],
    ['172.16.0.1/12', '"172.16.0.1/12" is not a prefix: host bits are set (did you mean 172.16.0.0/12?)'],
    ['2001:db8::1/32', '"2001:db8::1/32" is not a prefix: host bits are set (did you mean 2001:db8::/32?)'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['10.0.0.0/', '"10.0.0.0/" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['10.0.0.0/08', '"10.0.0.0/08" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['300.0.0.0/8', '"300.0.0.0/8" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['fe80::1%eth0', '"fe80::1%eth0" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['2001:db8::/129', '"2001:db8::/129" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
    ['1.2.3', '"1.2.3" is not an address or prefix (like 10.0.0.0/8 or 2001:db8::/32)'],
  ])('%s is refused', (text, message) => {
    expect(failure(() => parsePrefix(text))).toBe(message);
  });
});

describe('parseAddress', () => {
  it('gives host prefixes', () => {
    expect(parseAddress('2001:db8::1')).toEqual({ family: 6, words: [0x20010db8, 0, 0, 1], length: 128, text: '2001:db8::1' });
  });
  it('refuses a prefix length', () => {
    expect(failure(() => parseAddress('10.0.0.1/32'))).toBe('"10.0.0.1/32" is not an IP address (like 192.0.2.10 or 2001:db8::1)');
  });
});

describe('formatPrefix (RFC 5952 for IPv6)', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'], // leftmost of two equal runs
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1/128'], // a single zero group stays
    ['0:0:0:0:0:0:0:0/0', '::/0'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3/128'], // the longest run wins
    ['fe80::/10', 'fe80::/10'],
  ])('%s → %s', (text, formatted) => {
    expect(formatPrefix(parsePrefix(text))).toBe(formatted);
  });

  it('round-trips any address through its canonical text', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.tuple(word, word, word, word), fc.boolean(), (words, six) => {
        const p = six ? { family: 6 as const, words } : { family: 4 as const, words: [words[0], 0, 0, 0] as typeof words };
        const text = formatAddress(p);
        expect(parseAddress(text).words).toEqual(p.words);
        expect(formatAddress(parseAddress(text))).toBe(text);
      }),
    );
  });
});
