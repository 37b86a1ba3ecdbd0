/**
 * Header layouts as named byte ranges, smoltcp's way: one `as const` table per header, each
 * field a half-open [start, end) range relative to the header's first byte. Header lengths and
 * the "how much must be captured" thresholds are derived from the tables, so no bare offset
 * appears in the decoding logic.
 */

type Layout = Readonly<Record<string, readonly [number, number]>>;

/** The end of the last field: the fixed length of a header described by `layout`. */
export function layoutLength(layout: Layout): number {
  let end = 0;
  for (const key in layout) end = Math.max(end, layout[key][1]);
  return end;
}

export const ETHERNET = {
  dst: [0, 6],
  src: [6, 12],
  etherType: [12, 14],
} as const;
export const ETHERNET_HEADER_LEN = layoutLength(ETHERNET);
/** Where the first tag (or the EtherType of an untagged frame) sits: right after the MACs. */
export const ETHERNET_TAG_AT = ETHERNET.etherType[0];

/** An 802.1Q/802.1ad tag as it sits in a frame: its TPID, then the TCI; the next type follows. */
export const VLAN_TAG = {
  tpid: [0, 2],
  tci: [2, 4],
} as const;
export const VLAN_TAG_LEN = layoutLength(VLAN_TAG);
/**
 * What a decoder reads after a TPID: the TCI, then the type field that ends the tag. Read
 * apart from the TPID because in SLL2 the first TPID sits in the header's protocol field.
 */
export const VLAN_TAG_BODY = {
  tci: [0, 2],
  nextType: [2, 4],
} as const;
export const VLAN_TAG_BODY_LEN = layoutLength(VLAN_TAG_BODY);
export const VLAN_VID_MASK = 0x0fff;
/** PCP (3 bits) and DEI (1 bit): the part of the TCI a VID rewrite keeps. */
export const VLAN_PCP_DEI_MASK = 0xf000;

/** Linux cooked capture v1 (LINKTYPE_LINUX_SLL). */
export const SLL = {
  packetType: [0, 2],
  arphrd: [2, 4],
  addrLen: [4, 6],
  addr: [6, 14],
  protocol: [14, 16],
} as const;
export const SLL_HEADER_LEN = layoutLength(SLL);

/** Linux cooked capture v2 (LINKTYPE_LINUX_SLL2). */
export const SLL2 = {
  protocol: [0, 2],
  reserved: [2, 4],
  ifIndex: [4, 8],
  arphrd: [8, 10],
  packetType: [10, 11],
  addrLen: [11, 12],
  addr: [12, 20],
} as const;
export const SLL2_HEADER_LEN = layoutLength(SLL2);

/** BSD loopback: a 4-byte address family (host order for NULL, network order for LOOP). */
export const NULL_HEADER = {
  family: [0, 4],
} as const;
export const NULL_HEADER_LEN = layoutLength(NULL_HEADER);

export const IPV4 = {
  verIhl: [0, 1],
  dscpEcn: [1, 2],
  totalLength: [2, 4],
  ident: [4, 6],
  flagsFragOffset: [6, 8],
  ttl: [8, 9],
  protocol: [9, 10],
  checksum: [10, 12],
  src: [12, 16],
  dst: [16, 20],
} as const;
export const IPV4_HEADER_LEN = layoutLength(IPV4);
/** Largest IHL (15 words): header plus 40 bytes of options. */
export const IPV4_MAX_HEADER_LEN = 60;
export const IPV4_FLAG_DF = 0x4000;
export const IPV4_FLAG_MF = 0x2000;
export const IPV4_FRAG_OFFSET_MASK = 0x1fff;

export const IPV6 = {
  verTcFlow: [0, 4],
  payloadLength: [4, 6],
  nextHeader: [6, 7],
  hopLimit: [7, 8],
  src: [8, 24],
  dst: [24, 40],
} as const;
export const IPV6_HEADER_LEN = layoutLength(IPV6);

/** The common start of hop-by-hop, routing, destination options (and AH) headers. */
export const IPV6_EXT = {
  nextHeader: [0, 1],
  length: [1, 2],
} as const;
/** Hop-by-hop, routing and destination options count their length in 8-byte units, less one. */
export const IPV6_EXT_UNIT = 8;
/** AH counts its length in 4-byte units, less two (RFC 4302). */
export const IPV6_AH_UNIT = 4;

export const IPV6_FRAG = {
  nextHeader: [0, 1],
  reserved: [1, 2],
  offsetFlags: [2, 4],
  ident: [4, 8],
} as const;
export const IPV6_FRAG_HEADER_LEN = layoutLength(IPV6_FRAG);
/** The 13-bit offset is already in 8-byte units shifted left by 3: masking gives bytes. */
export const IPV6_FRAG_OFFSET_MASK = 0xfff8;
export const IPV6_FRAG_M = 0x0001;

export const TCP = {
  srcPort: [0, 2],
  dstPort: [2, 4],
  seq: [4, 8],
  ack: [8, 12],
  dataOffset: [12, 13],
  flags: [13, 14],
  window: [14, 16],
  checksum: [16, 18],
  urgent: [18, 20],
} as const;
export const TCP_HEADER_LEN = layoutLength(TCP);
/** SPEC: a TCP header is malformed when cut before the end of its flags. */
export const TCP_NEEDED_LEN = TCP.flags[1];

export const UDP = {
  srcPort: [0, 2],
  dstPort: [2, 4],
  length: [4, 6],
  checksum: [6, 8],
} as const;
export const UDP_HEADER_LEN = layoutLength(UDP);

/** The ports both TCP and UDP start with: all a first fragment must carry. */
export const L4_PORTS_LEN = UDP.dstPort[1];

/** ICMP and ICMPv6 share this layout; ident and seq exist for echo request/reply only. */
export const ICMP = {
  type: [0, 1],
  code: [1, 2],
  checksum: [2, 4],
  ident: [4, 6],
  seq: [6, 8],
} as const;
export const ICMP_HEADER_LEN = ICMP.checksum[1];
export const ICMP_ECHO_HEADER_LEN = layoutLength(ICMP);
/** SPEC: an echo is malformed when cut before the end of its identifier. */
export const ICMP_ECHO_NEEDED_LEN = ICMP.ident[1];

/** ARP for Ethernet hardware and IPv4 protocol addresses (the only kind decoded). */
export const ARP = {
  htype: [0, 2],
  ptype: [2, 4],
  hlen: [4, 5],
  plen: [5, 6],
  oper: [6, 8],
  sha: [8, 14],
  spa: [14, 18],
  tha: [18, 24],
  tpa: [24, 28],
} as const;
export const ARP_LEN = layoutLength(ARP);
