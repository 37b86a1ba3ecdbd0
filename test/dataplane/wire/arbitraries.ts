// fast-check arbitraries for whole frames: every link type, VLAN stacks, both families,
// options and extension headers, all fragment kinds, payload sizes.
import fc from 'fast-check';
import { IP_PROTO, LINKTYPE, newFrameSpec, type FrameSpec } from '../../../dataplane/wire/index.js';

const LINK_TYPES = [
  LINKTYPE.EN10MB,
  LINKTYPE.LINUX_SLL,
  LINKTYPE.LINUX_SLL2,
  LINKTYPE.RAW,
  LINKTYPE.RAW_12,
  LINKTYPE.RAW_14,
  LINKTYPE.IPV4,
  LINKTYPE.IPV6,
  LINKTYPE.NULL,
  LINKTYPE.LOOP,
];

const u32 = fc.nat({ max: 0xffffffff });
const port = fc.nat({ max: 0xffff });
const tag = fc.record({ tpid: fc.constantFrom(0x8100, 0x88a8, 0x9100), tci: fc.nat({ max: 0xffff }) });
const ext = fc.oneof(
  fc.record({
    type: fc.constantFrom<number>(IP_PROTO.HOPOPT, IP_PROTO.IPV6_OPTS),
    length: fc.integer({ min: 1, max: 4 }).map((n) => n * 8),
  }),
  fc.record({ type: fc.constant<number>(IP_PROTO.IPV6_ROUTE), length: fc.integer({ min: 1, max: 2 }).map((n) => 8 + n * 16) }),
  fc.record({ type: fc.constant<number>(IP_PROTO.AH), length: fc.integer({ min: 3, max: 8 }).map((n) => n * 4) }),
);
type Fragment = 'none' | 'first' | 'later' | 'atomic';

export const frameSpecArb: fc.Arbitrary<FrameSpec> = fc
  .record({
    linkType: fc.constantFrom(...LINK_TYPES),
    tags: fc.array(tag, { maxLength: 4 }),
    nullLittleEndian: fc.boolean(),
    family: fc.constantFrom(4, 6),
    src: fc.tuple(u32, u32, u32, u32),
    dst: fc.tuple(u32, u32, u32, u32),
    l4: fc.constantFrom('tcp', 'udp', 'icmp', 'other'),
    otherProto: fc.constantFrom(47, 132, 89, 253),
    ttl: fc.nat({ max: 255 }),
    dscp: fc.nat({ max: 63 }),
    ecn: fc.nat({ max: 3 }),
    ident: u32,
    dontFragment: fc.boolean(),
    optionsLength: fc.nat({ max: 40 }),
    ipv6Ext: fc.array(ext, { maxLength: 4 }),
    fragment: fc.constantFrom<Fragment>('none', 'none', 'first', 'later', 'atomic'),
    laterOffset: fc.integer({ min: 1, max: 0x1fff }).map((n) => n * 8),
    srcPort: port,
    dstPort: port,
    tcpFlags: fc.nat({ max: 0xff }),
    seq: u32,
    ack: u32,
    icmpPick: fc.nat({ max: 3 }),
    icmpCode: fc.nat({ max: 255 }),
    payloadLength: fc.nat({ max: 300 }),
    payloadByte: fc.nat({ max: 255 }),
  })
  .map((r) => {
    const family = r.linkType === LINKTYPE.IPV4 ? 4 : r.linkType === LINKTYPE.IPV6 ? 6 : r.family;
    const spec = newFrameSpec();
    spec.linkType = r.linkType;
    spec.tags = r.linkType === LINKTYPE.EN10MB ? r.tags : [];
    spec.nullLittleEndian = r.nullLittleEndian;
    spec.family = family;
    spec.src = family === 4 ? [r.src[0], 0, 0, 0] : r.src;
    spec.dst = family === 4 ? [r.dst[0], 0, 0, 0] : r.dst;
    spec.proto =
      r.l4 === 'tcp'
        ? IP_PROTO.TCP
        : r.l4 === 'udp'
          ? IP_PROTO.UDP
          : r.l4 === 'icmp'
            ? family === 4
              ? IP_PROTO.ICMP
              : IP_PROTO.ICMPV6
            : r.otherProto;
    spec.ttl = r.ttl;
    spec.dscp = r.dscp;
    spec.ecn = r.ecn;
    spec.ident = family === 4 ? r.ident & 0xffff : r.ident;
    spec.dontFragment = family === 4 && r.dontFragment;
    spec.ipv4Options = family === 4 && r.optionsLength > 0 ? new Uint8Array(r.optionsLength).fill(1) : null;
    spec.ipv6Ext = family === 6 ? r.ipv6Ext : [];
    spec.fragOffset = r.fragment === 'later' ? r.laterOffset : 0;
    spec.moreFragments = r.fragment === 'first' || (r.fragment === 'later' && r.dontFragment);
    spec.ipv6FragmentHeader = family === 6 && r.fragment === 'atomic';
    spec.srcPort = r.srcPort;
    spec.dstPort = r.dstPort;
    spec.tcpFlags = r.tcpFlags;
    spec.seq = r.seq;
    spec.ack = r.ack;
    spec.icmpType = (family === 4 ? [0, 8, 3, 11] : [128, 129, 1, 135])[r.icmpPick];
    spec.icmpCode = r.icmpCode;
    spec.payloadLength = r.payloadLength;
    spec.payloadByte = r.payloadByte;
    return spec;
  });
