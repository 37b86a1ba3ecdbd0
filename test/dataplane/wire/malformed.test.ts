// Every fatal reason reached from a hand-made frame, and every valid frame cut at every length
// giving exactly the reason the layer boundaries (worked out by hand below) predict.
import { describe, expect, it } from 'vitest';
import {
  DECODE_EVENT,
  DECODE_EVENTS,
  DECODE_IP,
  DECODE_MALFORMED,
  IP_PROTO,
  LINKTYPE,
  MALFORMED_REASONS,
  PacketView,
  decodeFrame,
  emitFrame,
  frameSpecLength,
  makeTci,
  newFrameSpec,
  type DecodeEventKey,
  type FrameSpec,
} from '../../../dataplane/wire/index.js';
import { decodeHex, hex, ip6 } from './helpers.js';

const MACS = '00 11 22 33 44 55 66 77 88 99 aa bb';
const V4 = (proto: string, total: string, flags = '00 00') =>
  `45 00 ${total} 00 01 ${flags} 40 ${proto} 00 00 0a 00 00 01 0a 00 00 02`;
const V6 = (next: string, plen: string) =>
  `60 00 00 00 ${plen} ${next} 40 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 02`;
const TAG = '81 00 00 01';
const DSTOPT = '3c 00 01 04 00 00 00 00'; // destination options: next dest-opts, 8 bytes

const CASES: [DecodeEventKey, string, number, string][] = [
  ['linkUnsupported', 'IEEE 802.11 (105) is not decoded', 105, V4('11', '00 1c')],
  ['ethernetTruncated', '13 bytes', LINKTYPE.EN10MB, '00 11 22 33 44 55 66 77 88 99 aa bb 08'],
  ['vlanTruncated', 'tag without the type after it', LINKTYPE.EN10MB, `${MACS} 81 00 00 0a 08`],
  ['vlanTooManyTags', 'nine tags', LINKTYPE.EN10MB, `${MACS} ${TAG.repeat(9)} 08 00 ${V4('11', '00 1c')} 00 01 00 02 00 08 00 00`],
  ['sllTruncated', 'SLL of 15 bytes', LINKTYPE.LINUX_SLL, '00 00 00 01 00 06 66 77 88 99 aa bb 00 00 08'],
  ['sllTruncated', 'SLL2 of 19 bytes', LINKTYPE.LINUX_SLL2, '08 00 00 00 00 00 00 02 00 01 00 06 66 77 88 99 aa bb 00'],
  ['nullTruncated', 'NULL of 3 bytes', LINKTYPE.NULL, '02 00 00'],
  ['nullTruncated', 'LOOP of 2 bytes', LINKTYPE.LOOP, '00 00'],
  ['rawTruncated', 'empty RAW frame', LINKTYPE.RAW, ''],
  ['rawBadVersion', 'version 5', LINKTYPE.RAW, '50 00 00 14'],
  ['ipv4Truncated', '19 bytes of IPv4', LINKTYPE.EN10MB, `${MACS} 08 00 45 00 00 14 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00`],
  ['ipv4Truncated', 'options cut (IHL 6, 22 bytes)', LINKTYPE.RAW, '46 00 00 18 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02 94 04'],
  ['ipv4BadVersion', 'IPv4 EtherType, version 6', LINKTYPE.EN10MB, `${MACS} 08 00 ${V6('3b', '00 00')}`],
  ['ipv4BadIhl', 'IHL 4', LINKTYPE.RAW, '44 00 00 14 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02'],
  ['ipv4BadTotalLength', 'total 19', LINKTYPE.RAW, '45 00 00 13 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02'],
  ['ipv4BadTotalLength', 'IHL 6, total 20', LINKTYPE.RAW, '46 00 00 14 00 01 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02 94 04 00 00'],
  ['ipv6Truncated', '39 bytes of IPv6', LINKTYPE.RAW, V6('3b', '00 00').slice(0, -3)],
  ['ipv6BadVersion', 'IPv6 EtherType, version 4', LINKTYPE.EN10MB, `${MACS} 86 dd ${V4('11', '00 1c')} 00 01 00 02 00 08 00 00`],
  ['ipv6ExtTruncated', 'hop-by-hop says 16 bytes, 8 captured', LINKTYPE.RAW, `${V6('00', '00 10')} 3b 01 01 04 00 00 00 00`],
  ['ipv6ExtTruncated', 'hop-by-hop cut by the payload length', LINKTYPE.RAW, `${V6('00', '00 08')} 3b 01 01 0c 00 00 00 00 00 00 00 00 00 00 00 00`],
  ['ipv6ExtTruncated', 'fragment header of 4 bytes', LINKTYPE.RAW, `${V6('2c', '00 08')} 11 00 00 01`],
  ['ipv6ExtTruncated', 'one byte of an options header', LINKTYPE.RAW, `${V6('3c', '00 01')} 3b`],
  ['ipv6TooManyExt', 'nine destination-options headers', LINKTYPE.RAW, `${V6('3c', '00 48')} ${DSTOPT.repeat(8)} 3b 00 01 04 00 00 00 00`],
  ['tcpTruncated', '13 bytes of TCP', LINKTYPE.RAW, `${V4('06', '00 21')} 00 50 04 00 00 00 00 00 00 00 00 00 50`],
  ['tcpTruncated', 'cut by the total length (padding follows)', LINKTYPE.RAW, `${V4('06', '00 20')} 00 50 04 00 00 00 00 00 00 00 00 00 50 02 00 00 00 00`],
  ['tcpTruncated', 'first fragment without both ports', LINKTYPE.RAW, `${V4('06', '00 17', '20 00')} 00 50 04`],
  ['udpTruncated', '7 bytes of UDP', LINKTYPE.RAW, `${V4('11', '00 1b')} 00 35 00 35 00 08 00`],
  ['udpTruncated', 'cut by the total length', LINKTYPE.RAW, `${V4('11', '00 18')} 00 35 00 35 00 08 00 00 00 00`],
  ['udpTruncated', 'first fragment without both ports', LINKTYPE.RAW, `${V4('11', '00 17', '20 00')} 00 35 00`],
  ['icmpTruncated', '3 bytes of ICMP', LINKTYPE.RAW, `${V4('01', '00 17')} 03 01 00`],
  ['icmpTruncated', 'echo request without its identifier', LINKTYPE.RAW, `${V4('01', '00 19')} 08 00 00 00 12`],
  ['icmpTruncated', 'first fragment of an echo, type only', LINKTYPE.RAW, `${V4('01', '00 15', '20 00')} 08`],
  ['icmpv6Truncated', '3 bytes of ICMPv6', LINKTYPE.RAW, `${V6('3a', '00 03')} 01 04 00`],
  ['icmpv6Truncated', 'echo reply without its identifier', LINKTYPE.RAW, `${V6('3a', '00 05')} 81 00 00 00 12`],
];

describe('every fatal reason is reachable', () => {
  it.each(CASES)('%s: %s', (key, _what, linkType, frame) => {
    const v = decodeHex(hex(frame), linkType);
    expect(v.status).toBe(DECODE_MALFORMED);
    expect(MALFORMED_REASONS[v.malformed]).toBe(MALFORMED_REASONS[DECODE_EVENT[key]]);
  });

  it('the cases cover every fatal event in the table', () => {
    const covered = new Set(CASES.map(([key]) => key));
    const fatal = DECODE_EVENTS.filter((e) => e.fatal).map((e) => e.key);
    expect(fatal.filter((key) => !covered.has(key))).toEqual([]);
  });

  it('just inside the bounds is fine: eight tags, eight extension headers, type-only first fragment', () => {
    expect(decodeHex(hex(`${MACS} ${TAG.repeat(8)} 08 00 ${V4('11', '00 1c')} 00 01 00 02 00 08 00 00`), 1)).toMatchObject({
      status: DECODE_IP,
      vlanCount: 8,
      srcPort: 1,
    });
    expect(decodeHex(hex(`${V6('3c', '00 40')} ${DSTOPT.repeat(7)} 3b 00 01 04 00 00 00 00`), LINKTYPE.RAW)).toMatchObject({
      status: DECODE_IP,
      proto: 59,
    });
    expect(decodeHex(hex(`${V4('01', '00 15', '20 00')} 03`), LINKTYPE.RAW)).toMatchObject({
      status: DECODE_IP,
      icmpType: 3,
      icmpCode: 0,
    });
  });
});

/** A band: frames cut to fewer than `until` bytes decode as `result`. */
type Band = [until: number, result: DecodeEventKey | 'ok' | 'ok-no-flags'];

function sweep(spec: FrameSpec, bands: Band[]): void {
  const full = new Uint8Array(frameSpecLength(spec));
  const len = emitFrame(spec, full, 0);
  const whole = decodeHex(full, spec.linkType);
  expect(whole.status).toBe(DECODE_IP);
  const v = new PacketView();
  for (let cut = 0; cut <= len; cut++) {
    const band = bands.find(([until]) => cut < until) ?? [Infinity, 'ok'];
    const status = decodeFrame(v, full, 0, cut, len, spec.linkType);
    const got = status === DECODE_MALFORMED ? MALFORMED_REASONS[v.malformed] : 'ok';
    const want = band[1] === 'ok' || band[1] === 'ok-no-flags' ? 'ok' : MALFORMED_REASONS[DECODE_EVENT[band[1]]];
    expect(`${cut}: ${got}`).toBe(`${cut}: ${want}`);
    if (status === DECODE_IP) {
      expect(v.anomaly).toBe(0);
      expect({ ...v, tcpFlags: 0, captureLength: 0 }).toEqual({ ...whole, tcpFlags: 0, captureLength: 0 });
      expect(v.tcpFlags).toBe(band[1] === 'ok-no-flags' ? 0 : whole.tcpFlags);
    }
  }
}

describe('a valid frame cut at every length', () => {
  it('Ethernet, one tag, IPv4 with options, TCP with payload', () => {
    const spec = { ...newFrameSpec(), tags: [{ tpid: 0x8100, tci: makeTci(7) }], payloadLength: 10 };
    spec.ipv4Options = Uint8Array.of(0x94, 4, 0, 0);
    // 14 Ethernet | 4 tag | 24 IPv4 (l3 18) | TCP from 42, flags end at 56.
    sweep(spec, [
      [14, 'ethernetTruncated'],
      [18, 'vlanTruncated'],
      [42, 'ipv4Truncated'],
      [56, 'tcpTruncated'],
    ]);
  });

  it('QinQ, IPv4 first fragment of TCP: the ports suffice, the flags count 0 until present', () => {
    const spec = {
      ...newFrameSpec(),
      tags: [
        { tpid: 0x88a8, tci: makeTci(100) },
        { tpid: 0x8100, tci: makeTci(200) },
      ],
      moreFragments: true,
      payloadLength: 4,
    };
    // 14 + 8 tags = 22 | IPv4 20 (to 42) | ports to 46 | flags end at 56.
    sweep(spec, [
      [14, 'ethernetTruncated'],
      [18, 'vlanTruncated'],
      [22, 'vlanTruncated'],
      [42, 'ipv4Truncated'],
      [46, 'tcpTruncated'],
      [56, 'ok-no-flags'],
    ]);
  });

  it('SLL2, IPv6, hop-by-hop, first fragment, UDP', () => {
    const spec = {
      ...newFrameSpec(),
      linkType: LINKTYPE.LINUX_SLL2,
      family: 6,
      src: ip6('2001:db8:1::5'),
      dst: ip6('2001:db8:9::1'),
      proto: IP_PROTO.UDP,
      ipv6Ext: [{ type: IP_PROTO.HOPOPT, length: 8 }],
      moreFragments: true,
      ident: 77,
      payloadLength: 6,
    };
    // 20 SLL2 | 40 IPv6 (to 60) | hop-by-hop to 68 | fragment to 76 | ports to 80 (a first
    // fragment needs no more of UDP).
    sweep(spec, [
      [20, 'sllTruncated'],
      [60, 'ipv6Truncated'],
      [76, 'ipv6ExtTruncated'],
      [80, 'udpTruncated'],
    ]);
  });

  it('NULL, IPv4, ICMP echo', () => {
    const spec = { ...newFrameSpec(), linkType: LINKTYPE.NULL, proto: IP_PROTO.ICMP, srcPort: 0x4242, payloadLength: 3 };
    // 4 NULL | 20 IPv4 (to 24) | type, code, checksum to 28 | identifier to 30.
    sweep(spec, [
      [4, 'nullTruncated'],
      [24, 'ipv4Truncated'],
      [30, 'icmpTruncated'],
    ]);
  });

  it('Ethernet, IPv6 with routing + destination options, ICMPv6 echo', () => {
    const spec = {
      ...newFrameSpec(),
      family: 6,
      src: ip6('fe80::1'),
      dst: ip6('ff02::1'),
      proto: IP_PROTO.ICMPV6,
      icmpType: 128,
      ipv6Ext: [
        { type: IP_PROTO.IPV6_ROUTE, length: 24 },
        { type: IP_PROTO.IPV6_OPTS, length: 16 },
      ],
      payloadLength: 12,
    };
    // 14 | 40 IPv6 (to 54) | routing to 78 | dest opts to 94 | ICMPv6 id ends at 100.
    sweep(spec, [
      [14, 'ethernetTruncated'],
      [54, 'ipv6Truncated'],
      [94, 'ipv6ExtTruncated'],
      [100, 'icmpv6Truncated'],
    ]);
  });

  it('RAW, IPv4 later fragment: nothing past the IP header is needed', () => {
    const spec = { ...newFrameSpec(), linkType: LINKTYPE.RAW, proto: IP_PROTO.UDP, fragOffset: 1480, payloadLength: 30 };
    sweep(spec, [
      [1, 'rawTruncated'],
      [20, 'ipv4Truncated'],
    ]);
  });

  it('LINUX_SLL, IPv6 later fragment', () => {
    const spec = {
      ...newFrameSpec(),
      linkType: LINKTYPE.LINUX_SLL,
      family: 6,
      src: ip6('2001:db8::1'),
      dst: ip6('2001:db8::2'),
      fragOffset: 8,
      payloadLength: 20,
    };
    // 16 SLL | 40 IPv6 (to 56) | fragment header to 64.
    sweep(spec, [
      [16, 'sllTruncated'],
      [56, 'ipv6Truncated'],
      [64, 'ipv6ExtTruncated'],
    ]);
  });
});
