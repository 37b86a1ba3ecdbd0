import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, PortRange, Prefix, Tuple } from '../../../policy/index.js';
import { anyPrefixContains, hasPorts, loadConfig, newTuple, portInRanges, PROTO_TCP, TCP_SYN } from '../../../policy/index.js';
import { redirectDeniedFindings } from '../../../vwire/analysis/index.js';
import { FW_ALLOW, Firewall } from '../../../vwire/firewall/index.js';
import { arbAddressWords, arbPortRanges, arbPrefix, matchOf, ruleOf, sometimes } from '../../testing/index.js';
import { repoRoot } from '../../support/env.js';
import { DEFAULT_CONFIG, PROPERTY_SUBINTERFACES, arbRulebase, configWith, withVwire } from '../firewall/helpers.js';

const FIXTURES = path.join(repoRoot, 'fixtures/configs');

const OUTBOUND =
  '{ name: redirect-outbound, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: LAN-side, match: { fromZone: Default_LAN_Zone } }';
const INBOUND =
  '{ name: redirect-inbound, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: WAN-side, match: { fromZone: Untrusted_Internet_Zone } }';

/** The default config with these pre-appliance rules and this firewall (vwire) section body. */
function config(opts: { pre?: string[]; vwire?: string; hostedFirewall?: string; applications?: string }): AppConfig {
  const sections: Record<string, string> = {};
  if (opts.pre) {
    sections.firewall = `firewall:
  templates:
    - name: Redirect-All
      preAppliance:
${opts.pre.map((r) => `        - ${r}`).join('\n')}
  apply: [Redirect-All]`;
  }
  if (opts.vwire !== undefined) sections.vwire = `vwire:\n${opts.vwire}`;
  if (opts.hostedFirewall !== undefined) sections.hostedFirewall = opts.hostedFirewall;
  if (opts.applications !== undefined) sections.applications = opts.applications;
  return configWith(sections);
}

const WIRE = `  subinterfaces:
    - { interface: 1, vlan: 100, zone: trust }
    - { interface: 2, vlan: 100, zone: untrust }
`;

describe('redirect-denied-by-firewall', () => {
  it('finds nothing in the default config: allow-out and allow-in-https let each redirect through', () => {
    expect(redirectDeniedFindings(DEFAULT_CONFIG)).toEqual([]);
  });

  it.each(readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')))('finds nothing in the shipped config %s', (file) => {
    expect(redirectDeniedFindings(loadConfig(path.join(FIXTURES, file)).config)).toEqual([]);
  });

  it("names the firewall rule that denies all of a redirect rule's traffic (SPEC's deny-in)", () => {
    const c = config({
      vwire: `${WIRE}  rules:
    - { name: allow-out, from: trust, to: untrust, action: allow }
    - { name: deny-in, from: untrust, to: trust, action: deny }`,
    });
    const findings = redirectDeniedFindings(c);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({
      code: 'redirect-denied-by-firewall',
      severity: 'warning',
      rule: { group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-inbound' },
      path: 'firewall.templates[0].preAppliance[1]',
      firewallRules: ['deny-in'],
    });
    expect(f.message).toContain('Interface-2 VLAN 100 (zone untrust to zone trust)');
    expect(f.message).toContain('firewall rule "deny-in" (vwire.rules[1], deny) denies all of it');
  });

  it('names every blocking rule on the way when a later one covers the rest', () => {
    const c = config({
      vwire: `${WIRE}  rules:
    - { name: allow-out, from: trust, to: untrust, action: allow }
    - { name: no-ssh, from: untrust, to: trust, dstPort: 22, protocol: tcp, action: drop }
    - { name: no-web, from: any, to: trust, dstPort: 80, protocol: tcp, action: drop }
    - { name: deny-in, from: untrust, to: trust, action: deny }`,
    });
    const [f] = redirectDeniedFindings(c);
    expect(f!.firewallRules).toEqual(['no-ssh', 'no-web', 'deny-in']);
    expect(f!.message).toContain(
      'firewall rules "no-ssh" (vwire.rules[1], drop), "no-web" (vwire.rules[2], drop) deny part of it and "deny-in" (vwire.rules[3], deny) denies the rest',
    );
  });

  it('blames interzone-default when no rule between the zones allows any of it', () => {
    const findings = redirectDeniedFindings(config({ vwire: `${WIRE}  rules: []` }));
    expect(findings.map((f) => [f.rule.name, f.firewallRules])).toEqual([
      ['redirect-outbound', ['interzone-default']],
      ['redirect-inbound', ['interzone-default']],
    ]);
    expect(findings[0]!.message).toContain('no firewall rule from zone trust to zone untrust allows any of it, so interzone-default denies it');
  });

  it('finds nothing between sub-interfaces of one zone: intrazone-default allows', () => {
    const vwire = `  subinterfaces:
    - { interface: 1, vlan: 100, zone: inside }
    - { interface: 2, vlan: 100, zone: inside }
  rules: []`;
    expect(redirectDeniedFindings(config({ vwire }))).toEqual([]);
  });

  it('reports a redirect VLAN without a sub-interface: every packet would be dropped fw-vlan-not-allowed', () => {
    const hostedFirewall = `hostedFirewall:
  images: [PA-VM-10.1.qcow2]
  templates:
    - name: PAN-Branch
      vendor: palo-alto-networks
      model: VM-100
      serviceRedirectInterfaces:
        - { name: LAN-side, interface: 1, vlan: 100 }
        - { name: WAN-side, interface: 2, vlan: 300 }
  instance: { template: PAN-Branch, image: PA-VM-10.1.qcow2 }`;
    const findings = redirectDeniedFindings(config({ hostedFirewall }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.rule.name).toBe('redirect-inbound');
    expect(findings[0]!.firewallRules).toEqual([]);
    expect(findings[0]!.message).toContain('no sub-interface for VLAN 300 on Interface-2 and Interface-1');
    expect(findings[0]!.message).toContain('fw-vlan-not-allowed');
  });

  it('looks only at the firewall rules that meet the redirected traffic', () => {
    // SSH into 10/8 from the WAN: allow-in-https is about 172.16/12 port 443, so it never applies.
    const ssh =
      '{ name: ssh-in, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: WAN-side, match: { dst: 10.0.0.0/8, dstPort: 22, protocol: tcp } }';
    const findings = redirectDeniedFindings(config({ pre: [ssh] }));
    expect(findings.map((f) => [f.rule.name, f.firewallRules])).toEqual([['ssh-in', ['interzone-default']]]);
  });

  it('stays silent when an allow rule meets part of the traffic, even after a partial deny', () => {
    const c = config({
      vwire: `${WIRE}  rules:
    - { name: no-ssh, from: untrust, to: trust, dstPort: 22, protocol: tcp, action: deny }
    - { name: web, from: untrust, to: trust, dstPort: 443, protocol: tcp, action: allow }`,
      pre: [INBOUND],
    });
    expect(redirectDeniedFindings(c)).toEqual([]);
  });

  it('names the partial blockers and interzone-default when together they deny everything', () => {
    const c = config({
      vwire: `${WIRE}  rules:
    - { name: no-ssh, from: untrust, to: trust, dstPort: 22, protocol: tcp, action: drop }
    - { name: web-to-dmz, from: untrust, to: trust, dst: 192.168.0.0/16, dstPort: 443, protocol: tcp, action: allow }`,
      pre: [
        '{ name: tcp-in, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: WAN-side, match: { dst: 172.16.0.0/12, protocol: tcp } }',
      ],
    });
    const findings = redirectDeniedFindings(c);
    expect(findings.map((f) => f.firewallRules)).toEqual([['no-ssh', 'interzone-default']]);
    expect(findings[0]!.message).toContain(
      'firewall rule "no-ssh" (vwire.rules[0], drop) denies part of it and no rule from zone untrust to zone trust allows the rest, so interzone-default denies it',
    );
  });

  it('reads the application of a redirect rule: a deny that covers every entry is enough', () => {
    const c = config({
      applications: 'applications:\n  - { name: Office365, match: [{ dst: 52.96.0.0/14, dstPort: [80, 443] }] }',
      vwire: `${WIRE}  rules:
    - { name: no-o365-via-pan, from: trust, to: untrust, dst: 52.96.0.0/14, action: reset-client }
    - { name: allow-out, from: trust, to: untrust, action: allow }`,
      pre: [
        '{ name: o365-to-pan, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: LAN-side, match: { application: Office365 } }',
        OUTBOUND,
      ],
    });
    const findings = redirectDeniedFindings(c);
    expect(findings.map((f) => [f.rule.name, f.firewallRules])).toEqual([['o365-to-pan', ['no-o365-via-pan']]]);
  });

  it('reports both entries of a reverseAlso redirect rule under their own names', () => {
    const both =
      '{ name: lan-dmz, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: LAN-side, reverseAlso: true, match: { dst: 192.168.0.0/16 } }';
    const findings = redirectDeniedFindings(config({ pre: [both], vwire: `${WIRE}  rules: []` }));
    expect(findings.map((f) => [f.rule.name, f.path])).toEqual([
      ['lan-dmz', 'firewall.templates[0].preAppliance[0]'],
      ['lan-dmz (reverse)', 'firewall.templates[0].preAppliance[0]'],
    ]);
  });

  it('leaves out redirect rules whose packets never reach the VM (no instance)', () => {
    const noInstance = { ...DEFAULT_CONFIG, hostedFirewall: { ...DEFAULT_CONFIG.hostedFirewall, instance: null } };
    expect(redirectDeniedFindings(withVwire(noInstance, { rules: [] }))).toEqual([]);
  });
});

// ---- Soundness: a reported redirect rule is denied for every packet it can redirect. ----

const SERVICE_REDIRECTS = [
  { name: 'LAN-side', interface: 1 as const, vlan: 100 },
  { name: 'WAN-side', interface: 2 as const, vlan: 100 },
  { name: 'DMZ-side', interface: 1 as const, vlan: 200 },
  { name: 'Untagged', interface: 2 as const, vlan: null },
  { name: 'One-sided', interface: 1 as const, vlan: 300 },
];

interface RedirectMatch {
  src: Prefix[] | null;
  dst: Prefix[] | null;
  dstPort: PortRange[] | null;
  protocol: number | null;
}

const arbRedirectMatch: fc.Arbitrary<RedirectMatch> = fc.record({
  src: sometimes(fc.array(arbPrefix(), { minLength: 1, maxLength: 2 }), 2),
  dst: sometimes(fc.array(arbPrefix(), { minLength: 1, maxLength: 2 }), 1),
  dstPort: sometimes(arbPortRanges(), 1),
  protocol: sometimes(fc.constantFrom(6, 17, 1), 1),
});

function soundnessConfig(vwireRules: AppConfig['vwire']['rules'], sri: string, m: RedirectMatch): AppConfig {
  const template = { ...DEFAULT_CONFIG.hostedFirewall.templates[0]!, serviceRedirectInterfaces: SERVICE_REDIRECTS };
  const rule = ruleOf('under-test', {
    redirect: { hostedFirewall: 'PAN-Branch', serviceRedirectInterface: sri },
    match: matchOf(m),
    path: 'firewall.policies[0]',
  });
  return {
    ...DEFAULT_CONFIG,
    hostedFirewall: { ...DEFAULT_CONFIG.hostedFirewall, templates: [template] },
    firewall: { ...DEFAULT_CONFIG.firewall, templates: [], apply: [], policies: [rule] },
    vwire: { ...DEFAULT_CONFIG.vwire, subinterfaces: PROPERTY_SUBINTERFACES, rules: vwireRules },
  };
}

/** A first packet inside the redirect rule's match (or null when the draw falls outside it). */
function firstPacket(m: RedirectMatch, family: 4 | 6, src: Uint32Array, dst: Uint32Array, proto: number, sport: number, dport: number): Tuple | null {
  const t = newTuple();
  t.family = family;
  t.src.set(src);
  t.dst.set(dst);
  t.proto = m.protocol ?? proto;
  t.srcPort = sport;
  t.dstPort = hasPorts(t.proto) ? dport : sport;
  t.tcpFlags = t.proto === PROTO_TCP ? TCP_SYN : 0;
  if (m.dstPort !== null && !hasPorts(t.proto)) return null;
  if (!portInRanges(m.dstPort, t.dstPort)) return null;
  if (!anyPrefixContains(m.src, family, t.src) || !anyPrefixContains(m.dst, family, t.dst)) return null;
  return t;
}

describe('redirect-denied-by-firewall soundness', () => {
  it('when a redirect rule is reported, the firewall lets none of its first packets through', () => {
    let reported = 0;
    let byRules = 0;
    let checked = 0;
    fc.assert(
      fc.property(
        arbRulebase(),
        fc.constantFrom(...SERVICE_REDIRECTS),
        arbRedirectMatch,
        (rules, sri, m) => {
          const config = soundnessConfig(rules, sri.name, m);
          const findings = redirectDeniedFindings(config);
          expect(findings.length).toBeLessThanOrEqual(1);
          if (findings.length === 0) return;
          reported++;
          if (findings[0]!.firewallRules.length > 0) byRules++;
          const prefixes = [...(m.src ?? []), ...(m.dst ?? []), ...rules.flatMap((r) => [...(r.src ?? []), ...(r.dst ?? [])])];
          const port = fc.oneof(
            fc.integer({ min: 0, max: 65535 }),
            fc.constantFrom(...(m.dstPort ?? [{ lo: 443, hi: 443 }]).flatMap((r) => [r.lo, r.hi])),
          );
          const family = fc.constantFrom(4 as const, 6 as const);
          fc.assert(
            fc.property(
              family.chain((f) =>
                fc.tuple(fc.constant(f), arbAddressWords(f, prefixes), arbAddressWords(f, prefixes), fc.constantFrom(6, 17, 1, 47), port, port),
              ),
              ([f, src, dst, proto, sport, dport]) => {
                const t = firstPacket(m, f, src, dst, proto, sport, dport);
                if (t === null) return;
                checked++;
                const fw = new Firewall(config, { initialSessions: 4 });
                expect(fw.process(sri.interface, sri.vlan ?? -1, t, 60, 0)).not.toBe(FW_ALLOW);
              },
            ),
            { numRuns: 30 },
          );
        },
      ),
      { numRuns: 400 },
    );
    // The property must have had something to say.
    expect(reported).toBeGreaterThan(20);
    expect(byRules).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(100);
  });
});
