// The declared tables: header layouts tile their headers with the standard lengths, and the
// event table gives unique codes and dotted names.
import { describe, expect, it } from 'vitest';
import * as wire from '../../../dataplane/wire/index.js';

const LAYOUTS: [string, Readonly<Record<string, readonly [number, number]>>, number][] = [
  // Lengths from the protocol documents, not from the tables.
  ['ETHERNET', wire.ETHERNET, 14],
  ['VLAN_TAG', wire.VLAN_TAG, 4],
  ['VLAN_TAG_BODY', wire.VLAN_TAG_BODY, 4],
  ['SLL', wire.SLL, 16],
  ['SLL2', wire.SLL2, 20],
  ['NULL_HEADER', wire.NULL_HEADER, 4],
  ['IPV4', wire.IPV4, 20],
  ['IPV6', wire.IPV6, 40],
  ['IPV6_EXT', wire.IPV6_EXT, 2],
  ['IPV6_FRAG', wire.IPV6_FRAG, 8],
  ['TCP', wire.TCP, 20],
  ['UDP', wire.UDP, 8],
  ['ICMP', wire.ICMP, 8],
  ['ARP', wire.ARP, 28],
];

describe('offset tables', () => {
  it.each(LAYOUTS)('%s tiles [0, %#) without gap or overlap', (_name, layout, length) => {
    const ranges = Object.values(layout).sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [start, end] of ranges) {
      expect(start).toBe(at);
      expect(end).toBeGreaterThan(start);
      at = end;
    }
    expect(at).toBe(length);
    expect(wire.layoutLength(layout)).toBe(length);
  });

  it('derived lengths and thresholds', () => {
    expect([
      wire.ETHERNET_HEADER_LEN,
      wire.SLL_HEADER_LEN,
      wire.SLL2_HEADER_LEN,
      wire.IPV4_HEADER_LEN,
      wire.IPV6_HEADER_LEN,
      wire.IPV6_FRAG_HEADER_LEN,
      wire.TCP_HEADER_LEN,
      wire.UDP_HEADER_LEN,
      wire.ICMP_HEADER_LEN,
      wire.ICMP_ECHO_HEADER_LEN,
      wire.ARP_LEN,
    ]).toEqual([14, 16, 20, 20, 40, 8, 20, 8, 4, 8, 28]);
    // SPEC "Malformed": TCP up to its flags, ICMP echo up to its identifier, a first fragment's ports.
    expect([wire.TCP_NEEDED_LEN, wire.ICMP_ECHO_NEEDED_LEN, wire.L4_PORTS_LEN]).toEqual([14, 6, 4]);
  });
});

describe('decode events', () => {
  it('codes are the table order; keys and names are unique; code 0 is no event', () => {
    wire.DECODE_EVENTS.forEach((e, i) => {
      expect(e.code).toBe(i);
      expect(wire.DECODE_EVENT[e.key]).toBe(i);
      expect(wire.MALFORMED_REASONS[i]).toBe(e.name);
    });
    expect(wire.DECODE_EVENTS[0]).toMatchObject({ name: '', fatal: false });
    const names = wire.DECODE_EVENTS.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every other name is a Suricata-style dotted decode event', () => {
    for (const e of wire.DECODE_EVENTS.slice(1)) expect(e.name).toMatch(/^decode\.[a-z0-9]+\.[a-z_]+$/);
  });

  it('the names the brief pins exist and are fatal', () => {
    const fatal = new Set(wire.DECODE_EVENTS.filter((e) => e.fatal).map((e) => e.name));
    for (const name of [
      'decode.ipv4.truncated',
      'decode.ipv4.bad_ihl',
      'decode.ipv4.bad_total_length',
      'decode.ipv6.truncated',
      'decode.ipv6.ext_truncated',
      'decode.ipv6.too_many_ext',
      'decode.tcp.truncated',
      'decode.udp.truncated',
      'decode.icmp.truncated',
      'decode.ethernet.truncated',
      'decode.vlan.truncated',
      'decode.vlan.too_many_tags',
      'decode.sll.truncated',
      'decode.null.truncated',
      'decode.link.unsupported',
    ]) {
      expect(fatal.has(name), name).toBe(true);
    }
  });

  it('status constants are distinct and never 0', () => {
    const statuses = [wire.DECODE_IP, wire.DECODE_NON_IP, wire.DECODE_MALFORMED];
    expect(new Set(statuses).size).toBe(3);
    expect(statuses).not.toContain(0);
    expect(statuses.map((s) => wire.DECODE_STATUS_NAMES[s])).toEqual(['ip', 'non-ip', 'malformed']);
  });
});
