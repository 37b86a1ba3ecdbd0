import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hashKey, isSwapped, keyMeta, keyPorts } from '../../../policy/conn/key.js';

const v4 = (a: number): Uint32Array => Uint32Array.of(a, 0, 0, 0);
const v6 = (...w: number[]): Uint32Array => Uint32Array.from(w);

describe('isSwapped: the smaller (address, port) endpoint comes first', () => {
  it.each([
    ['lower source address', 4, v4(0x0a000001), v4(0x0a000002), 9000, 80, false],
    ['higher source address wins over ports', 4, v4(0x0a000002), v4(0x0a000001), 1, 65535, true],
    ['addresses compare unsigned', 4, v4(0xc0a80001), v4(0x0a000001), 1, 1, true],
    ['equal addresses: ports decide', 4, v4(0x0a000001), v4(0x0a000001), 443, 80, true],
    ['equal addresses, lower source port', 4, v4(0x0a000001), v4(0x0a000001), 80, 443, false],
    ['same endpoint both sides is not swapped', 4, v4(7), v4(7), 5, 5, false],
    ['IPv4 ignores words 1..3', 4, Uint32Array.of(1, 9, 9, 9), Uint32Array.of(2, 0, 0, 0), 0, 0, false],
    ['IPv6 decides on the first differing word', 6, v6(0x20010db8, 0, 0, 2), v6(0x20010db8, 0, 0, 1), 0, 0, true],
    ['IPv6 word 1 before word 3', 6, v6(0x20010db8, 1, 0, 0), v6(0x20010db8, 0, 0, 9), 0, 0, true],
    ['IPv6 equal addresses: ports decide', 6, v6(1, 2, 3, 4), v6(1, 2, 3, 4), 2, 1, true],
  ] as const)('%s', (_why, family, src, dst, sp, dp, swapped) => {
    expect(isSwapped(family, src, dst, sp, dp)).toBe(swapped);
  });

  it('exactly one direction of two different endpoints is swapped', () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    const port = fc.integer({ min: 0, max: 0xffff });
    fc.assert(
      fc.property(fc.array(word, { minLength: 4, maxLength: 4 }), fc.array(word, { minLength: 4, maxLength: 4 }), port, port, (s, d, sp, dp) => {
        const src = Uint32Array.from(s);
        const dst = Uint32Array.from(d);
        const same = s.every((w, i) => w === d[i]) && sp === dp;
        const forward = isSwapped(6, src, dst, sp, dp);
        const backward = isSwapped(6, dst, src, dp, sp);
        expect(forward && backward).toBe(false);
        expect(forward || backward).toBe(!same);
      }),
    );
  });
});

describe('key words and hash', () => {
  it('packs family, protocol and ports unsigned', () => {
    expect(keyMeta(6, 58)).toBe(0x63a);
    expect(keyPorts(65535, 1)).toBe(0xffff0001);
    expect(keyPorts(0x8000, 0)).toBe(0x80000000);
  });

  it('IPv4 hashing ignores words 1..3 and IPv6 hashing reads them', () => {
    const meta = keyMeta(4, 6);
    const ports = keyPorts(1, 2);
    expect(hashKey(meta, ports, Uint32Array.of(1, 5, 5, 5), Uint32Array.of(2, 6, 6, 6), false)).toBe(
      hashKey(meta, ports, v4(1), v4(2), false),
    );
    expect(hashKey(meta, ports, v6(1, 0, 0, 1), v4(2), true)).not.toBe(hashKey(meta, ports, v4(1), v4(2), true));
  });

  it('spreads sequential addresses and ports over the buckets', () => {
    // 4096 keys in 8192 buckets: a uniform hash leaves about e^-0.5 ≈ 61 % of buckets empty
    // and no long chains; a weak one (say, xor of the words) piles them into few buckets.
    const mask = 8191;
    const counts = new Uint16Array(mask + 1);
    const meta = keyMeta(4, 6);
    for (let i = 0; i < 4096; i++) {
      const h = hashKey(meta, keyPorts(40000 + (i & 63), 443), v4(0x0a000000 + (i >> 6)), v4(0x34600001), false);
      counts[h & mask]++;
    }
    const empty = counts.filter((c) => c === 0).length;
    expect(empty / counts.length).toBeGreaterThan(0.55);
    expect(empty / counts.length).toBeLessThan(0.67);
    expect(Math.max(...counts)).toBeLessThanOrEqual(7);
  });
});
