/**
 * The numeric tuple that policy/ classifies: plain numbers, no strings, no bytes. The dataplane
 * fills one reusable Tuple per packet from the decoded headers and the route lookups; policy/
 * never sees the packet itself.
 */

/** Service types as numbers (0: no route covers the address, so only `any` matches). */
export const SERVICE_NONE = 0;
export const SERVICE_ID = {
  local: 1,
  'virtual-path': 2,
  internet: 3,
  intranet: 4,
  'ip-host': 5,
} as const;

export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;
export const PROTO_ICMPV6 = 58;

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export interface Tuple {
  /** 4 or 6. */
  family: number;
  /** Upper-layer protocol number (after IPv6 extension headers). */
  proto: number;
  /** Addresses as four big-endian 32-bit words; IPv4 in word 0, the rest 0. */
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  /** TCP/UDP ports; ICMP echo: the identifier in both; other ICMP: 0. */
  srcPort: number;
  dstPort: number;
  /** Zone ids from the config's zone table (index into AppConfig.zones); -1: none. */
  fromZone: number;
  toZone: number;
  /** SERVICE_ID of the routes covering source and destination; SERVICE_NONE without one. */
  srcService: number;
  dstService: number;
  /** Ingress outer VLAN id, -1 when untagged. */
  vlan: number;
  /** 6-bit DSCP. */
  dscp: number;
  tcpFlags: number;
  /** 1 when the packet is (the first fragment of) a fragmented datagram, else 0. */
  fragment: number;
}

export function newTuple(): Tuple {
  return {
    family: 4,
    proto: 0,
    src: new Uint32Array(4),
    dst: new Uint32Array(4),
    srcPort: 0,
    dstPort: 0,
    fromZone: -1,
    toZone: -1,
    srcService: SERVICE_NONE,
    dstService: SERVICE_NONE,
    vlan: -1,
    dscp: 0,
    tcpFlags: 0,
    fragment: 0,
  };
}

export function copyTuple(from: Tuple, to: Tuple): void {
  to.family = from.family;
  to.proto = from.proto;
  to.src.set(from.src);
  to.dst.set(from.dst);
  to.srcPort = from.srcPort;
  to.dstPort = from.dstPort;
  to.fromZone = from.fromZone;
  to.toZone = from.toZone;
  to.srcService = from.srcService;
  to.dstService = from.dstService;
  to.vlan = from.vlan;
  to.dscp = from.dscp;
  to.tcpFlags = from.tcpFlags;
  to.fragment = from.fragment;
}
