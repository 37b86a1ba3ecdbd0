/**
 * TCP, UDP and ICMP/ICMPv6 representations and emitters. Their checksums cover the payload, so
 * the payload must already sit right after where the header goes; `pseudoSum` is the partial
 * sum of the IP pseudo-header (ipv4PseudoHeaderSum / ipv6PseudoHeaderSum; 0 for ICMPv4).
 */
import { internetChecksum } from './checksum.js';
import { writeU16, writeU32 } from './bytes.js';
import { ICMP, ICMP_ECHO_HEADER_LEN, TCP, TCP_HEADER_LEN, UDP, UDP_HEADER_LEN } from './offsets.js';

export interface TcpRepr {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  urgent: number;
  /** Raw option bytes, padded with End-of-Options to a 4-byte boundary; at most 40. */
  options: Uint8Array | null;
}

const TCP_MAX_HEADER_LEN = 60;

/** The header length for these options: padded to 4 bytes, capped at data offset 15. */
export function tcpHeaderLen(options: Uint8Array | null): number {
  const length = options === null ? 0 : options.length;
  return Math.min(TCP_MAX_HEADER_LEN, TCP_HEADER_LEN + ((length + 3) & ~3));
}

export function emitTcp(repr: TcpRepr, out: Uint8Array, off: number, payloadLength: number, pseudoSum: number): number {
  const headerLen = tcpHeaderLen(repr.options);
  writeU16(out, off + TCP.srcPort[0], repr.srcPort);
  writeU16(out, off + TCP.dstPort[0], repr.dstPort);
  writeU32(out, off + TCP.seq[0], repr.seq);
  writeU32(out, off + TCP.ack[0], repr.ack);
  out[off + TCP.dataOffset[0]] = (headerLen >>> 2) << 4;
  out[off + TCP.flags[0]] = repr.flags;
  writeU16(out, off + TCP.window[0], repr.window);
  writeU16(out, off + TCP.checksum[0], 0);
  writeU16(out, off + TCP.urgent[0], repr.urgent);
  if (headerLen > TCP_HEADER_LEN) {
    const options = repr.options as Uint8Array;
    const at = off + TCP_HEADER_LEN;
    out.fill(0, at, off + headerLen);
    for (let i = 0; i < options.length && i < headerLen - TCP_HEADER_LEN; i++) out[at + i] = options[i];
  }
  writeU16(out, off + TCP.checksum[0], internetChecksum(out, off, headerLen + payloadLength, pseudoSum));
  return headerLen;
}

export interface UdpRepr {
  srcPort: number;
  dstPort: number;
}

export function emitUdp(repr: UdpRepr, out: Uint8Array, off: number, payloadLength: number, pseudoSum: number): number {
  const length = UDP_HEADER_LEN + payloadLength;
  writeU16(out, off + UDP.srcPort[0], repr.srcPort);
  writeU16(out, off + UDP.dstPort[0], repr.dstPort);
  writeU16(out, off + UDP.length[0], length);
  writeU16(out, off + UDP.checksum[0], 0);
  const checksum = internetChecksum(out, off, length, pseudoSum);
  // 0 on the wire means "no checksum" (RFC 768), so a computed 0 is sent as its other form.
  writeU16(out, off + UDP.checksum[0], checksum === 0 ? 0xffff : checksum);
  return UDP_HEADER_LEN;
}

/**
 * An ICMP or ICMPv6 header. Its last four bytes are written from `ident` and `seq`: an echo's
 * identifier and sequence (types 8/0, ICMPv6 128/129); for most other types they are 0.
 */
export interface IcmpRepr {
  type: number;
  code: number;
  ident: number;
  seq: number;
}

export function emitIcmp(
  repr: IcmpRepr,
  out: Uint8Array,
  off: number,
  payloadLength: number,
  pseudoSum: number,
): number {
  out[off + ICMP.type[0]] = repr.type;
  out[off + ICMP.code[0]] = repr.code;
  writeU16(out, off + ICMP.checksum[0], 0);
  writeU16(out, off + ICMP.ident[0], repr.ident);
  writeU16(out, off + ICMP.seq[0], repr.seq);
  writeU16(
    out,
    off + ICMP.checksum[0],
    internetChecksum(out, off, ICMP_ECHO_HEADER_LEN + payloadLength, pseudoSum),
  );
  return ICMP_ECHO_HEADER_LEN;
}
