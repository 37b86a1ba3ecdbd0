import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../policy/index.js';
import { RouteTable, SERVICE_ID, prefixContains, zoneId } from '../../../policy/model/index.js';
import { arbAddressWords, arbPrefix, configOf, wordsOf } from '../../testing/index.js';

const config = configOf({
  routes: [
    { prefix: '10.0.0.0/8', via: 'LAN-1', service: 'local' },
    { prefix: '10.1.0.0/16', via: 'WAN-1', service: 'virtual-path' },
    { prefix: '10.1.0.0/16', via: 'LAN-1', service: 'intranet' }, // tie with [1]: [1] wins
    { prefix: '0.0.0.0/0', via: 'WAN-1', service: 'internet' },
    { prefix: '2001:db8:1::/48', via: 'LAN-1', service: 'local' },
    { prefix: '::/0', via: 'WAN-1', service: 'internet' },
  ],
});

describe('RouteTable', () => {
  const table = new RouteTable(config);

  it('longest prefix wins', () => {
    expect(table.lookup(4, wordsOf('10.2.3.4'))).toBe(0);
    expect(table.lookup(4, wordsOf('10.1.3.4'))).toBe(1);
    expect(table.lookup(4, wordsOf('8.8.8.8'))).toBe(3);
  });

  it('equal lengths: the first in config order', () => {
    expect(table.lookup(4, wordsOf('10.1.255.255'))).toBe(1);
  });

  it('same family only', () => {
    expect(table.lookup(6, wordsOf('2001:db8:1::7'))).toBe(4);
    expect(table.lookup(6, wordsOf('::'))).toBe(5);
    // An IPv4-mapped-looking IPv6 address is still IPv6.
    expect(table.lookup(6, wordsOf('::ffff:10.1.2.3'))).toBe(5);
    const v4only = new RouteTable(configOf({ routes: [{ prefix: '0.0.0.0/0', via: 'WAN-1', service: 'internet' }] }));
    expect(v4only.lookup(6, wordsOf('2001:db8::1'))).toBe(-1);
    expect(v4only.lookup(4, wordsOf('1.2.3.4'))).toBe(0);
  });

  it('no covering route: -1', () => {
    const t = new RouteTable(configOf({ routes: [{ prefix: '10.0.0.0/8', via: 'LAN-1', service: 'local' }] }));
    expect(t.lookup(4, wordsOf('11.0.0.0'))).toBe(-1);
  });

  it('carries each route’s service, zone and interface', () => {
    expect(table.service[1]).toBe(SERVICE_ID['virtual-path']);
    expect(table.zone[1]).toBe(zoneId(config, 'Untrusted_Internet_Zone'));
    expect(table.iface[0]).toBe(0);
    expect(table.iface[3]).toBe(1);
  });

  it('agrees with a naive longest-prefix scan', () => {
    const arb = fc
      .array(arbPrefix(), { minLength: 0, maxLength: 12 })
      .chain((prefixes) =>
        fc.tuple(
          fc.constant(prefixes),
          fc.constantFrom(4 as const, 6 as const).chain((f) => fc.tuple(fc.constant(f), arbAddressWords(f, prefixes))),
        ),
      );
    fc.assert(
      fc.property(arb, ([prefixes, [family, addr]]) => {
        const c: AppConfig = { ...config, routes: prefixes.map((prefix) => ({ prefix, via: 'LAN-1', service: 'local' })) };
        let best = -1;
        prefixes.forEach((p, i) => {
          if (prefixContains(p, family, addr) && (best < 0 || p.length > prefixes[best]!.length)) best = i;
        });
        expect(new RouteTable(c).lookup(family, addr)).toBe(best);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a route via an unknown interface', () => {
    expect(() => new RouteTable(configOf({ routes: [{ prefix: '10.0.0.0/8', via: 'LAN-9', service: 'local' }] }))).toThrow(
      /unknown interface "LAN-9"/,
    );
  });
});
