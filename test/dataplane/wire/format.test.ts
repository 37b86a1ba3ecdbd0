// Trace text: RFC 5952 addresses (examples from the RFC and a property against ip-address),
// endpoints and protocol names as SPEC's trace table writes them.
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import {
  etherTypeName,
  formatAddress,
  formatEndpoint,
  formatIPv4,
  formatIPv6,
  linkTypeName,
  protoName,
} from '../../../dataplane/wire/index.js';
import { ip4, ip6 } from './helpers.js';

describe('formatIPv4', () => {
  it.each(['0.0.0.0', '10.0.0.1', '192.168.1.254', '255.255.255.255', '1.2.3.4'])('%s', (text) => {
    expect(formatIPv4(ip4(text))).toBe(text);
  });

  it('takes a signed word as written by Uint32 arithmetic', () => {
    expect(formatIPv4(0xc0a80101 | 0)).toBe('192.168.1.1');
  });
});

describe('formatIPv6 (RFC 5952)', () => {
  it.each([
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'], // §4.3 lowercase, §4.1 no leading zeros
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3 leftmost of equal runs
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3 longest run
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2 one zero group is not compressed
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['fe80:0:0:0:0:0:0:0', 'fe80::'],
    ['0:0:1:0:0:0:0:0', '0:0:1::'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['::ffff:192.0.2.1', '::ffff:c000:201'],
  ])('%s → %s', (input, want) => {
    expect(formatIPv6(ip6(input))).toBe(want);
  });

  it('agrees with ip-address correctForm on any address, zero-rich ones included', () => {
    const group = fc.oneof(fc.constant(0), fc.constant(0), fc.nat({ max: 0xffff }));
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), (groups) => {
        const words = [0, 2, 4, 6].map((i) => ((groups[i] << 16) | groups[i + 1]) >>> 0);
        const text = groups.map((g) => g.toString(16)).join(':');
        expect(formatIPv6(words)).toBe(new Address6(text).correctForm());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('endpoints and names', () => {
  it('formatEndpoint per SPEC trace: ip:port and [ipv6]:port', () => {
    expect(formatEndpoint(4, [ip4('1.2.3.4'), 0, 0, 0], 80)).toBe('1.2.3.4:80');
    expect(formatEndpoint(6, ip6('2001:db8::1'), 443)).toBe('[2001:db8::1]:443');
    expect(formatEndpoint(6, ip6('::'), 0)).toBe('[::]:0');
    expect(formatAddress(4, Uint32Array.of(ip4('172.16.10.5'), 0, 0, 0))).toBe('172.16.10.5');
  });

  it('protoName: tcp, udp, icmp, icmpv6, else the decimal number', () => {
    expect([6, 17, 1, 58, 2, 47, 0, 255].map(protoName)).toEqual(['tcp', 'udp', 'icmp', 'icmpv6', '2', '47', '0', '255']);
  });

  it('etherTypeName keeps unknown numbers visible', () => {
    expect(etherTypeName(0x0800)).toBe('ipv4');
    expect(etherTypeName(0x86dd)).toBe('ipv6');
    expect(etherTypeName(0x88cc)).toBe('lldp');
    expect(etherTypeName(0x88b5)).toBe('unknown(0x88b5)');
    expect(etherTypeName(0x0026)).toBe('802.3-length(38)');
  });

  it('linkTypeName', () => {
    expect(linkTypeName(1)).toBe('EN10MB');
    expect(linkTypeName(276)).toBe('LINUX_SLL2');
    expect(linkTypeName(12)).toBe('RAW');
    expect(linkTypeName(147)).toBe('unknown(147)');
  });
});
