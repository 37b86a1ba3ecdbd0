/**
 * IPv4 and IPv6 representations and emitters, extension headers included. The IPv4 header
 * checksum is computed here; upper-layer checksums belong to emit-l4 (they need the payload).
 */
import { internetChecksum } from './checksum.js';
import { writeU16, writeU32 } from './bytes.js';
import { IP_PROTO } from './numbers.js';
import {
  IPV4,
  IPV4_FLAG_DF,
  IPV4_FLAG_MF,
  IPV4_FRAG_OFFSET_MASK,
  IPV4_HEADER_LEN,
  IPV4_MAX_HEADER_LEN,
  IPV6,
  IPV6_AH_UNIT,
  IPV6_EXT,
  IPV6_EXT_UNIT,
  IPV6_FRAG,
  IPV6_FRAG_HEADER_LEN,
  IPV6_FRAG_M,
  IPV6_FRAG_OFFSET_MASK,
  IPV6_HEADER_LEN,
} from './offsets.js';

export interface Ipv4Repr {
  src: number;
  dst: number;
  proto: number;
  ttl: number;
  dscp: number;
  ecn: number;
  ident: number;
  dontFragment: boolean;
  moreFragments: boolean;
  /** Bytes; a multiple of 8. */
  fragOffset: number;
  /** Raw option bytes (padded with End-of-Options to a 4-byte boundary), at most 40. */
  options: Uint8Array | null;
  /** Bytes after the header. */
  payloadLength: number;
}

/** The header length for these options: padded to 4 bytes, capped at IHL 15. */
export function ipv4HeaderLen(options: Uint8Array | null): number {
  const length = options === null ? 0 : options.length;
  return Math.min(IPV4_MAX_HEADER_LEN, IPV4_HEADER_LEN + ((length + 3) & ~3));
}

export function emitIpv4(repr: Ipv4Repr, out: Uint8Array, off: number): number {
  const headerLen = ipv4HeaderLen(repr.options);
  out[off + IPV4.verIhl[0]] = 0x40 | (headerLen >>> 2);
  out[off + IPV4.dscpEcn[0]] = ((repr.dscp & 0x3f) << 2) | (repr.ecn & 3);
  writeU16(out, off + IPV4.totalLength[0], headerLen + repr.payloadLength);
  writeU16(out, off + IPV4.ident[0], repr.ident);
  const flags = (repr.dontFragment ? IPV4_FLAG_DF : 0) | (repr.moreFragments ? IPV4_FLAG_MF : 0);
  writeU16(out, off + IPV4.flagsFragOffset[0], flags | ((repr.fragOffset >>> 3) & IPV4_FRAG_OFFSET_MASK));
  out[off + IPV4.ttl[0]] = repr.ttl;
  out[off + IPV4.protocol[0]] = repr.proto;
  writeU16(out, off + IPV4.checksum[0], 0);
  writeU32(out, off + IPV4.src[0], repr.src);
  writeU32(out, off + IPV4.dst[0], repr.dst);
  if (headerLen > IPV4_HEADER_LEN) {
    const options = repr.options as Uint8Array;
    const optionsAt = off + IPV4_HEADER_LEN;
    out.fill(0, optionsAt, off + headerLen);
    for (let i = 0; i < options.length && i < headerLen - IPV4_HEADER_LEN; i++) out[optionsAt + i] = options[i];
  }
  writeU16(out, off + IPV4.checksum[0], internetChecksum(out, off, headerLen));
  return headerLen;
}

export interface Ipv6Repr {
  /** Four big-endian 32-bit words each. */
  src: ArrayLike<number>;
  dst: ArrayLike<number>;
  nextHeader: number;
  hopLimit: number;
  dscp: number;
  ecn: number;
  flowLabel: number;
  /** Bytes after the fixed header, extension headers included. */
  payloadLength: number;
}

export function emitIpv6(repr: Ipv6Repr, out: Uint8Array, off: number): number {
  const trafficClass = ((repr.dscp & 0x3f) << 2) | (repr.ecn & 3);
  writeU32(out, off + IPV6.verTcFlow[0], ((6 << 28) | (trafficClass << 20) | (repr.flowLabel & 0xfffff)) >>> 0);
  writeU16(out, off + IPV6.payloadLength[0], repr.payloadLength);
  out[off + IPV6.nextHeader[0]] = repr.nextHeader;
  out[off + IPV6.hopLimit[0]] = repr.hopLimit;
  for (let i = 0; i < 4; i++) {
    writeU32(out, off + IPV6.src[0] + 4 * i, repr.src[i]);
    writeU32(out, off + IPV6.dst[0] + 4 * i, repr.dst[i]);
  }
  return IPV6_HEADER_LEN;
}

/** PadN option type (RFC 8200 §4.2): fills an options header to its length. */
const OPT_PADN = 1;
const OPT_PAD1 = 0;
/** Segment routing header (RFC 8754), the one routing type still in use: its fields after the common two bytes. */
const SRH = { routingType: 2, segmentsLeft: 3, lastEntry: 4 } as const;
const ROUTING_TYPE_SRH = 4;
const SRH_FIXED_LEN = 8;
const SRH_SEGMENT_LEN = 16;

/**
 * A valid extension header of `type` (hop-by-hop, routing, destination options or AH) and
 * `length` bytes (a multiple of 8 from 8; AH: of 4 from 12; routing: 8 + 16 per segment, from
 * 24). Options headers are filled with padding; a routing header is an SRH whose segments are
 * all `::` with segments left 0; an AH body is zero.
 */
export function emitIpv6Ext(out: Uint8Array, off: number, type: number, nextHeader: number, length: number): number {
  out.fill(0, off, off + length);
  out[off + IPV6_EXT.nextHeader[0]] = nextHeader;
  out[off + IPV6_EXT.length[0]] =
    type === IP_PROTO.AH ? length / IPV6_AH_UNIT - 2 : length / IPV6_EXT_UNIT - 1;
  const body = off + IPV6_EXT.length[1];
  const bodyLen = length - IPV6_EXT.length[1];
  if (type === IP_PROTO.HOPOPT || type === IP_PROTO.IPV6_OPTS) {
    if (bodyLen === 1) {
      out[body] = OPT_PAD1;
    } else {
      out[body] = OPT_PADN;
      out[body + 1] = bodyLen - 2;
    }
  } else if (type === IP_PROTO.IPV6_ROUTE) {
    out[off + SRH.routingType] = ROUTING_TYPE_SRH;
    out[off + SRH.lastEntry] = (length - SRH_FIXED_LEN) / SRH_SEGMENT_LEN - 1;
  }
  return length;
}

export function emitIpv6Fragment(
  out: Uint8Array,
  off: number,
  nextHeader: number,
  fragOffset: number,
  moreFragments: boolean,
  ident: number,
): number {
  out[off + IPV6_FRAG.nextHeader[0]] = nextHeader;
  out[off + IPV6_FRAG.reserved[0]] = 0;
  writeU16(out, off + IPV6_FRAG.offsetFlags[0], (fragOffset & IPV6_FRAG_OFFSET_MASK) | (moreFragments ? IPV6_FRAG_M : 0));
  writeU32(out, off + IPV6_FRAG.ident[0], ident);
  return IPV6_FRAG_HEADER_LEN;
}
