/**
 * The trace's byte encoders against the text JavaScript and policy write for the same values:
 * the trace must stay byte-identical to `String(ns / 1e9)`, formatIPv4 and formatIPv6.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteOut, putIPv4, putIPv6, putSeconds, putString, putUint } from '../../../dataplane/engine/byte-out.js';
import { formatIPv4, formatIPv6 } from '../../../policy/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainsim-byte-out-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function text(put: (out: ByteOut) => void): string {
  const out = new ByteOut(64);
  out.ensure(64);
  put(out);
  return out.buf.toString('utf8', 0, out.pos);
}

describe('putSeconds', () => {
  it('writes what String(ns / 1e9) writes, for whole nanoseconds at any scale', () => {
    const ns = fc.oneof(
      fc.integer({ min: 0, max: 5000 }), // around the switch to exponent notation at 1 µs
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.maxSafeInteger().filter((n) => n >= 0), // past 15 digits: the string fallback
      fc.integer({ min: 0, max: 10 ** 6 }).map((s) => s * 1e9), // whole seconds
      fc.tuple(fc.integer({ min: 0, max: 10 ** 5 }), fc.integer({ min: 0, max: 9 })).map(([s, z]) => s * 10 ** z),
    );
    fc.assert(fc.property(ns, (n) => {
          expect(text((o) => putSeconds(o, n))).toBe(String(n / 1e9));
        }), { numRuns: 3000 });
  });

  it('writes fractions of a nanosecond and the edges by hand-checked text', () => {
    expect(text((o) => putSeconds(o, 0))).toBe('0');
    expect(text((o) => putSeconds(o, 999))).toBe('9.99e-7');
    expect(text((o) => putSeconds(o, 1000))).toBe('0.000001');
    expect(text((o) => putSeconds(o, 1_500_000_000))).toBe('1.5');
    expect(text((o) => putSeconds(o, 12_000_000_345))).toBe('12.000000345');
    expect(text((o) => putSeconds(o, 2.5))).toBe('2.5e-9');
    expect(text((o) => putSeconds(o, 1234.5))).toBe(String(1234.5 / 1e9));
  });
});

describe('putUint, putIPv4, putIPv6', () => {
  it('writes integers below 2^53 in decimal', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(20), fc.nat(), fc.maxSafeNat()), (n) => {
        expect(text((o) => putUint(o, n))).toBe(String(n));
      }),
      { numRuns: 2000 },
    );
  });

  it("writes IPv4 as policy's formatIPv4 does", () => {
    const octet = fc.constantFrom(0, 1, 9, 10, 99, 100, 199, 255);
    const word = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.tuple(octet, octet, octet, octet).map(([a, b, c, d]) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0));
    fc.assert(fc.property(word, (w) => {
        expect(text((o) => putIPv4(o, w))).toBe(formatIPv4(w));
      }), { numRuns: 2000 });
  });

  it("writes IPv6 as policy's formatIPv6 does (RFC 5952: the first longest zero run as ::)", () => {
    // Groups biased to zero so that runs of every length and position occur.
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(1, 0xf, 0x10, 0xff, 0x100, 0xfff, 0x1000));
    const words = fc.array(group, { minLength: 8, maxLength: 8 }).map((g) => {
      const w = new Uint32Array(4);
      for (let i = 0; i < 4; i++) w[i] = ((g[2 * i] << 16) | g[2 * i + 1]) >>> 0;
      return w;
    });
    fc.assert(fc.property(words, (w) => {
        expect(text((o) => putIPv6(o, w))).toBe(formatIPv6(w));
      }), { numRuns: 3000 });
    expect(text((o) => putIPv6(o, new Uint32Array([0x20010db8, 0, 0, 1])))).toBe('2001:db8::1');
    expect(text((o) => putIPv6(o, new Uint32Array([0, 0, 0, 0])))).toBe('::');
  });
});

describe('ByteOut', () => {
  it('grows in memory, keeping what was written', () => {
    const out = new ByteOut(4);
    for (let i = 0; i < 50; i++) {
      out.ensure(8);
      putString(out, `${i},`);
    }
    expect(out.buf.toString('utf8', 0, out.pos)).toBe(Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  });

  it('with a file, writes a full buffer out and starts over, bytes in order', () => {
    const file = path.join(dir, 'out.txt');
    const fd = fs.openSync(file, 'w');
    const out = new ByteOut(16, fd);
    let expected = '';
    for (let i = 0; i < 40; i++) {
      const s = `line ${i} ✓\n`;
      out.ensure(3 * s.length);
      putString(out, s);
      expected += s;
    }
    expect(fs.statSync(file).size).toBeGreaterThan(0); // written as the buffer filled
    out.flush();
    fs.closeSync(fd);
    expect(fs.readFileSync(file, 'utf8')).toBe(expected);
  });
});
