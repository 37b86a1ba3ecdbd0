// dataplane/wire/: wire codecs. Views decode captured frames in place into one reusable
// PacketView (the hot path); representations emit frames (tests, `gen`, writers); formatters
// turn decoded numbers into trace text.
export { PacketView } from './view.js';
export { decodeFrame } from './decode.js';
export {
  DECODE_EVENT,
  DECODE_EVENTS,
  DECODE_IP,
  DECODE_MALFORMED,
  DECODE_NON_IP,
  DECODE_STATUS_NAMES,
  MALFORMED_REASONS,
  MAX_IPV6_EXT_HEADERS,
  MAX_VLAN_TAGS,
} from './events.js';
export type { DecodeEventInfo, DecodeEventKey } from './events.js';
export * from './numbers.js';
export * from './offsets.js';
export { readU16, readU32, writeU16, writeU32 } from './bytes.js';
export {
  finishChecksum,
  internetChecksum,
  ipv4PseudoHeaderSum,
  ipv6PseudoHeaderSum,
  onesComplementSum,
} from './checksum.js';
export {
  etherTypeName,
  formatAddress,
  formatEndpoint,
  formatIPv4,
  formatIPv6,
  linkTypeName,
  protoName,
} from './format.js';
export {
  emitArp,
  emitEthernet,
  emitEthernetHeader,
  emitNullHeader,
  emitSll,
  emitSll2,
  ethernetHeaderLen,
  linkHeaderLen,
  makeTci,
} from './emit-link.js';
export type { ArpRepr, EthernetRepr, VlanTag } from './emit-link.js';
export { emitIpv4, emitIpv6, emitIpv6Ext, emitIpv6Fragment, ipv4HeaderLen } from './emit-ip.js';
export type { Ipv4Repr, Ipv6Repr } from './emit-ip.js';
export { emitIcmp, emitTcp, emitUdp, tcpHeaderLen } from './emit-l4.js';
export type { IcmpRepr, TcpRepr, UdpRepr } from './emit-l4.js';
export { emitFrame, frameSpecLength, newFrameSpec } from './emit-frame.js';
export type { FrameSpec, Ipv6ExtSpec } from './emit-frame.js';
export { popVlan, pushVlan, rewriteVlan } from './vlan.js';
