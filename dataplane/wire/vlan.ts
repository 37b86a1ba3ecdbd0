/**
 * VLAN tag operations for service redirection: push the sub-interface tag on the way to the
 * hosted firewall, pop it on the way back, or rewrite a VID in place. Pure functions over
 * bytes, no allocation. `out` may be the same array as `src` (any overlap is handled), so a
 * writer that keeps 4 bytes of headroom before each frame can push in place without a copy
 * of the payload: pass outStart = start - 4.
 */
import { copyBytes, readU16, writeU16 } from './bytes.js';
import { ETHERTYPE } from './numbers.js';
import { ETHERNET_HEADER_LEN, ETHERNET_TAG_AT, VLAN_PCP_DEI_MASK, VLAN_TAG, VLAN_TAG_LEN, VLAN_VID_MASK } from './offsets.js';

function isTpid(type: number): boolean {
  return type === ETHERTYPE.VLAN || type === ETHERTYPE.QINQ || type === ETHERTYPE.QINQ_OLD;
}

/**
 * Inserts a tag (tpid, tci) right after the MAC addresses of the Ethernet frame src[start,
 * start + len): it becomes the new outer tag. Writes the result at out[outStart] and returns
 * its length (len + 4), or -1 when src is too short to be an Ethernet frame.
 */
export function pushVlan(
  src: Uint8Array,
  start: number,
  len: number,
  tpid: number,
  tci: number,
  out: Uint8Array,
  outStart: number,
): number {
  if (len < ETHERNET_HEADER_LEN || start + len > src.length || outStart + len + VLAN_TAG_LEN > out.length) return -1;
  const macsEnd = start + ETHERNET_TAG_AT;
  // Order the two moves so that neither overwrites bytes the other still has to read.
  if (src === out && outStart < start) {
    copyBytes(src, start, macsEnd, out, outStart);
    copyBytes(src, macsEnd, start + len, out, outStart + ETHERNET_TAG_AT + VLAN_TAG_LEN);
  } else {
    copyBytes(src, macsEnd, start + len, out, outStart + ETHERNET_TAG_AT + VLAN_TAG_LEN);
    copyBytes(src, start, macsEnd, out, outStart);
  }
  const tagAt = outStart + ETHERNET_TAG_AT;
  writeU16(out, tagAt + VLAN_TAG.tpid[0], tpid);
  writeU16(out, tagAt + VLAN_TAG.tci[0], tci);
  return len + VLAN_TAG_LEN;
}

/**
 * Removes the outer tag of the Ethernet frame src[start, start + len), writing the result at
 * out[outStart]; returns its length (len - 4), or -1 when the frame has no tag to pop.
 */
export function popVlan(src: Uint8Array, start: number, len: number, out: Uint8Array, outStart: number): number {
  if (len < ETHERNET_HEADER_LEN + VLAN_TAG_LEN || start + len > src.length || outStart + len - VLAN_TAG_LEN > out.length) {
    return -1;
  }
  const macsEnd = start + ETHERNET_TAG_AT;
  if (!isTpid(readU16(src, macsEnd))) return -1;
  if (src === out && outStart > start) {
    copyBytes(src, macsEnd + VLAN_TAG_LEN, start + len, out, outStart + ETHERNET_TAG_AT);
    copyBytes(src, start, macsEnd, out, outStart);
  } else {
    copyBytes(src, start, macsEnd, out, outStart);
    copyBytes(src, macsEnd + VLAN_TAG_LEN, start + len, out, outStart + ETHERNET_TAG_AT);
  }
  return len - VLAN_TAG_LEN;
}

/**
 * Sets the VID of the tag whose TPID is at buf[tagOffset] (PacketView.vlanOuterOffset for the
 * outer tag), keeping its PCP and DEI bits.
 */
export function rewriteVlan(buf: Uint8Array, tagOffset: number, vid: number): void {
  const at = tagOffset + VLAN_TAG.tci[0];
  writeU16(buf, at, (readU16(buf, at) & VLAN_PCP_DEI_MASK) | (vid & VLAN_VID_MASK));
}
