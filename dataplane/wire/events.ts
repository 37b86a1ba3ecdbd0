/**
 * Decode outcomes and anomalies, declared once (VPP's way) and named as Suricata names its
 * decoder events: one dotted name used alike by counters, trace reasons and docs.
 *
 * A *fatal* event (a malformed packet) means a header field the dataplane needs is cut or
 * impossible (SPEC "Malformed"); decodeFrame returns DECODE_MALFORMED and `view.malformed`
 * holds its code. A *soft* event is odd but usable; it lands in `view.anomaly` and the status
 * stays IP or non-IP. Only the first event of each kind is kept per packet.
 */

/** decodeFrame's result. 0 is never returned: a fresh view has status 0 ("not decoded"). */
export const DECODE_IP = 1;
export const DECODE_NON_IP = 2;
export const DECODE_MALFORMED = 3;

export const DECODE_STATUS_NAMES: Readonly<Record<number, string>> = {
  [DECODE_IP]: 'ip',
  [DECODE_NON_IP]: 'non-ip',
  [DECODE_MALFORMED]: 'malformed',
};

/** The most VLAN tags decoded before `decode.vlan.too_many_tags` (real stacks stop at 2-3). */
export const MAX_VLAN_TAGS = 8;
/** The most IPv6 extension headers walked before `decode.ipv6.too_many_ext`. */
export const MAX_IPV6_EXT_HEADERS = 8;

export interface DecodeEventInfo {
  readonly name: string;
  readonly fatal: boolean;
  readonly help: string;
}

const TABLE = {
  none: { name: '', fatal: false, help: 'no event' },
  linkUnsupported: {
    name: 'decode.link.unsupported',
    fatal: true,
    help: 'the capture link type is not one chainsim decodes (it is not guessed at)',
  },
  ethernetTruncated: { name: 'decode.ethernet.truncated', fatal: true, help: 'Ethernet header cut' },
  vlanTruncated: { name: 'decode.vlan.truncated', fatal: true, help: 'an 802.1Q/802.1ad tag cut' },
  vlanTooManyTags: {
    name: 'decode.vlan.too_many_tags',
    fatal: true,
    help: `more than ${MAX_VLAN_TAGS} stacked VLAN tags`,
  },
  sllTruncated: { name: 'decode.sll.truncated', fatal: true, help: 'Linux cooked (SLL/SLL2) header cut' },
  nullTruncated: { name: 'decode.null.truncated', fatal: true, help: 'NULL/LOOP family field cut' },
  rawTruncated: { name: 'decode.raw.truncated', fatal: true, help: 'raw IP frame without a version byte' },
  rawBadVersion: {
    name: 'decode.raw.bad_version',
    fatal: true,
    help: 'raw IP frame whose version nibble is neither 4 nor 6',
  },
  ipv4Truncated: { name: 'decode.ipv4.truncated', fatal: true, help: 'IPv4 header (or its options) cut' },
  ipv4BadVersion: { name: 'decode.ipv4.bad_version', fatal: true, help: 'IPv4 EtherType but version is not 4' },
  ipv4BadIhl: { name: 'decode.ipv4.bad_ihl', fatal: true, help: 'IPv4 header length below 20 bytes (IHL < 5)' },
  ipv4BadTotalLength: {
    name: 'decode.ipv4.bad_total_length',
    fatal: true,
    help: 'IPv4 total length smaller than its header',
  },
  ipv6Truncated: { name: 'decode.ipv6.truncated', fatal: true, help: 'IPv6 header cut' },
  ipv6BadVersion: { name: 'decode.ipv6.bad_version', fatal: true, help: 'IPv6 EtherType but version is not 6' },
  ipv6ExtTruncated: {
    name: 'decode.ipv6.ext_truncated',
    fatal: true,
    help: 'an IPv6 extension header cut (by the capture or by the payload length)',
  },
  ipv6TooManyExt: {
    name: 'decode.ipv6.too_many_ext',
    fatal: true,
    help: `more than ${MAX_IPV6_EXT_HEADERS} IPv6 extension headers`,
  },
  tcpTruncated: { name: 'decode.tcp.truncated', fatal: true, help: 'TCP header cut before its flags' },
  udpTruncated: { name: 'decode.udp.truncated', fatal: true, help: 'UDP header cut' },
  icmpTruncated: { name: 'decode.icmp.truncated', fatal: true, help: 'ICMP header (or echo identifier) cut' },
  icmpv6Truncated: {
    name: 'decode.icmpv6.truncated',
    fatal: true,
    help: 'ICMPv6 header (or echo identifier) cut',
  },
  ipv4LengthExceedsFrame: {
    name: 'decode.ipv4.length_exceeds_frame',
    fatal: false,
    help: 'IPv4 total length larger than the frame on the wire (not a snap-length cut)',
  },
  ipv6LengthExceedsFrame: {
    name: 'decode.ipv6.length_exceeds_frame',
    fatal: false,
    help: 'IPv6 payload length larger than the frame on the wire (not a snap-length cut)',
  },
  arpTruncated: {
    name: 'decode.arp.truncated',
    fatal: false,
    help: 'ARP for Ethernet/IPv4 shorter than 28 bytes (still non-IP; addresses left 0)',
  },
} as const satisfies Record<string, DecodeEventInfo>;

export type DecodeEventKey = keyof typeof TABLE;

/** Event codes by key; code 0 is `none`. */
export const DECODE_EVENT = Object.freeze(
  Object.fromEntries(Object.keys(TABLE).map((key, code) => [key, code])),
) as { readonly [K in DecodeEventKey]: number };

/** The whole table in code order. */
export const DECODE_EVENTS: readonly (DecodeEventInfo & { readonly code: number; readonly key: DecodeEventKey })[] =
  Object.freeze(
    (Object.keys(TABLE) as DecodeEventKey[]).map((key, code) => Object.freeze({ code, key, ...TABLE[key] })),
  );

/** Dotted name by code (fatal and soft alike); index 0 is the empty string. */
export const MALFORMED_REASONS: readonly string[] = Object.freeze(DECODE_EVENTS.map((e) => e.name));
