/**
 * PacketView: the one reusable decoded packet (smoltcp's "view" side). decodeFrame overwrites
 * every field for each packet, so one instance serves a whole capture and decoding allocates
 * nothing. Fields are plain numbers (and two address arrays made once here), all initialised
 * in this constructor in one fixed order, so V8 keeps a single hidden class for the view.
 *
 * Offsets are absolute indexes into the buffer that was decoded, not relative to the frame.
 * After DECODE_MALFORMED only the fields of the layers before the cut are meaningful (the
 * VLAN fields of a frame whose IPv4 header is cut, say); SPEC's trace shows none of them.
 */
export class PacketView {
  /** DECODE_IP / DECODE_NON_IP / DECODE_MALFORMED of the last decode; 0 before any. */
  status: number;
  /** Fatal event code (DECODE_EVENT) when status is DECODE_MALFORMED, else 0. */
  malformed: number;
  /** First soft event code (DECODE_EVENT), else 0. */
  anomaly: number;

  linkType: number;
  /** Index of the frame's first byte. */
  start: number;
  /** Bytes present in the buffer (capture length, clamped to the buffer). */
  captureLength: number;
  /** Bytes the frame had on the wire (the record's original length). */
  frameLength: number;

  /** Tags decoded (Ethernet only; SPEC: other link types have no VLAN). */
  vlanCount: number;
  /** Outer VLAN id 0..4095 (0 for a priority tag); -1 untagged. */
  vlanOuter: number;
  /** Second tag's id; -1 with fewer than two tags. */
  vlanInner: number;
  /** TPID of the outer tag (0x8100, 0x88a8 or 0x9100); 0 untagged. */
  vlanOuterTpid: number;
  /** Index of the outer tag's TPID (its TCI follows); -1 untagged. */
  vlanOuterOffset: number;

  /**
   * The raw protocol field of the link header, kept even when unknown: the EtherType after
   * the tags (Ethernet), the SLL/SLL2 protocol, the NULL/LOOP family, RAW's version nibble.
   */
  linkProto: number;
  /** EtherType of the network layer (0x0800, 0x86dd, 0x0806, ...); 0 when the link header has none. */
  etherType: number;
  /** Index of the network-layer header; -1 if the link header was not decoded. */
  l3Offset: number;

  /** 4 or 6 for IP, 0 otherwise. */
  family: number;
  /** Addresses as four big-endian 32-bit words; IPv4 in word 0, the rest 0. */
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  /** Upper-layer protocol (after IPv6 extension headers; a later IPv6 fragment: the fragment header's next header). */
  proto: number;
  dscp: number;
  ecn: number;
  /** IPv4 TTL or IPv6 hop limit. */
  ttl: number;
  /** IPv4 total length, IPv6 40 + payload length: as the header says. */
  ipTotalLength: number;
  /** Bytes from l4Offset to the end of the datagram as the IP length fields declare (upper-layer length). */
  ipPayloadLength: number;
  /** IPv4 identification (16 bits) or IPv6 fragment header identification (32 bits); 0 without one. */
  ipId: number;
  /** IPv4 DF flag (IPv6: 0). */
  dontFragment: number;
  /** Fragment offset in bytes. */
  fragOffset: number;
  moreFragments: number;
  /** 1 if offset > 0 or more-fragments (an IPv6 atomic fragment is not a fragment). */
  isFragment: number;
  /** 1 if offset > 0: no upper-layer header in this packet. */
  isLaterFragment: number;

  /** Index of the upper-layer header (for a later fragment, of its data); -1 if not IP. */
  l4Offset: number;
  /** TCP/UDP ports; ICMP/ICMPv6 echo: the identifier in both; otherwise 0. */
  srcPort: number;
  dstPort: number;
  /** TCP flags byte (0 for a first fragment too short to hold it). */
  tcpFlags: number;
  icmpType: number;
  icmpCode: number;

  /** ARP operation (1 request, 2 reply) for Ethernet/IPv4 ARP; 0 otherwise. */
  arpOp: number;
  arpSenderIp: number;
  arpTargetIp: number;

  constructor() {
    this.status = 0;
    this.malformed = 0;
    this.anomaly = 0;
    this.linkType = -1;
    this.start = 0;
    this.captureLength = 0;
    this.frameLength = 0;
    this.vlanCount = 0;
    this.vlanOuter = -1;
    this.vlanInner = -1;
    this.vlanOuterTpid = 0;
    this.vlanOuterOffset = -1;
    this.linkProto = 0;
    this.etherType = 0;
    this.l3Offset = -1;
    this.family = 0;
    this.src = new Uint32Array(4);
    this.dst = new Uint32Array(4);
    this.proto = 0;
    this.dscp = 0;
    this.ecn = 0;
    this.ttl = 0;
    this.ipTotalLength = 0;
    this.ipPayloadLength = 0;
    this.ipId = 0;
    this.dontFragment = 0;
    this.fragOffset = 0;
    this.moreFragments = 0;
    this.isFragment = 0;
    this.isLaterFragment = 0;
    this.l4Offset = -1;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
    this.arpOp = 0;
    this.arpSenderIp = 0;
    this.arpTargetIp = 0;
  }

  /** Back to "nothing decoded yet" for a new frame: the same stores as the constructor. */
  reset(linkType: number, start: number, captureLength: number, frameLength: number): void {
    this.status = 0;
    this.malformed = 0;
    this.anomaly = 0;
    this.linkType = linkType;
    this.start = start;
    this.captureLength = captureLength;
    this.frameLength = frameLength;
    this.vlanCount = 0;
    this.vlanOuter = -1;
    this.vlanInner = -1;
    this.vlanOuterTpid = 0;
    this.vlanOuterOffset = -1;
    this.linkProto = 0;
    this.etherType = 0;
    this.l3Offset = -1;
    this.family = 0;
    const src = this.src;
    const dst = this.dst;
    src[0] = src[1] = src[2] = src[3] = 0;
    dst[0] = dst[1] = dst[2] = dst[3] = 0;
    this.proto = 0;
    this.dscp = 0;
    this.ecn = 0;
    this.ttl = 0;
    this.ipTotalLength = 0;
    this.ipPayloadLength = 0;
    this.ipId = 0;
    this.dontFragment = 0;
    this.fragOffset = 0;
    this.moreFragments = 0;
    this.isFragment = 0;
    this.isLaterFragment = 0;
    this.l4Offset = -1;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpFlags = 0;
    this.icmpType = 0;
    this.icmpCode = 0;
    this.arpOp = 0;
    this.arpSenderIp = 0;
    this.arpTargetIp = 0;
  }
}
