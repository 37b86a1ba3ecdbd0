/**
 * Upper-layer decoding: the few TCP, UDP and ICMP fields the dataplane keys and classifies on.
 * Bounds: `end` is the end of the datagram as far as both the capture and the IP length field
 * allow. SPEC "Malformed": a whole datagram needs TCP up to its flags, UDP 8 bytes, ICMP 4
 * (6 for an echo's identifier); a first fragment needs only the ports or the ICMP type (an
 * echo also its identifier), and its TCP flags count as 0 when cut.
 */
import { readU16 } from './bytes.js';
import { DECODE_EVENT, DECODE_IP, DECODE_MALFORMED } from './events.js';
import {
  ICMP_ECHO_REPLY,
  ICMP_ECHO_REQUEST,
  ICMPV6_ECHO_REPLY,
  ICMPV6_ECHO_REQUEST,
  IP_PROTO,
} from './numbers.js';
import { ICMP, ICMP_ECHO_NEEDED_LEN, ICMP_HEADER_LEN, L4_PORTS_LEN, TCP, TCP_NEEDED_LEN, UDP_HEADER_LEN } from './offsets.js';
import type { PacketView } from './view.js';

// Imported bindings are live (read through a cell on every use); local copies let the
// optimiser fold them to constants in the per-packet code.
const P_ICMP = IP_PROTO.ICMP;
const P_ICMPV6 = IP_PROTO.ICMPV6;
const P_TCP = IP_PROTO.TCP;
const P_UDP = IP_PROTO.UDP;

// TCP and UDP both start with the two ports, so one pair of offsets serves both.
const SRC_PORT = TCP.srcPort[0];
const DST_PORT = TCP.dstPort[0];
const TCP_FLAGS = TCP.flags[0];
const ICMP_TYPE = ICMP.type[0];
const ICMP_CODE = ICMP.code[0];
const ICMP_IDENT = ICMP.ident[0];
/** A first fragment needs only the ICMP type byte. */
const ICMP_TYPE_LEN = ICMP.type[1];

/** Records a fatal event on the view; decoders `return malformed(v, code)` to stop there. */
export function malformed(v: PacketView, code: number): number {
  v.malformed = code;
  v.status = DECODE_MALFORMED;
  return DECODE_MALFORMED;
}

/**
 * Decodes the upper-layer header at `at` for v.proto. `first` is 1 for the first fragment of a
 * fragmented datagram (offset 0, more-fragments), which is allowed to be shorter.
 */
export function decodeL4(v: PacketView, buf: Uint8Array, at: number, end: number, first: number): number {
  const avail = end - at;
  switch (v.proto) {
    case P_TCP:
      if (avail < TCP_NEEDED_LEN && (first === 0 || avail < L4_PORTS_LEN)) {
        return malformed(v, DECODE_EVENT.tcpTruncated);
      }
      v.srcPort = readU16(buf, at + SRC_PORT);
      v.dstPort = readU16(buf, at + DST_PORT);
      v.tcpFlags = avail < TCP_NEEDED_LEN ? 0 : buf[at + TCP_FLAGS];
      break;
    case P_UDP:
      if (avail < UDP_HEADER_LEN && (first === 0 || avail < L4_PORTS_LEN)) {
        return malformed(v, DECODE_EVENT.udpTruncated);
      }
      v.srcPort = readU16(buf, at + SRC_PORT);
      v.dstPort = readU16(buf, at + DST_PORT);
      break;
    case P_ICMP:
      if (v.family === 4) {
        return decodeIcmp(v, buf, at, avail, first, ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY, DECODE_EVENT.icmpTruncated);
      }
      break;
    case P_ICMPV6:
      if (v.family === 6) {
        return decodeIcmp(v, buf, at, avail, first, ICMPV6_ECHO_REQUEST, ICMPV6_ECHO_REPLY, DECODE_EVENT.icmpv6Truncated);
      }
      break;
    default:
      break;
  }
  v.status = DECODE_IP;
  return DECODE_IP;
}

function decodeIcmp(
  v: PacketView,
  buf: Uint8Array,
  at: number,
  avail: number,
  first: number,
  echoRequest: number,
  echoReply: number,
  truncated: number,
): number {
  if (avail < (first === 0 ? ICMP_HEADER_LEN : ICMP_TYPE_LEN)) return malformed(v, truncated);
  const type = buf[at + ICMP_TYPE];
  v.icmpType = type;
  v.icmpCode = avail > ICMP_CODE ? buf[at + ICMP_CODE] : 0;
  if (type === echoRequest || type === echoReply) {
    if (avail < ICMP_ECHO_NEEDED_LEN) return malformed(v, truncated);
    const ident = readU16(buf, at + ICMP_IDENT);
    v.srcPort = ident;
    v.dstPort = ident;
  }
  v.status = DECODE_IP;
  return DECODE_IP;
}
