// Fixed frames of every link type, VLAN stacks and non-IP EtherTypes, written by hand as hex
// and decoded field by field. Expected values are read off the hex, not off the decoder.
import { describe, expect, it } from 'vitest';
import { DECODE_EVENT, DECODE_IP, DECODE_MALFORMED, DECODE_NON_IP, LINKTYPE } from '../../../dataplane/wire/index.js';
import { IPV4_TCP_SYN, IPV4_UDP, IPV6_TCP_SYNACK, MACS, V6_DST, V6_SRC, ok } from './fixtures.js';
import { decodeHex, hex, ip4, ip6, snapshot, words4 } from './helpers.js';

describe('Ethernet and VLAN tags', () => {
  it('untagged IPv4 TCP SYN', () => {
    const v = ok(`${MACS} 08 00 ${IPV4_TCP_SYN}`, LINKTYPE.EN10MB);
    expect(snapshot(v)).toMatchObject({
      status: DECODE_IP,
      linkType: 1,
      vlanCount: 0,
      vlanOuter: -1,
      vlanInner: -1,
      vlanOuterTpid: 0,
      vlanOuterOffset: -1,
      etherType: 0x0800,
      l3Offset: 14,
      family: 4,
      src: words4('192.168.1.10'),
      dst: words4('192.168.1.1'),
      proto: 6,
      ttl: 64,
      dscp: 0,
      ipId: 0x1c46,
      dontFragment: 1,
      isFragment: 0,
      ipTotalLength: 44,
      ipPayloadLength: 24,
      l4Offset: 34,
      srcPort: 50000,
      dstPort: 443,
      tcpFlags: 0x02,
      frameLength: 14 + 44,
      anomaly: 0,
    });
  });

  it('802.1Q PCP 5 VID 100, DSCP EF, UDP with payload', () => {
    const v = ok(
      `${MACS} 81 00 a0 64 08 00
       45 b8 00 24 00 01 00 00 40 11 00 00 0a 00 00 05 08 08 08 08
       d4 31 00 35 00 10 00 00 de ad be ef ca fe ba be`,
      LINKTYPE.EN10MB,
    );
    expect(snapshot(v)).toMatchObject({
      vlanCount: 1,
      vlanOuter: 100,
      vlanInner: -1,
      vlanOuterTpid: 0x8100,
      vlanOuterOffset: 12,
      l3Offset: 18,
      dscp: 46,
      ecn: 0,
      proto: 17,
      srcPort: 54321,
      dstPort: 53,
      l4Offset: 38,
      ipPayloadLength: 16,
    });
  });

  it('QinQ 88a8/200 + 8100/10 carrying IPv6 ICMPv6 echo request', () => {
    const v = ok(
      `${MACS} 88 a8 00 c8 81 00 00 0a 86 dd
       60 00 00 00 00 10 3a 40 ${V6_SRC} ${V6_DST}
       80 00 00 00 12 34 00 01 61 62 63 64 65 66 67 68`,
      LINKTYPE.EN10MB,
    );
    expect(snapshot(v)).toMatchObject({
      vlanCount: 2,
      vlanOuter: 200,
      vlanInner: 10,
      vlanOuterTpid: 0x88a8,
      etherType: 0x86dd,
      l3Offset: 22,
      family: 6,
      src: ip6('2001:db8:1::a'),
      dst: ip6('2001:db8:2::1'),
      proto: 58,
      ttl: 64,
      l4Offset: 62,
      icmpType: 128,
      icmpCode: 0,
      srcPort: 0x1234,
      dstPort: 0x1234,
      ipPayloadLength: 16,
    });
  });

  it('three tags 9100/88a8/8100 then ARP: non-IP with the ARP fields', () => {
    const v = decodeHex(
      hex(`ff ff ff ff ff ff 66 77 88 99 aa bb 91 00 00 01 88 a8 00 02 81 00 00 03 08 06
           00 01 08 00 06 04 00 01 66 77 88 99 aa bb c0 a8 01 0a 00 00 00 00 00 00 c0 a8 01 01`),
      LINKTYPE.EN10MB,
    );
    expect(snapshot(v)).toMatchObject({
      status: DECODE_NON_IP,
      vlanCount: 3,
      vlanOuter: 1,
      vlanInner: 2,
      vlanOuterTpid: 0x9100,
      etherType: 0x0806,
      l3Offset: 26,
      family: 0,
      arpOp: 1,
      arpSenderIp: ip4('192.168.1.10'),
      arpTargetIp: ip4('192.168.1.1'),
      l4Offset: -1,
    });
  });

  it('a priority tag is VLAN 0; ICMP echo reply gives its identifier as both ports', () => {
    const v = ok(
      `${MACS} 81 00 60 00 08 00
       45 00 00 1c 00 02 00 00 40 01 00 00 0a 00 00 01 0a 00 00 02
       00 00 00 00 be ef 00 07`,
      LINKTYPE.EN10MB,
    );
    expect(snapshot(v)).toMatchObject({ vlanCount: 1, vlanOuter: 0, proto: 1, icmpType: 0, srcPort: 0xbeef, dstPort: 0xbeef });
  });

  it('MPLS is non-IP (nothing under the labels is read), tags still filled', () => {
    const v = decodeHex(hex(`${MACS} 81 00 00 0a 88 47 00 01 41 40 ${IPV4_UDP}`), LINKTYPE.EN10MB);
    expect(snapshot(v)).toMatchObject({
      status: DECODE_NON_IP,
      vlanOuter: 10,
      etherType: 0x8847,
      family: 0,
      proto: 0,
      srcPort: 0,
      l3Offset: 18,
    });
  });

  it('LLDP and 802.3/LLC frames are non-IP and keep their raw type', () => {
    expect(decodeHex(hex(`01 80 c2 00 00 0e 66 77 88 99 aa bb 88 cc 02 07 04`), LINKTYPE.EN10MB)).toMatchObject({
      status: DECODE_NON_IP,
      etherType: 0x88cc,
    });
    expect(decodeHex(hex(`01 80 c2 00 00 00 66 77 88 99 aa bb 00 26 42 42 03`), LINKTYPE.EN10MB)).toMatchObject({
      status: DECODE_NON_IP,
      etherType: 0x0026,
    });
  });

  it('Ethernet padding is not payload: the IP total length bounds the datagram', () => {
    // RST, IP total 40, frame padded to 60 bytes.
    const v = ok(
      `${MACS} 08 00 45 00 00 28 00 05 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02
       00 50 04 00 00 00 00 00 00 00 00 00 50 04 00 00 00 00 00 00  00 00 00 00 00 00`,
      LINKTYPE.EN10MB,
    );
    expect(v).toMatchObject({ ipTotalLength: 40, ipPayloadLength: 20, tcpFlags: 0x04, srcPort: 80, dstPort: 1024 });
  });
});

describe('cooked, raw and loopback link types', () => {
  it('LINUX_SLL: protocol field gives the EtherType', () => {
    const v = ok(`00 00 00 01 00 06 66 77 88 99 aa bb 00 00 08 00 ${IPV4_UDP}`, LINKTYPE.LINUX_SLL);
    expect(snapshot(v)).toMatchObject({
      linkType: 113,
      linkProto: 0x0800,
      l3Offset: 16,
      vlanOuter: -1,
      src: words4('10.1.1.1'),
      dst: words4('10.2.2.2'),
      srcPort: 1234,
      dstPort: 5678,
    });
  });

  it('LINUX_SLL with a tag libpcap reinserted: skipped, but no VLAN (SPEC: non-Ethernet has none)', () => {
    const v = ok(`00 00 00 01 00 06 66 77 88 99 aa bb 00 00 81 00 00 64 08 00 ${IPV4_UDP}`, LINKTYPE.LINUX_SLL);
    expect(v).toMatchObject({ vlanCount: 0, vlanOuter: -1, l3Offset: 20, etherType: 0x0800, srcPort: 1234 });
  });

  it('LINUX_SLL2: protocol first, 20-byte header', () => {
    const v = ok(`86 dd 00 00 00 00 00 02 00 01 00 06 66 77 88 99 aa bb 00 00 ${IPV6_TCP_SYNACK}`, LINKTYPE.LINUX_SLL2);
    expect(snapshot(v)).toMatchObject({
      linkProto: 0x86dd,
      l3Offset: 20,
      l4Offset: 60,
      family: 6,
      src: ip6('fe80::1'),
      dst: ip6('fe80::2'),
      srcPort: 443,
      dstPort: 50000,
      tcpFlags: 0x12,
    });
  });

  it.each([LINKTYPE.RAW, LINKTYPE.RAW_12, LINKTYPE.RAW_14])('RAW (%i) dispatches on the version nibble', (lt) => {
    expect(ok(IPV4_UDP, lt)).toMatchObject({ family: 4, linkProto: 4, etherType: 0x0800, l3Offset: 0, l4Offset: 20 });
    expect(ok(IPV6_TCP_SYNACK, lt)).toMatchObject({ family: 6, linkProto: 6, etherType: 0x86dd, l4Offset: 40 });
  });

  it('IPV4 (228) and IPV6 (229) link types', () => {
    expect(ok(IPV4_UDP, LINKTYPE.IPV4)).toMatchObject({ family: 4, srcPort: 1234 });
    expect(ok(IPV6_TCP_SYNACK, LINKTYPE.IPV6)).toMatchObject({ family: 6, srcPort: 443 });
    expect(decodeHex(hex(IPV6_TCP_SYNACK), LINKTYPE.IPV4).malformed).toBe(DECODE_EVENT.ipv4BadVersion);
    expect(decodeHex(hex(IPV4_UDP), LINKTYPE.IPV6).malformed).toBe(DECODE_EVENT.ipv6BadVersion);
  });

  it.each([
    ['NULL, little-endian AF_INET', LINKTYPE.NULL, '02 00 00 00', IPV4_UDP, 2, 4],
    ['NULL, big-endian AF_INET', LINKTYPE.NULL, '00 00 00 02', IPV4_UDP, 2, 4],
    ['NULL, Linux AF_INET6 10', LINKTYPE.NULL, '0a 00 00 00', IPV6_TCP_SYNACK, 10, 6],
    ['NULL, BSD AF_INET6 24', LINKTYPE.NULL, '18 00 00 00', IPV6_TCP_SYNACK, 24, 6],
    ['NULL, FreeBSD AF_INET6 28', LINKTYPE.NULL, '1c 00 00 00', IPV6_TCP_SYNACK, 28, 6],
    ['NULL, Darwin AF_INET6 30 big-endian', LINKTYPE.NULL, '00 00 00 1e', IPV6_TCP_SYNACK, 30, 6],
    ['LOOP AF_INET', LINKTYPE.LOOP, '00 00 00 02', IPV4_UDP, 2, 4],
    ['LOOP AF_INET6 24', LINKTYPE.LOOP, '00 00 00 18', IPV6_TCP_SYNACK, 24, 6],
  ])('%s', (_name, lt, family, packet, linkProto, ipFamily) => {
    expect(ok(`${family} ${packet}`, lt)).toMatchObject({ status: DECODE_IP, linkProto, family: ipFamily, l3Offset: 4 });
  });

  it('NULL with an unknown family is non-IP; LOOP is network order only', () => {
    expect(decodeHex(hex(`07 00 00 00 ${IPV4_UDP}`), LINKTYPE.NULL)).toMatchObject({
      status: DECODE_NON_IP,
      linkProto: 7,
      etherType: 0,
      family: 0,
    });
    expect(decodeHex(hex(`02 00 00 00 ${IPV4_UDP}`), LINKTYPE.LOOP)).toMatchObject({
      status: DECODE_NON_IP,
      linkProto: 0x02000000,
    });
  });

  it('an unsupported link type is malformed decode.link.unsupported', () => {
    const v = decodeHex(hex(IPV4_UDP), 105 /* IEEE 802.11 */);
    expect(v.status).toBe(DECODE_MALFORMED);
    expect(v.malformed).toBe(DECODE_EVENT.linkUnsupported);
  });
});
