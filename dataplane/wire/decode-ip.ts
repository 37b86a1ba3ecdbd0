/**
 * IPv4 and IPv6 decoding into the PacketView, extension headers included. `end` is the end of
 * the captured bytes; every read below is also bounded by the datagram's own length field
 * where that says less (Ethernet padding is not payload).
 */
import { readU16, readU32 } from './bytes.js';
import { DECODE_EVENT, DECODE_IP, MAX_IPV6_EXT_HEADERS } from './events.js';
import { decodeL4, malformed } from './decode-l4.js';
import { IP_PROTO } from './numbers.js';
import {
  IPV4,
  IPV4_FLAG_DF,
  IPV4_FLAG_MF,
  IPV4_FRAG_OFFSET_MASK,
  IPV4_HEADER_LEN,
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
import type { PacketView } from './view.js';

// Imported bindings are live (read through a cell on every use); local copies let the
// optimiser fold them to constants in the per-packet code.
const P_AH = IP_PROTO.AH;
const P_HOPOPT = IP_PROTO.HOPOPT;
const P_IPV6_FRAG = IP_PROTO.IPV6_FRAG;
const P_IPV6_OPTS = IP_PROTO.IPV6_OPTS;
const P_IPV6_ROUTE = IP_PROTO.IPV6_ROUTE;

const V4_VER_IHL = IPV4.verIhl[0];
const V4_DSCP_ECN = IPV4.dscpEcn[0];
const V4_TOTAL_LENGTH = IPV4.totalLength[0];
const V4_IDENT = IPV4.ident[0];
const V4_FLAGS_FRAG = IPV4.flagsFragOffset[0];
const V4_TTL = IPV4.ttl[0];
const V4_PROTOCOL = IPV4.protocol[0];
const V4_SRC = IPV4.src[0];
const V4_DST = IPV4.dst[0];

const V6_VER_TC = IPV6.verTcFlow[0];
const V6_PAYLOAD_LENGTH = IPV6.payloadLength[0];
const V6_NEXT_HEADER = IPV6.nextHeader[0];
const V6_HOP_LIMIT = IPV6.hopLimit[0];
const V6_SRC = IPV6.src[0];
const V6_DST = IPV6.dst[0];
const EXT_NEXT = IPV6_EXT.nextHeader[0];
const EXT_LENGTH = IPV6_EXT.length[0];
const EXT_MIN = IPV6_EXT.length[1];
const FRAG_OFFSET_FLAGS = IPV6_FRAG.offsetFlags[0];
const FRAG_IDENT = IPV6_FRAG.ident[0];

function noteAnomaly(v: PacketView, code: number): void {
  if (v.anomaly === 0) v.anomaly = code;
}

export function decodeIpv4(v: PacketView, buf: Uint8Array, off: number, end: number): number {
  v.l3Offset = off;
  // The version first (when there is a byte to read): it says more than a length would.
  if (end - off < 1) return malformed(v, DECODE_EVENT.ipv4Truncated);
  const verIhl = buf[off + V4_VER_IHL];
  if (verIhl >>> 4 !== 4) return malformed(v, DECODE_EVENT.ipv4BadVersion);
  if (end - off < IPV4_HEADER_LEN) return malformed(v, DECODE_EVENT.ipv4Truncated);
  const headerLen = (verIhl & 0x0f) << 2;
  if (headerLen < IPV4_HEADER_LEN) return malformed(v, DECODE_EVENT.ipv4BadIhl);
  const total = readU16(buf, off + V4_TOTAL_LENGTH);
  if (total < headerLen) return malformed(v, DECODE_EVENT.ipv4BadTotalLength);
  if (end - off < headerLen) return malformed(v, DECODE_EVENT.ipv4Truncated);

  v.family = 4;
  const tos = buf[off + V4_DSCP_ECN];
  v.dscp = tos >>> 2;
  v.ecn = tos & 3;
  v.ttl = buf[off + V4_TTL];
  v.ipTotalLength = total;
  v.ipId = readU16(buf, off + V4_IDENT);
  const flagsFrag = readU16(buf, off + V4_FLAGS_FRAG);
  v.dontFragment = (flagsFrag & IPV4_FLAG_DF) === 0 ? 0 : 1;
  const more = (flagsFrag & IPV4_FLAG_MF) === 0 ? 0 : 1;
  const fragOffset = (flagsFrag & IPV4_FRAG_OFFSET_MASK) << 3;
  v.moreFragments = more;
  v.fragOffset = fragOffset;
  v.proto = buf[off + V4_PROTOCOL];
  v.src[0] = readU32(buf, off + V4_SRC);
  v.dst[0] = readU32(buf, off + V4_DST);
  if (off + total > v.start + v.frameLength) noteAnomaly(v, DECODE_EVENT.ipv4LengthExceedsFrame);

  const l4 = off + headerLen;
  v.l4Offset = l4;
  v.ipPayloadLength = total - headerLen;
  if (fragOffset > 0) {
    v.isFragment = 1;
    v.isLaterFragment = 1;
    v.status = DECODE_IP;
    return DECODE_IP;
  }
  v.isFragment = more;
  const datagramEnd = off + total < end ? off + total : end;
  return decodeL4(v, buf, l4, datagramEnd, more);
}

function readWords(buf: Uint8Array, at: number, words: Uint32Array): void {
  words[0] = readU32(buf, at);
  words[1] = readU32(buf, at + 4);
  words[2] = readU32(buf, at + 8);
  words[3] = readU32(buf, at + 12);
}

export function decodeIpv6(v: PacketView, buf: Uint8Array, off: number, end: number): number {
  v.l3Offset = off;
  if (end - off < 1) return malformed(v, DECODE_EVENT.ipv6Truncated);
  const b0 = buf[off + V6_VER_TC];
  if (b0 >>> 4 !== 6) return malformed(v, DECODE_EVENT.ipv6BadVersion);
  if (end - off < IPV6_HEADER_LEN) return malformed(v, DECODE_EVENT.ipv6Truncated);

  v.family = 6;
  const trafficClass = ((b0 & 0x0f) << 4) | (buf[off + V6_VER_TC + 1] >>> 4);
  v.dscp = trafficClass >>> 2;
  v.ecn = trafficClass & 3;
  v.ttl = buf[off + V6_HOP_LIMIT];
  const total = IPV6_HEADER_LEN + readU16(buf, off + V6_PAYLOAD_LENGTH);
  v.ipTotalLength = total;
  readWords(buf, off + V6_SRC, v.src);
  readWords(buf, off + V6_DST, v.dst);
  if (off + total > v.start + v.frameLength) noteAnomaly(v, DECODE_EVENT.ipv6LengthExceedsFrame);

  const datagramEnd = off + total < end ? off + total : end;
  let next = buf[off + V6_NEXT_HEADER];
  let at = off + IPV6_HEADER_LEN;
  let seen = 0;
  for (;;) {
    let len: number;
    if (next === P_HOPOPT || next === P_IPV6_ROUTE || next === P_IPV6_OPTS) {
      if (seen === MAX_IPV6_EXT_HEADERS) return malformed(v, DECODE_EVENT.ipv6TooManyExt);
      if (datagramEnd - at < EXT_MIN) return malformed(v, DECODE_EVENT.ipv6ExtTruncated);
      len = (buf[at + EXT_LENGTH] + 1) * IPV6_EXT_UNIT;
    } else if (next === P_AH) {
      if (seen === MAX_IPV6_EXT_HEADERS) return malformed(v, DECODE_EVENT.ipv6TooManyExt);
      if (datagramEnd - at < EXT_MIN) return malformed(v, DECODE_EVENT.ipv6ExtTruncated);
      len = (buf[at + EXT_LENGTH] + 2) * IPV6_AH_UNIT;
    } else if (next === P_IPV6_FRAG) {
      if (seen === MAX_IPV6_EXT_HEADERS) return malformed(v, DECODE_EVENT.ipv6TooManyExt);
      len = IPV6_FRAG_HEADER_LEN;
      if (datagramEnd - at < len) return malformed(v, DECODE_EVENT.ipv6ExtTruncated);
      const offsetFlags = readU16(buf, at + FRAG_OFFSET_FLAGS);
      const fragOffset = offsetFlags & IPV6_FRAG_OFFSET_MASK;
      const more = offsetFlags & IPV6_FRAG_M;
      v.fragOffset = fragOffset;
      v.moreFragments = more;
      v.ipId = readU32(buf, at + FRAG_IDENT);
      if (fragOffset > 0 || more !== 0) v.isFragment = 1;
      if (fragOffset > 0) {
        // The rest is fragment data: the fragment header's next header is all there is to know.
        v.isLaterFragment = 1;
        v.proto = buf[at + EXT_NEXT];
        v.l4Offset = at + len;
        v.ipPayloadLength = off + total - v.l4Offset;
        v.status = DECODE_IP;
        return DECODE_IP;
      }
    } else {
      break;
    }
    if (datagramEnd - at < len) return malformed(v, DECODE_EVENT.ipv6ExtTruncated);
    next = buf[at + EXT_NEXT];
    at += len;
    seen++;
  }
  v.proto = next;
  v.l4Offset = at;
  v.ipPayloadLength = off + total - at;
  return decodeL4(v, buf, at, datagramEnd, v.isFragment);
}
