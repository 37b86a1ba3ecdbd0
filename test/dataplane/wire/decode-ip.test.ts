// Fixed IPv4 and IPv6 packets (options, fragments, extension headers) written by hand as
// hex and decoded field by field; and the reuse of one view across packets.
import { describe, expect, it } from 'vitest';
import { DECODE_EVENT, DECODE_IP, LINKTYPE, PacketView, decodeFrame } from '../../../dataplane/wire/index.js';
import { IPV4_TCP_SYN, IPV4_UDP, MACS, V6_DST, V6_SRC, ok } from './fixtures.js';
import { decodeHex, hex, snapshot } from './helpers.js';

describe('IPv4 details', () => {
  it('options (router alert, IHL 6) move the upper layer', () => {
    const v = ok(
      `46 00 00 20 00 04 00 00 01 11 00 00 0a 00 00 01 e0 00 00 16 94 04 00 00
       04 00 04 01 00 08 00 00`,
      LINKTYPE.RAW,
    );
    expect(v).toMatchObject({ l4Offset: 24, ttl: 1, ipPayloadLength: 8, srcPort: 1024, dstPort: 1025 });
  });

  it('a later fragment has no upper-layer header: ports 0 though the data looks like ports', () => {
    // flags/offset 0x00b9: offset 185 * 8 = 1480, MF clear.
    const v = ok(`45 00 00 1c 00 0a 00 b9 40 11 00 00 0a 00 00 01 0a 00 00 02 00 35 00 35 00 08 00 00`, LINKTYPE.RAW);
    expect(v).toMatchObject({
      fragOffset: 1480,
      moreFragments: 0,
      isFragment: 1,
      isLaterFragment: 1,
      ipId: 10,
      proto: 17,
      srcPort: 0,
      dstPort: 0,
      l4Offset: 20,
    });
  });

  it('a first fragment holding only the TCP ports decodes with flags 0', () => {
    // 0x2000: MF, offset 0; 8 bytes of TCP.
    const v = ok(`45 00 00 1c 00 09 20 00 40 06 00 00 0a 00 00 01 0a 00 00 02 c3 50 00 16 00 00 00 01`, LINKTYPE.RAW);
    expect(v).toMatchObject({
      status: DECODE_IP,
      isFragment: 1,
      moreFragments: 1,
      isLaterFragment: 0,
      srcPort: 50000,
      dstPort: 22,
      tcpFlags: 0,
    });
  });

  it('ICMP other than echo has ports 0', () => {
    const v = ok(`45 00 00 1c 00 0b 00 00 40 01 00 00 0a 00 00 01 0a 00 00 02 03 01 00 00 00 00 00 00`, LINKTYPE.RAW);
    expect(v).toMatchObject({ icmpType: 3, icmpCode: 1, srcPort: 0, dstPort: 0 });
  });

  it('an unknown protocol keeps its number and has ports 0', () => {
    const v = ok(`45 00 00 1c 00 0c 00 00 40 2f 00 00 0a 00 00 01 0a 00 00 02 00 00 08 00 00 00 00 00`, LINKTYPE.RAW);
    expect(v).toMatchObject({ status: DECODE_IP, proto: 47, srcPort: 0, dstPort: 0 });
  });

  it('total length beyond the frame on the wire is a soft anomaly; a snap-length cut is not', () => {
    const frame = hex(`${MACS} 08 00 45 00 01 00 00 05 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02
       00 50 04 00 00 00 00 00 00 00 00 00 50 10 00 00 00 00 00 00`);
    const v = new PacketView();
    expect(decodeFrame(v, frame, 0, frame.length, frame.length, LINKTYPE.EN10MB)).toBe(DECODE_IP);
    expect(v.anomaly).toBe(DECODE_EVENT.ipv4LengthExceedsFrame);
    expect(decodeFrame(v, frame, 0, frame.length, 14 + 256, LINKTYPE.EN10MB)).toBe(DECODE_IP);
    expect(v.anomaly).toBe(0);
    expect(v.frameLength).toBe(270);
  });
});

describe('IPv6 extension headers and fragments', () => {
  it('hop-by-hop + routing + first fragment + UDP', () => {
    const v = ok(
      `60 00 00 00 00 38 00 40 ${V6_SRC} ${V6_DST}
       2b 00 01 04 00 00 00 00                           # hop-by-hop: next routing, 8 bytes, PadN
       2c 02 04 00 00 00 00 00                           # routing: next fragment, 24 bytes, SRH
       20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 99
       11 00 00 01 de ad be ef                           # fragment: next UDP, offset 0, M
       13 88 13 89 00 10 00 00 01 02 03 04 05 06 07 08   # UDP 5000 > 5001`,
      LINKTYPE.RAW,
    );
    expect(v).toMatchObject({
      proto: 17,
      isFragment: 1,
      moreFragments: 1,
      fragOffset: 0,
      isLaterFragment: 0,
      ipId: 0xdeadbeef,
      l4Offset: 80,
      srcPort: 5000,
      dstPort: 5001,
      ipTotalLength: 96,
      ipPayloadLength: 16,
    });
  });

  it("a later fragment: the fragment header's next header, no ports", () => {
    const v = ok(
      `60 00 00 00 00 18 2c 40 ${V6_SRC} ${V6_DST}
       06 00 05 a8 00 00 00 2a                           # next TCP, offset 181 * 8 = 1448, no M
       01 bb 01 bb 00 00 00 00 00 00 00 00 50 02 00 00`,
      LINKTYPE.RAW,
    );
    expect(v).toMatchObject({
      proto: 6,
      isFragment: 1,
      isLaterFragment: 1,
      fragOffset: 1448,
      moreFragments: 0,
      ipId: 42,
      srcPort: 0,
      dstPort: 0,
      tcpFlags: 0,
      l4Offset: 48,
      ipPayloadLength: 16,
    });
  });

  it('an atomic fragment (offset 0, no M) is a whole datagram', () => {
    const v = ok(
      `60 00 00 00 00 10 2c 40 ${V6_SRC} ${V6_DST}
       11 00 00 00 00 00 00 07 13 88 00 35 00 08 00 00`,
      LINKTYPE.RAW,
    );
    expect(v).toMatchObject({ isFragment: 0, isLaterFragment: 0, ipId: 7, proto: 17, srcPort: 5000, dstPort: 53 });
  });

  it('AH is walked (4-byte units) to the TCP under it', () => {
    const v = ok(
      `60 00 00 00 00 2c 33 40 ${V6_SRC} ${V6_DST}
       06 04 00 00 00 00 01 00 00 00 00 01 00 00 00 00 00 00 00 00 00 00 00 00   # AH, (4 + 2) * 4 = 24
       00 16 c3 50 00 00 00 00 00 00 00 00 50 18 00 00 00 00 00 00`,
      LINKTYPE.RAW,
    );
    expect(v).toMatchObject({ proto: 6, l4Offset: 64, srcPort: 22, dstPort: 50000, tcpFlags: 0x18 });
  });

  it('ESP and no-next-header stop the walk', () => {
    expect(ok(`60 00 00 00 00 08 32 40 ${V6_SRC} ${V6_DST} 00 00 01 00 00 00 00 01`, LINKTYPE.RAW)).toMatchObject({
      proto: 50,
      srcPort: 0,
      l4Offset: 40,
    });
    expect(ok(`60 00 00 00 00 00 3b 40 ${V6_SRC} ${V6_DST}`, LINKTYPE.RAW)).toMatchObject({ proto: 59, ipPayloadLength: 0 });
  });

  it('traffic class gives DSCP and ECN', () => {
    // version 6, traffic class 0xb9 (DSCP 46, ECN 1), flow label 0x12345.
    const v = ok(`6b 91 23 45 00 00 3b 01 ${V6_SRC} ${V6_DST}`, LINKTYPE.RAW);
    expect(v).toMatchObject({ dscp: 46, ecn: 1, ttl: 1 });
  });
});

describe('view reuse', () => {
  it('a decode leaves nothing of the previous packet behind', () => {
    const v = new PacketView();
    const tagged = hex(`${MACS} 81 00 00 0a 08 00 ${IPV4_TCP_SYN}`);
    decodeFrame(v, tagged, 0, tagged.length, tagged.length, LINKTYPE.EN10MB);
    const arp = hex(`${MACS} 08 06 00 01 08 00 06 04 00 02 ${MACS} 0a 00 00 01 0a 00 00 02`);
    decodeFrame(v, arp, 0, arp.length, arp.length, LINKTYPE.EN10MB);
    const fresh = decodeHex(arp, LINKTYPE.EN10MB);
    expect(snapshot(v)).toEqual(snapshot(fresh));
    expect(v).toMatchObject({ vlanOuter: -1, family: 0, srcPort: 0, arpOp: 2 });
  });

  it('decodes at an offset inside a larger buffer and reports absolute offsets', () => {
    const frame = hex(`${MACS} 08 00 ${IPV4_UDP}`);
    const buf = new Uint8Array(100).fill(0xee);
    buf.set(frame, 37);
    const v = new PacketView();
    expect(decodeFrame(v, buf, 37, frame.length, frame.length, LINKTYPE.EN10MB)).toBe(DECODE_IP);
    expect(v).toMatchObject({ start: 37, l3Offset: 51, l4Offset: 71, srcPort: 1234, captureLength: frame.length });
  });
});
