/**
 * The registry numbers the codecs speak: pcap link types (tcpdump.org LINKTYPE_*), EtherTypes,
 * IP protocol numbers and the address families a NULL/LOOP header may carry. Names follow the
 * registries so that a reader can grep them there.
 */

/** pcap/pcapng link-layer header types that decodeFrame understands. */
export const LINKTYPE = {
  NULL: 0,
  EN10MB: 1,
  /** DLT_RAW as OpenBSD/BSD/OS number it; the packet starts with the IP header. */
  RAW_12: 12,
  RAW_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const ETHERTYPE = {
  IPV4: 0x0800,
  ARP: 0x0806,
  /** 802.1Q customer tag. */
  VLAN: 0x8100,
  IPV6: 0x86dd,
  MPLS_UNICAST: 0x8847,
  MPLS_MULTICAST: 0x8848,
  /** 802.1ad service tag (QinQ outer). */
  QINQ: 0x88a8,
  LLDP: 0x88cc,
  /** Pre-standard QinQ outer tag, still emitted by some switches. */
  QINQ_OLD: 0x9100,
} as const;

/** Values below this in the EtherType position are 802.3 lengths, not types. */
export const ETHERTYPE_MIN = 0x0600;

export const IP_PROTO = {
  HOPOPT: 0,
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  IPV6_ROUTE: 43,
  IPV6_FRAG: 44,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  IPV6_NONXT: 59,
  IPV6_OPTS: 60,
  MOBILITY: 135,
  HIP: 139,
  SHIM6: 140,
} as const;

export const ICMP_ECHO_REPLY = 0;
export const ICMP_ECHO_REQUEST = 8;
export const ICMPV6_ECHO_REQUEST = 128;
export const ICMPV6_ECHO_REPLY = 129;

/**
 * Address families in a NULL (host order) or LOOP (network order) header. AF_INET is 2
 * everywhere; AF_INET6 differs by the capturing OS (Linux 10, NetBSD/OpenBSD 24,
 * FreeBSD 28, Darwin 30).
 */
export const NULL_AF_INET = 2;
export const NULL_AF_INET6 = [10, 24, 28, 30] as const;
