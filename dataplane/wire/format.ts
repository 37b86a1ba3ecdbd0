/**
 * Human and trace text for decoded numbers. Off the hot path: these build strings, so they
 * run only when a trace line, a summary or `explain` asks.
 */
import { formatIPv4, formatIPv6 } from '../../policy/index.js';
import { ETHERTYPE, ETHERTYPE_MIN, IP_PROTO, LINKTYPE } from './numbers.js';

// The address text itself is policy's (one RFC 5952 writer for the project).
export { formatIPv4, formatIPv6 };

/** `1.2.3.4:80` or `[2001:db8::1]:443` (SPEC trace `src`/`dst`). */
export function formatEndpoint(family: number, words: ArrayLike<number>, port: number): string {
  return family === 6 ? `[${formatIPv6(words)}]:${port}` : `${formatIPv4(words[0] >>> 0)}:${port}`;
}

/** The address alone, by family. */
export function formatAddress(family: number, words: ArrayLike<number>): string {
  return family === 6 ? formatIPv6(words) : formatIPv4(words[0] >>> 0);
}

/** SPEC trace `proto`: tcp, udp, icmp, icmpv6, else the decimal number. */
export function protoName(proto: number): string {
  switch (proto) {
    case IP_PROTO.TCP:
      return 'tcp';
    case IP_PROTO.UDP:
      return 'udp';
    case IP_PROTO.ICMP:
      return 'icmp';
    case IP_PROTO.ICMPV6:
      return 'icmpv6';
    default:
      return String(proto);
  }
}

const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [ETHERTYPE.IPV4, 'ipv4'],
  [ETHERTYPE.ARP, 'arp'],
  [ETHERTYPE.VLAN, '802.1q'],
  [ETHERTYPE.IPV6, 'ipv6'],
  [ETHERTYPE.MPLS_UNICAST, 'mpls'],
  [ETHERTYPE.MPLS_MULTICAST, 'mpls-multicast'],
  [ETHERTYPE.QINQ, '802.1ad'],
  [ETHERTYPE.LLDP, 'lldp'],
  [ETHERTYPE.QINQ_OLD, 'qinq-9100'],
]);

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, '0')}`;
}

/** For human output: a known name, else `unknown(0x88b5)`; an 802.3 length is `802.3-length(46)`. */
export function etherTypeName(etherType: number): string {
  const name = ETHERTYPE_NAMES.get(etherType);
  if (name !== undefined) return name;
  return etherType < ETHERTYPE_MIN ? `802.3-length(${etherType})` : `unknown(${hex4(etherType)})`;
}

const LINKTYPE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(LINKTYPE).map(([name, value]) => [value, name.startsWith('RAW') ? 'RAW' : name]),
);

/** tcpdump's LINKTYPE_ name without the prefix (`EN10MB`, `LINUX_SLL2`), else `unknown(147)`. */
export function linkTypeName(linkType: number): string {
  return LINKTYPE_NAMES.get(linkType) ?? `unknown(${linkType})`;
}
