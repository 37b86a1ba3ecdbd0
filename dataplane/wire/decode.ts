/**
 * decodeFrame: one captured frame into the reusable PacketView. A switch on the link type,
 * the VLAN tag walk, then a switch on the EtherType into the IP decoders. Never throws and
 * never reads outside [start, start + caplen) (nor past the buffer): a bad frame is a status
 * and a reason code, not an exception (VPP, Suricata).
 *
 * An unsupported link type is DECODE_MALFORMED with `decode.link.unsupported`: the dataplane
 * must drop it with a reason, and a link header it cannot read is, per SPEC, malformed.
 */
import { readU16, readU32, readU32Le } from './bytes.js';
import { DECODE_EVENT, DECODE_NON_IP, MAX_VLAN_TAGS } from './events.js';
import { decodeIpv4, decodeIpv6 } from './decode-ip.js';
import { malformed } from './decode-l4.js';
import { ETHERTYPE, LINKTYPE, NULL_AF_INET, NULL_AF_INET6 } from './numbers.js';
import {
  ARP,
  ARP_LEN,
  ETHERNET_HEADER_LEN,
  ETHERNET_TAG_AT,
  NULL_HEADER,
  NULL_HEADER_LEN,
  SLL,
  SLL2,
  SLL2_HEADER_LEN,
  SLL_HEADER_LEN,
  VLAN_TAG,
  VLAN_TAG_BODY,
  VLAN_TAG_BODY_LEN,
  VLAN_VID_MASK,
} from './offsets.js';
import type { PacketView } from './view.js';

// Imported bindings are live (read through a cell on every use); local copies let the
// optimiser fold them to constants in the per-packet code.
const ET_ARP = ETHERTYPE.ARP;
const ET_IPV4 = ETHERTYPE.IPV4;
const ET_IPV6 = ETHERTYPE.IPV6;
const ET_QINQ = ETHERTYPE.QINQ;
const ET_QINQ_OLD = ETHERTYPE.QINQ_OLD;
const ET_VLAN = ETHERTYPE.VLAN;
const LT_EN10MB = LINKTYPE.EN10MB;
const LT_IPV4 = LINKTYPE.IPV4;
const LT_IPV6 = LINKTYPE.IPV6;
const LT_LINUX_SLL = LINKTYPE.LINUX_SLL;
const LT_LINUX_SLL2 = LINKTYPE.LINUX_SLL2;
const LT_LOOP = LINKTYPE.LOOP;
const LT_NULL = LINKTYPE.NULL;
const LT_RAW = LINKTYPE.RAW;
const LT_RAW_12 = LINKTYPE.RAW_12;
const LT_RAW_14 = LINKTYPE.RAW_14;

const SLL_PROTOCOL = SLL.protocol[0];
const SLL2_PROTOCOL = SLL2.protocol[0];
const NULL_FAMILY = NULL_HEADER.family[0];
const TAG_TCI = VLAN_TAG_BODY.tci[0];
const TAG_NEXT_TYPE = VLAN_TAG_BODY.nextType[0];
const TPID_LEN = VLAN_TAG.tpid[1];
const ARP_OPER = ARP.oper[0];
const ARP_SPA = ARP.spa[0];
const ARP_TPA = ARP.tpa[0];
/** ARP's fixed part (through the operation) tells whether it is Ethernet/IPv4. */
const ARP_FIXED_LEN = ARP.oper[1];
const ARP_HW_ETHERNET = 1;
const [AF6_A, AF6_B, AF6_C, AF6_D] = NULL_AF_INET6;

function isTpid(type: number): boolean {
  return type === ET_VLAN || type === ET_QINQ || type === ET_QINQ_OLD;
}

export function decodeFrame(
  v: PacketView,
  buf: Uint8Array,
  start: number,
  caplen: number,
  origlen: number,
  linkType: number,
): number {
  let end = start + caplen;
  if (end > buf.length) end = buf.length;
  v.reset(linkType, start, end > start ? end - start : 0, origlen);
  switch (linkType) {
    case LT_EN10MB:
      return decodeEthernet(v, buf, start, end);
    case LT_LINUX_SLL:
      if (end - start < SLL_HEADER_LEN) return malformed(v, DECODE_EVENT.sllTruncated);
      return decodeTagged(v, buf, readU16(buf, start + SLL_PROTOCOL), start + SLL_HEADER_LEN, end, false);
    case LT_LINUX_SLL2:
      if (end - start < SLL2_HEADER_LEN) return malformed(v, DECODE_EVENT.sllTruncated);
      return decodeTagged(v, buf, readU16(buf, start + SLL2_PROTOCOL), start + SLL2_HEADER_LEN, end, false);
    case LT_RAW:
    case LT_RAW_12:
    case LT_RAW_14:
      return decodeRaw(v, buf, start, end);
    case LT_IPV4:
      v.etherType = ET_IPV4;
      return decodeIpv4(v, buf, start, end);
    case LT_IPV6:
      v.etherType = ET_IPV6;
      return decodeIpv6(v, buf, start, end);
    case LT_NULL:
    case LT_LOOP: {
      if (end - start < NULL_HEADER_LEN) return malformed(v, DECODE_EVENT.nullTruncated);
      let family = readU32(buf, start + NULL_FAMILY);
      // NULL is in the capturing host's byte order. Families are small numbers, so a value
      // with its high half set was written little-endian (Wireshark's test).
      if (linkType === LT_NULL && (family & 0xffff0000) !== 0) family = readU32Le(buf, start + NULL_FAMILY);
      v.linkProto = family;
      return decodeFamily(v, buf, family, start + NULL_HEADER_LEN, end);
    }
    default:
      return malformed(v, DECODE_EVENT.linkUnsupported);
  }
}

function decodeEthernet(v: PacketView, buf: Uint8Array, start: number, end: number): number {
  if (end - start < ETHERNET_HEADER_LEN) return malformed(v, DECODE_EVENT.ethernetTruncated);
  return decodeTagged(v, buf, readU16(buf, start + ETHERNET_TAG_AT), start + ETHERNET_HEADER_LEN, end, true);
}

/**
 * Walks the VLAN tags that follow a type field (`type`, with `at` just after it), then decodes
 * the network layer. Tags are recorded only for Ethernet (SPEC: other link types have no VLAN);
 * a Linux cooked capture can still carry tags that libpcap put back, and they are skipped.
 */
function decodeTagged(
  v: PacketView,
  buf: Uint8Array,
  type: number,
  at: number,
  end: number,
  record: boolean,
): number {
  let count = 0;
  while (isTpid(type)) {
    if (count === MAX_VLAN_TAGS) return malformed(v, DECODE_EVENT.vlanTooManyTags);
    if (end - at < VLAN_TAG_BODY_LEN) return malformed(v, DECODE_EVENT.vlanTruncated);
    if (record) {
      const vid = readU16(buf, at + TAG_TCI) & VLAN_VID_MASK;
      if (count === 0) {
        v.vlanOuter = vid;
        v.vlanOuterTpid = type;
        v.vlanOuterOffset = at - TPID_LEN;
      } else if (count === 1) {
        v.vlanInner = vid;
      }
      v.vlanCount = count + 1;
    }
    count++;
    type = readU16(buf, at + TAG_NEXT_TYPE);
    at += VLAN_TAG_BODY_LEN;
  }
  v.linkProto = type;
  v.etherType = type;
  return decodeNetwork(v, buf, type, at, end);
}

function decodeNetwork(v: PacketView, buf: Uint8Array, etherType: number, at: number, end: number): number {
  switch (etherType) {
    case ET_IPV4:
      return decodeIpv4(v, buf, at, end);
    case ET_IPV6:
      return decodeIpv6(v, buf, at, end);
    case ET_ARP:
      decodeArp(v, buf, at, end);
      return nonIp(v, at);
    default:
      // MPLS included: what sits under the labels is not looked at (SPEC).
      return nonIp(v, at);
  }
}

function nonIp(v: PacketView, at: number): number {
  v.l3Offset = at;
  v.status = DECODE_NON_IP;
  return DECODE_NON_IP;
}

function decodeRaw(v: PacketView, buf: Uint8Array, start: number, end: number): number {
  if (end - start < 1) return malformed(v, DECODE_EVENT.rawTruncated);
  const version = buf[start] >>> 4;
  v.linkProto = version;
  if (version === 4) {
    v.etherType = ET_IPV4;
    return decodeIpv4(v, buf, start, end);
  }
  if (version === 6) {
    v.etherType = ET_IPV6;
    return decodeIpv6(v, buf, start, end);
  }
  return malformed(v, DECODE_EVENT.rawBadVersion);
}

function decodeFamily(v: PacketView, buf: Uint8Array, family: number, at: number, end: number): number {
  if (family === NULL_AF_INET) {
    v.etherType = ET_IPV4;
    return decodeIpv4(v, buf, at, end);
  }
  if (family === AF6_A || family === AF6_B || family === AF6_C || family === AF6_D) {
    v.etherType = ET_IPV6;
    return decodeIpv6(v, buf, at, end);
  }
  return nonIp(v, at);
}

/** Ethernet/IPv4 ARP only; other hardware or protocol types are left undecoded (arpOp 0). */
function decodeArp(v: PacketView, buf: Uint8Array, at: number, end: number): void {
  if (end - at < ARP_FIXED_LEN) {
    if (v.anomaly === 0) v.anomaly = DECODE_EVENT.arpTruncated;
    return;
  }
  if (
    readU16(buf, at + ARP.htype[0]) !== ARP_HW_ETHERNET ||
    readU16(buf, at + ARP.ptype[0]) !== ET_IPV4 ||
    buf[at + ARP.hlen[0]] !== ARP.sha[1] - ARP.sha[0] ||
    buf[at + ARP.plen[0]] !== ARP.spa[1] - ARP.spa[0]
  ) {
    return;
  }
  if (end - at < ARP_LEN) {
    if (v.anomaly === 0) v.anomaly = DECODE_EVENT.arpTruncated;
    return;
  }
  v.arpOp = readU16(buf, at + ARP_OPER);
  v.arpSenderIp = readU32(buf, at + ARP_SPA);
  v.arpTargetIp = readU32(buf, at + ARP_TPA);
}
