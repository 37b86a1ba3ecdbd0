// Checksums against a slow, independent implementation: sum word by word with the end-around
// carry applied at every step (RFC 1071 §1's description), pseudo-headers built as bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECODE_IP,
  IP_PROTO,
  PacketView,
  decodeFrame,
  emitFrame,
  emitUdp,
  frameSpecLength,
  internetChecksum,
  ipv4PseudoHeaderSum,
  ipv6PseudoHeaderSum,
} from '../../../dataplane/wire/index.js';
import { frameSpecArb } from './arbitraries.js';
import { hex, wordBytes } from './helpers.js';

function slowChecksum(bytes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    sum += bytes[i] * 256 + (i + 1 < bytes.length ? bytes[i + 1] : 0);
    if (sum > 0xffff) sum -= 0xffff;
  }
  return 0xffff - sum;
}

function pseudoBytes(family: number, src: ArrayLike<number>, dst: ArrayLike<number>, proto: number, len: number): number[] {
  if (family === 4) return [...wordBytes(src, 1), ...wordBytes(dst, 1), 0, proto, len >>> 8, len & 0xff];
  return [...wordBytes(src, 4), ...wordBytes(dst, 4), ...wordBytes([len], 1), 0, 0, 0, proto];
}

describe('internetChecksum', () => {
  it('the textbook IPv4 header gives 0xb861', () => {
    const header = hex('45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7');
    expect(internetChecksum(header, 0, header.length)).toBe(0xb861);
  });

  it('equals the slow sum for any bytes, odd lengths and offsets included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat({ max: 8 }), (bytes, skip) => {
        const from = Math.min(skip, bytes.length);
        expect(internetChecksum(bytes, from, bytes.length - from)).toBe(slowChecksum(bytes.subarray(from)));
      }),
    );
  });

  it('all-0xff data sums to a negative zero, which complements to 0', () => {
    const bytes = new Uint8Array(64).fill(0xff);
    expect(internetChecksum(bytes, 0, 64)).toBe(slowChecksum(bytes));
    expect(internetChecksum(bytes, 0, 64)).toBe(0);
  });

  it('pseudo-header sums equal the slow sum of the pseudo-header bytes', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
        fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
        fc.nat({ max: 255 }),
        fc.nat({ max: 0xffff }),
        (src, dst, proto, len) => {
          const none = new Uint8Array(0);
          expect(internetChecksum(none, 0, 0, ipv4PseudoHeaderSum(src[0], dst[0], proto, len))).toBe(
            slowChecksum(pseudoBytes(4, src, dst, proto, len)),
          );
          expect(internetChecksum(none, 0, 0, ipv6PseudoHeaderSum(src, dst, proto, len))).toBe(
            slowChecksum(pseudoBytes(6, src, dst, proto, len)),
          );
        },
      ),
    );
  });
});

describe('emitted checksums verify with the slow implementation', () => {
  it('a UDP checksum that computes to 0 is sent as 0xffff (0 means "none")', () => {
    const src = 0x0a000001;
    const dst = 0x0a000002;
    const pseudo = ipv4PseudoHeaderSum(src, dst, IP_PROTO.UDP, 10);
    const seg = new Uint8Array(10);
    emitUdp({ srcPort: 1000, dstPort: 2000 }, seg, 0, 2, pseudo);
    const first = seg[6] * 256 + seg[7];
    // A payload word equal to the first checksum brings the sum to 0xffff: a computed 0.
    seg[8] = first >>> 8;
    seg[9] = first & 0xff;
    emitUdp({ srcPort: 1000, dstPort: 2000 }, seg, 0, 2, pseudo);
    expect([seg[6], seg[7]]).toEqual([0xff, 0xff]);
    expect(slowChecksum([...pseudoBytes(4, [src], [dst], IP_PROTO.UDP, 10), ...seg])).toBe(0);
  });

  it('IPv4 header, TCP, UDP, ICMP and ICMPv6 (pseudo-header included) sum to zero', () => {
    const v = new PacketView();
    fc.assert(
      fc.property(frameSpecArb, (spec) => {
        const len = frameSpecLength(spec);
        const buf = new Uint8Array(len);
        emitFrame(spec, buf, 0);
        expect(decodeFrame(v, buf, 0, len, len, spec.linkType)).toBe(DECODE_IP);
        if (spec.family === 4) expect(slowChecksum(buf.subarray(v.l3Offset, v.l4Offset))).toBe(0);
        if (v.isLaterFragment === 1) return;
        const segment = Array.from(buf.subarray(v.l4Offset, v.l4Offset + v.ipPayloadLength));
        const pseudo = pseudoBytes(spec.family, v.src, v.dst, v.proto, v.ipPayloadLength);
        switch (v.proto) {
          case IP_PROTO.TCP:
          case IP_PROTO.ICMPV6:
            expect(slowChecksum([...pseudo, ...segment])).toBe(0);
            break;
          case IP_PROTO.UDP:
            expect(segment[6] * 256 + segment[7]).not.toBe(0);
            expect(slowChecksum([...pseudo, ...segment])).toBe(0);
            break;
          case IP_PROTO.ICMP:
            expect(slowChecksum(segment)).toBe(0);
            break;
          default:
            break;
        }
      }),
      { numRuns: 500 },
    );
  });
});
