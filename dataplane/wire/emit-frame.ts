/**
 * Whole frames from one flat description: the composition of the link, IP and upper-layer
 * emitters that tests, `chainsim gen` and the dataplane's writers share. emitFrame lays the
 * payload down first, then each header from the inside out, so every checksum covers bytes
 * already in place. Scratch representations are module-level and reused: no allocation per
 * frame.
 */
import { ipv4PseudoHeaderSum, ipv6PseudoHeaderSum } from './checksum.js';
import { emitIcmp, emitTcp, emitUdp, type IcmpRepr, type TcpRepr, type UdpRepr } from './emit-l4.js';
import {
  emitIpv4,
  emitIpv6,
  emitIpv6Ext,
  emitIpv6Fragment,
  ipv4HeaderLen,
  type Ipv4Repr,
  type Ipv6Repr,
} from './emit-ip.js';
import { emitEthernetHeader, emitNullHeader, emitSll, emitSll2, linkHeaderLen, type VlanTag } from './emit-link.js';
import { ETHERTYPE, IP_PROTO, LINKTYPE, NULL_AF_INET } from './numbers.js';
import { ICMP_ECHO_HEADER_LEN, IPV6_FRAG_HEADER_LEN, IPV6_HEADER_LEN, TCP_HEADER_LEN, UDP_HEADER_LEN } from './offsets.js';

export interface Ipv6ExtSpec {
  /** IP_PROTO.HOPOPT, IPV6_ROUTE, IPV6_OPTS or AH. */
  type: number;
  /** Bytes: a multiple of 8 from 8 (AH: of 4 from 12). */
  length: number;
}

export interface FrameSpec {
  /** LINKTYPE.*: EN10MB, LINUX_SLL, LINUX_SLL2, NULL, LOOP, RAW (and 12/14), IPV4, IPV6. */
  linkType: number;
  /** Ethernet and cooked headers (6 bytes each). */
  dstMac: ArrayLike<number>;
  srcMac: ArrayLike<number>;
  /** Ethernet only; outermost first. */
  tags: readonly VlanTag[];
  /** NULL only: the capturing host's byte order. */
  nullLittleEndian: boolean;
  /** 4 or 6. */
  family: number;
  /** Four big-endian words each; IPv4 in word 0. */
  src: ArrayLike<number>;
  dst: ArrayLike<number>;
  proto: number;
  ttl: number;
  dscp: number;
  ecn: number;
  /** IPv4 identification; IPv6 fragment header identification. */
  ident: number;
  dontFragment: boolean;
  ipv4Options: Uint8Array | null;
  /** IPv6 extension headers, in order, before any fragment header. */
  ipv6Ext: readonly Ipv6ExtSpec[];
  /** Bytes, a multiple of 8. Above 0 the packet carries fragment data, no upper-layer header. */
  fragOffset: number;
  moreFragments: boolean;
  /** IPv6: write a fragment header even at offset 0 without more-fragments (an atomic fragment). */
  ipv6FragmentHeader: boolean;
  /** TCP/UDP ports (TCP without options); an ICMP echo's identifier is srcPort. */
  srcPort: number;
  dstPort: number;
  tcpFlags: number;
  seq: number;
  ack: number;
  window: number;
  icmpType: number;
  icmpCode: number;
  icmpSeq: number;
  /** Upper-layer payload bytes (for a later fragment: its data), each set to payloadByte. */
  payloadLength: number;
  payloadByte: number;
}

const ZERO_WORDS = [0, 0, 0, 0] as const;

/** A TCP SYN 10.0.0.1:1024 > 10.0.0.2:80 over untagged Ethernet: override what a case needs. */
export function newFrameSpec(): FrameSpec {
  return {
    linkType: LINKTYPE.EN10MB,
    dstMac: [0x02, 0, 0, 0, 0, 0x02],
    srcMac: [0x02, 0, 0, 0, 0, 0x01],
    tags: [],
    nullLittleEndian: true,
    family: 4,
    src: [0x0a000001, 0, 0, 0],
    dst: [0x0a000002, 0, 0, 0],
    proto: IP_PROTO.TCP,
    ttl: 64,
    dscp: 0,
    ecn: 0,
    ident: 1,
    dontFragment: false,
    ipv4Options: null,
    ipv6Ext: [],
    fragOffset: 0,
    moreFragments: false,
    ipv6FragmentHeader: false,
    srcPort: 1024,
    dstPort: 80,
    tcpFlags: 0x02,
    seq: 1,
    ack: 0,
    window: 65535,
    icmpType: 8,
    icmpCode: 0,
    icmpSeq: 1,
    payloadLength: 0,
    payloadByte: 0,
  };
}

/** AF_INET6 as written per link type: Darwin's 30 in NULL, OpenBSD's 24 in LOOP. */
const NULL_AF_INET6_DARWIN = 30;
const LOOP_AF_INET6_OPENBSD = 24;

function isIcmp(spec: FrameSpec): boolean {
  return (
    (spec.family === 4 && spec.proto === IP_PROTO.ICMP) || (spec.family === 6 && spec.proto === IP_PROTO.ICMPV6)
  );
}

function hasIpv6FragmentHeader(spec: FrameSpec): boolean {
  return spec.ipv6FragmentHeader || spec.fragOffset > 0 || spec.moreFragments;
}

function upperHeaderLen(spec: FrameSpec): number {
  if (spec.fragOffset > 0) return 0;
  if (spec.proto === IP_PROTO.TCP) return TCP_HEADER_LEN;
  if (spec.proto === IP_PROTO.UDP) return UDP_HEADER_LEN;
  if (isIcmp(spec)) return ICMP_ECHO_HEADER_LEN;
  return 0;
}

function ipHeaderLen(spec: FrameSpec): number {
  if (spec.family === 4) return ipv4HeaderLen(spec.ipv4Options);
  let len = IPV6_HEADER_LEN;
  for (let i = 0; i < spec.ipv6Ext.length; i++) len += spec.ipv6Ext[i].length;
  return hasIpv6FragmentHeader(spec) ? len + IPV6_FRAG_HEADER_LEN : len;
}

/** The bytes emitFrame will write for `spec` (smoltcp's `buffer_len`). */
export function frameSpecLength(spec: FrameSpec): number {
  return linkHeaderLen(spec.linkType, spec.tags.length) + ipHeaderLen(spec) + upperHeaderLen(spec) + spec.payloadLength;
}

const v4Scratch: Ipv4Repr = {
  src: 0,
  dst: 0,
  proto: 0,
  ttl: 0,
  dscp: 0,
  ecn: 0,
  ident: 0,
  dontFragment: false,
  moreFragments: false,
  fragOffset: 0,
  options: null,
  payloadLength: 0,
};
const v6Scratch: Ipv6Repr = {
  src: ZERO_WORDS,
  dst: ZERO_WORDS,
  nextHeader: 0,
  hopLimit: 0,
  dscp: 0,
  ecn: 0,
  flowLabel: 0,
  payloadLength: 0,
};
const tcpScratch: TcpRepr = { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, urgent: 0, options: null };
const udpScratch: UdpRepr = { srcPort: 0, dstPort: 0 };
const icmpScratch: IcmpRepr = { type: 0, code: 0, ident: 0, seq: 0 };

/** Writes the frame `spec` describes at out[off] and returns its length (frameSpecLength). */
export function emitFrame(spec: FrameSpec, out: Uint8Array, off: number): number {
  const linkLen = linkHeaderLen(spec.linkType, spec.tags.length);
  const ipLen = ipHeaderLen(spec);
  const upperLen = upperHeaderLen(spec);
  const l3 = off + linkLen;
  const l4 = l3 + ipLen;
  const payloadAt = l4 + upperLen;
  out.fill(spec.payloadByte, payloadAt, payloadAt + spec.payloadLength);
  emitUpper(spec, out, l4, upperLen + spec.payloadLength);
  const etherType = spec.family === 6 ? ETHERTYPE.IPV6 : ETHERTYPE.IPV4;
  if (spec.family === 6) emitIpv6Headers(spec, out, l3, ipLen - IPV6_HEADER_LEN + upperLen + spec.payloadLength);
  else emitIpv4Header(spec, out, l3, upperLen + spec.payloadLength);
  emitLink(spec, out, off, etherType);
  return linkLen + ipLen + upperLen + spec.payloadLength;
}

function emitUpper(spec: FrameSpec, out: Uint8Array, l4: number, upperLength: number): void {
  if (spec.fragOffset > 0) return;
  const pseudo =
    spec.family === 6
      ? ipv6PseudoHeaderSum(spec.src, spec.dst, spec.proto, upperLength)
      : ipv4PseudoHeaderSum(spec.src[0] >>> 0, spec.dst[0] >>> 0, spec.proto, upperLength);
  if (spec.proto === IP_PROTO.TCP) {
    tcpScratch.srcPort = spec.srcPort;
    tcpScratch.dstPort = spec.dstPort;
    tcpScratch.seq = spec.seq;
    tcpScratch.ack = spec.ack;
    tcpScratch.flags = spec.tcpFlags;
    tcpScratch.window = spec.window;
    emitTcp(tcpScratch, out, l4, spec.payloadLength, pseudo);
  } else if (spec.proto === IP_PROTO.UDP) {
    udpScratch.srcPort = spec.srcPort;
    udpScratch.dstPort = spec.dstPort;
    emitUdp(udpScratch, out, l4, spec.payloadLength, pseudo);
  } else if (isIcmp(spec)) {
    icmpScratch.type = spec.icmpType;
    icmpScratch.code = spec.icmpCode;
    icmpScratch.ident = spec.srcPort;
    icmpScratch.seq = spec.icmpSeq;
    // ICMPv4 has no pseudo-header; ICMPv6 does (RFC 4443 §2.3).
    emitIcmp(icmpScratch, out, l4, spec.payloadLength, spec.family === 6 ? pseudo : 0);
  }
}

function emitIpv4Header(spec: FrameSpec, out: Uint8Array, l3: number, payloadLength: number): void {
  const r = v4Scratch;
  r.src = spec.src[0] >>> 0;
  r.dst = spec.dst[0] >>> 0;
  r.proto = spec.proto;
  r.ttl = spec.ttl;
  r.dscp = spec.dscp;
  r.ecn = spec.ecn;
  r.ident = spec.ident;
  r.dontFragment = spec.dontFragment;
  r.moreFragments = spec.moreFragments;
  r.fragOffset = spec.fragOffset;
  r.options = spec.ipv4Options;
  r.payloadLength = payloadLength;
  emitIpv4(r, out, l3);
}

function emitIpv6Headers(spec: FrameSpec, out: Uint8Array, l3: number, payloadLength: number): void {
  const ext = spec.ipv6Ext;
  const withFrag = hasIpv6FragmentHeader(spec);
  const r = v6Scratch;
  r.src = spec.src;
  r.dst = spec.dst;
  r.nextHeader = ext.length > 0 ? ext[0].type : withFrag ? IP_PROTO.IPV6_FRAG : spec.proto;
  r.hopLimit = spec.ttl;
  r.dscp = spec.dscp;
  r.ecn = spec.ecn;
  r.payloadLength = payloadLength;
  let at = l3 + emitIpv6(r, out, l3);
  for (let i = 0; i < ext.length; i++) {
    const next = i + 1 < ext.length ? ext[i + 1].type : withFrag ? IP_PROTO.IPV6_FRAG : spec.proto;
    at += emitIpv6Ext(out, at, ext[i].type, next, ext[i].length);
  }
  if (withFrag) emitIpv6Fragment(out, at, spec.proto, spec.fragOffset, spec.moreFragments, spec.ident);
}

function emitLink(spec: FrameSpec, out: Uint8Array, off: number, etherType: number): void {
  switch (spec.linkType) {
    case LINKTYPE.EN10MB:
      emitEthernetHeader(out, off, spec.dstMac, spec.srcMac, spec.tags, etherType);
      break;
    case LINKTYPE.LINUX_SLL:
      emitSll(out, off, etherType, spec.srcMac);
      break;
    case LINKTYPE.LINUX_SLL2:
      emitSll2(out, off, etherType, spec.srcMac);
      break;
    case LINKTYPE.NULL:
      emitNullHeader(out, off, spec.family === 6 ? NULL_AF_INET6_DARWIN : NULL_AF_INET, spec.nullLittleEndian);
      break;
    case LINKTYPE.LOOP:
      emitNullHeader(out, off, spec.family === 6 ? LOOP_AF_INET6_OPENBSD : NULL_AF_INET, false);
      break;
    default:
      break;
  }
}
