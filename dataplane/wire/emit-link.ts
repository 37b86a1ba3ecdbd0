/**
 * Link-layer representations and their emitters (smoltcp's "repr" side): Ethernet II with any
 * stack of tags, the Linux cooked headers, NULL/LOOP, and ARP. Each emit writes into a
 * caller's buffer at `off` and returns the bytes written; nothing is allocated.
 */
import { writeU16, writeU32, writeU32Le } from './bytes.js';
import { ETHERTYPE, LINKTYPE } from './numbers.js';
import {
  ARP,
  ARP_LEN,
  ETHERNET,
  ETHERNET_HEADER_LEN,
  NULL_HEADER,
  NULL_HEADER_LEN,
  SLL,
  SLL2,
  SLL2_HEADER_LEN,
  SLL_HEADER_LEN,
  VLAN_TAG,
  VLAN_TAG_LEN,
  VLAN_VID_MASK,
} from './offsets.js';

export interface VlanTag {
  /** 0x8100, 0x88a8 or 0x9100. */
  tpid: number;
  /** PCP (3 bits), DEI (1 bit), VID (12 bits). */
  tci: number;
}

/** A TCI from its parts. */
export function makeTci(vid: number, pcp = 0, dei = 0): number {
  return ((pcp & 7) << 13) | ((dei & 1) << 12) | (vid & VLAN_VID_MASK);
}

export interface EthernetRepr {
  /** 6 bytes each. */
  dst: ArrayLike<number>;
  src: ArrayLike<number>;
  /** Outermost first. */
  tags: readonly VlanTag[];
  etherType: number;
}

export function ethernetHeaderLen(tagCount: number): number {
  return ETHERNET_HEADER_LEN + tagCount * VLAN_TAG_LEN;
}

const ETHER_TYPE_LEN = ETHERNET.etherType[1] - ETHERNET.etherType[0];

function writeMac(out: Uint8Array, at: number, mac: ArrayLike<number>): void {
  for (let i = 0; i < 6; i++) out[at + i] = mac[i];
}

export function emitEthernet(repr: EthernetRepr, out: Uint8Array, off: number): number {
  return emitEthernetHeader(out, off, repr.dst, repr.src, repr.tags, repr.etherType);
}

/** emitEthernet without a repr object, for per-packet writers. */
export function emitEthernetHeader(
  out: Uint8Array,
  off: number,
  dst: ArrayLike<number>,
  src: ArrayLike<number>,
  tags: readonly VlanTag[],
  etherType: number,
): number {
  writeMac(out, off + ETHERNET.dst[0], dst);
  writeMac(out, off + ETHERNET.src[0], src);
  let at = off + ETHERNET.etherType[0];
  for (let i = 0; i < tags.length; i++) {
    writeU16(out, at + VLAN_TAG.tpid[0], tags[i].tpid);
    writeU16(out, at + VLAN_TAG.tci[0], tags[i].tci);
    at += VLAN_TAG_LEN;
  }
  writeU16(out, at, etherType);
  return at + ETHER_TYPE_LEN - off;
}

/** ARPHRD_ETHER: the hardware type cooked headers carry for Ethernet devices. */
const ARPHRD_ETHER = 1;
/** Cooked header packet type: addressed to this host (LINUX_SLL_HOST). */
const SLL_HOST = 0;
const MAC_LEN = 6;

/** LINKTYPE_LINUX_SLL header for a frame that came from `srcMac` on an Ethernet device. */
export function emitSll(out: Uint8Array, off: number, protocol: number, srcMac: ArrayLike<number>): number {
  out.fill(0, off, off + SLL_HEADER_LEN);
  writeU16(out, off + SLL.packetType[0], SLL_HOST);
  writeU16(out, off + SLL.arphrd[0], ARPHRD_ETHER);
  writeU16(out, off + SLL.addrLen[0], MAC_LEN);
  writeMac(out, off + SLL.addr[0], srcMac);
  writeU16(out, off + SLL.protocol[0], protocol);
  return SLL_HEADER_LEN;
}

/** LINKTYPE_LINUX_SLL2 header; `ifIndex` is the capturing interface's index. */
export function emitSll2(
  out: Uint8Array,
  off: number,
  protocol: number,
  srcMac: ArrayLike<number>,
  ifIndex = 1,
): number {
  out.fill(0, off, off + SLL2_HEADER_LEN);
  writeU16(out, off + SLL2.protocol[0], protocol);
  writeU32(out, off + SLL2.ifIndex[0], ifIndex);
  writeU16(out, off + SLL2.arphrd[0], ARPHRD_ETHER);
  out[off + SLL2.packetType[0]] = SLL_HOST;
  out[off + SLL2.addrLen[0]] = MAC_LEN;
  writeMac(out, off + SLL2.addr[0], srcMac);
  return SLL2_HEADER_LEN;
}

/** NULL (host order: `littleEndian` for the usual x86/ARM host) or LOOP (network order) header. */
export function emitNullHeader(out: Uint8Array, off: number, family: number, littleEndian: boolean): number {
  if (littleEndian) writeU32Le(out, off + NULL_HEADER.family[0], family);
  else writeU32(out, off + NULL_HEADER.family[0], family);
  return NULL_HEADER_LEN;
}

export interface ArpRepr {
  /** 1 request, 2 reply. */
  op: number;
  senderMac: ArrayLike<number>;
  senderIp: number;
  targetMac: ArrayLike<number>;
  targetIp: number;
}

/** Ethernet/IPv4 ARP body (after the EtherType). */
export function emitArp(repr: ArpRepr, out: Uint8Array, off: number): number {
  writeU16(out, off + ARP.htype[0], ARPHRD_ETHER);
  writeU16(out, off + ARP.ptype[0], ETHERTYPE.IPV4);
  out[off + ARP.hlen[0]] = MAC_LEN;
  out[off + ARP.plen[0]] = 4;
  writeU16(out, off + ARP.oper[0], repr.op);
  writeMac(out, off + ARP.sha[0], repr.senderMac);
  writeU32(out, off + ARP.spa[0], repr.senderIp);
  writeMac(out, off + ARP.tha[0], repr.targetMac);
  writeU32(out, off + ARP.tpa[0], repr.targetIp);
  return ARP_LEN;
}

/** Bytes of link header that emitFrame writes for `linkType` (Ethernet: with `tagCount` tags). */
export function linkHeaderLen(linkType: number, tagCount: number): number {
  switch (linkType) {
    case LINKTYPE.EN10MB:
      return ethernetHeaderLen(tagCount);
    case LINKTYPE.LINUX_SLL:
      return SLL_HEADER_LEN;
    case LINKTYPE.LINUX_SLL2:
      return SLL2_HEADER_LEN;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return NULL_HEADER_LEN;
    default:
      return 0;
  }
}
