// Every finding code on a small config written as users write them (the default config with one
// section changed), with its exact message, path and rule; and the shipped fixtures.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../policy/index.js';
import { policyFindings, type Finding } from '../../../policy/analysis/index.js';
import { repoRoot } from '../../support/env.js';
import { configWith, firewallSection } from './helpers.js';

const OUTBOUND =
  '{ name: redirect-outbound, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: LAN-side, match: { fromZone: Default_LAN_Zone } }';
const INBOUND =
  '{ name: redirect-inbound, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: WAN-side, match: { fromZone: Untrusted_Internet_Zone } }';

const TEMPLATE = `    - name: PAN-Branch
      vendor: palo-alto-networks
      model: VM-100
      managementServers: { primary: 192.0.2.10, secondary: 192.0.2.11 }
      serviceRedirectInterfaces:
        - { name: LAN-side, interface: 1, vlan: 100 }
        - { name: WAN-side, interface: 2, vlan: 100 }`;

function hostedFirewall(opts: { templates?: string; instance?: string | null }): string {
  const instance = opts.instance === undefined ? '{ template: PAN-Branch, image: PA-VM-10.1.qcow2, state: up }' : opts.instance;
  return `hostedFirewall:
  images: [PA-VM-10.1.qcow2]
  templates:
${opts.templates ?? TEMPLATE}${instance === null ? '' : `\n  instance: ${instance}`}`;
}

function findingsOf(sections: Record<string, string>): Finding[] {
  return policyFindings(configWith(sections));
}

function site(...rules: string[]): Record<string, string> {
  return { firewall: firewallSection({ site: rules }) };
}

describe('unreachable-rule', () => {
  it('names one covering rule of an earlier tier', () => {
    const findings = findingsOf({
      firewall: firewallSection({
        pre: ['{ name: block-lan, action: drop, match: { fromZone: Default_LAN_Zone } }'],
        site: ['{ name: lan-web, action: allow, match: { fromZone: Default_LAN_Zone, protocol: tcp, dstPort: 443 } }'],
      }),
    });
    expect(findings).toEqual([
      {
        code: 'unreachable-rule',
        severity: 'warning',
        rule: { group: 'site', template: null, name: 'lan-web' },
        message:
          'rule "lan-web" (site) can never match: blocked by "block-lan" (pre-appliance, template T), which matches every packet it would; delete it or narrow "block-lan"',
        path: 'firewall.policies[0]',
        blockedBy: [{ group: 'pre-appliance', template: 'T', name: 'block-lan' }],
      },
    ]);
  });

  it('names several rules that cover it only together (10.0.0.0/9 and 10.128.0.0/9 cover 10.0.0.0/8)', () => {
    const findings = findingsOf(
      site(
        '{ name: low, action: drop, match: { dst: 10.0.0.0/9 } }',
        '{ name: other, action: drop, match: { dst: 192.168.0.0/16 } }',
        '{ name: high, action: allow, match: { dst: 10.128.0.0/9 } }',
        '{ name: ten, action: drop, match: { dst: 10.0.0.0/8 } }',
      ),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: { group: 'site', template: null, name: 'ten' },
      message:
        'rule "ten" (site) can never match: blocked by "low" (site) and "high" (site) together, which match every packet it would; delete it or move it above them',
      path: 'firewall.policies[3]',
      blockedBy: [
        { group: 'site', template: null, name: 'low' },
        { group: 'site', template: null, name: 'high' },
      ],
    });
  });

  it('covers port ranges by their union, and only for the protocols that have ports', () => {
    const rules = [
      '{ name: low-ports, action: drop, match: { protocol: tcp, dstPort: 0-1023 } }',
      '{ name: high-ports, action: drop, match: { dstPort: [1024-8000, 8001-65535] } }',
    ];
    const tcp = findingsOf(site(...rules, '{ name: all-tcp, action: allow, match: { protocol: tcp } }'));
    expect(tcp.map((f) => f.message)).toEqual([
      'rule "all-tcp" (site) can never match: blocked by "low-ports" (site) and "high-ports" (site) together, which match every packet it would; delete it or move it above them',
    ]);
    // UDP below 1024 gets through (low-ports is TCP only); so does every ICMP packet.
    expect(findingsOf(site(...rules, '{ name: all-udp, action: allow, match: { protocol: udp } }'))).toEqual([]);
    expect(findingsOf(site(...rules, '{ name: anything, action: allow }'))).toEqual([]);
  });

  it('names the appliance\'s own auto rule, which cannot be narrowed', () => {
    const findings = findingsOf(site('{ name: to-panorama, action: drop, match: { dst: 192.0.2.10 } }'));
    expect(findings.map((f) => f.message)).toEqual([
      'rule "to-panorama" (site) can never match: blocked by "allow-to-management-servers" (auto, template PAN-Branch), which matches every packet it would; delete it',
    ]);
  });

  it('lets count-and-continue rules block nothing', () => {
    const findings = findingsOf(
      site('{ name: count-all, action: count-and-continue }', '{ name: drop-udp, action: drop, match: { protocol: udp } }'),
    );
    expect(findings).toEqual([]);
  });

  it('reports a count-and-continue rule that nothing reaches', () => {
    const findings = findingsOf(site('{ name: drop-all, action: drop }', '{ name: count-web, action: count-and-continue, match: { dstPort: 443 } }'));
    expect(findings.map((f) => f.message)).toEqual([
      'rule "count-web" (site) can never match: blocked by "drop-all" (site), which matches every packet it would; delete it or move it above "drop-all"',
    ]);
  });

  it('reports a match no packet fits, with the reason', () => {
    const findings = findingsOf(
      site(
        '{ name: ping-web, action: allow, match: { protocol: icmp, dstPort: 80 } }',
        '{ name: four-to-six, action: allow, match: { src: 10.0.0.0/8, dst: "2001:db8::/32" } }',
      ),
    );
    expect(findings).toEqual([
      {
        code: 'unreachable-rule',
        severity: 'warning',
        rule: { group: 'site', template: null, name: 'ping-web' },
        message:
          'rule "ping-web" (site) can never match: no packet fits its match (it names ports but protocol icmp, and ports hold only for TCP and UDP); fix its match or delete it',
        path: 'firewall.policies[0].match',
        blockedBy: [],
      },
      {
        code: 'unreachable-rule',
        severity: 'warning',
        rule: { group: 'site', template: null, name: 'four-to-six' },
        message:
          'rule "four-to-six" (site) can never match: no packet fits its match (its source and destination prefixes are of different address families); fix its match or delete it',
        path: 'firewall.policies[1].match',
        blockedBy: [],
      },
    ]);
  });

  it('reports an application none of whose entries fits the rest of the match', () => {
    const findings = findingsOf({
      applications: 'applications:\n  - { name: Web, match: [{ dst: 52.96.0.0/14, dstPort: 443, protocol: tcp }] }',
      ...site('{ name: web-udp, action: drop, match: { application: Web, protocol: udp } }'),
    });
    expect(findings.map((f) => f.message)).toEqual([
      'rule "web-udp" (site) can never match: no packet fits its match (no entry of application "Web" fits the rest of its match); fix its match or delete it',
    ]);
  });

  it('tells a reverseAlso that adds nothing from a blocked rule', () => {
    const findings = findingsOf(site('{ name: tcp-any, action: allow, reverseAlso: true, match: { protocol: tcp } }'));
    expect(findings).toEqual([
      {
        code: 'unreachable-rule',
        severity: 'warning',
        rule: { group: 'site', template: null, name: 'tcp-any (reverse)' },
        message:
          'rule "tcp-any (reverse)" (site) can never match: blocked by "tcp-any" (site), the rule it mirrors, which already matches every packet it would; remove reverseAlso',
        path: 'firewall.policies[0].reverseAlso',
        blockedBy: [{ group: 'site', template: null, name: 'tcp-any' }],
      },
    ]);
  });

  it('does not report a rule that only part of the earlier rules cover', () => {
    const findings = findingsOf(
      site('{ name: low, action: drop, match: { dst: 10.0.0.0/9 } }', '{ name: ten, action: drop, match: { dst: 10.0.0.0/8 } }'),
    );
    expect(findings).toEqual([]);
  });
});

describe('redirect findings', () => {
  it('redirect-directional: every redirect rule under directional matching', () => {
    const findings = findingsOf({ global: 'global: { connectionMatchType: directional }' });
    const message = (name: string) =>
      `rule "${name}" (pre-appliance, template Redirect-All) redirects to the hosted firewall while global.connectionMatchType is directional: ` +
      `each direction is classified on its own, so replies bypass the firewall or enter it on their own rule's interface, and a stateful firewall sees half connections; ` +
      'set global.connectionMatchType: symmetric';
    expect(findings).toEqual([
      {
        code: 'redirect-directional',
        severity: 'warning',
        rule: { group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-outbound' },
        message: message('redirect-outbound'),
        path: 'firewall.templates[0].preAppliance[0]',
      },
      {
        code: 'redirect-directional',
        severity: 'warning',
        rule: { group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-inbound' },
        message: message('redirect-inbound'),
        path: 'firewall.templates[0].preAppliance[1]',
      },
    ]);
  });

  it('redirect-without-instance: no instance at all', () => {
    const findings = findingsOf({ hostedFirewall: hostedFirewall({ instance: null }), firewall: firewallSection({ pre: [OUTBOUND] }) });
    expect(findings).toEqual([
      {
        code: 'redirect-without-instance',
        severity: 'error',
        rule: { group: 'pre-appliance', template: 'T', name: 'redirect-outbound' },
        message:
          'rule "redirect-outbound" (pre-appliance, template T) redirects to hosted firewall template "PAN-Branch", but no hosted firewall instance is provisioned (hostedFirewall.instance): ' +
          'every packet it redirects is dropped vm-down; provision the instance before enabling redirection',
        path: 'firewall.templates[0].preAppliance[0]',
      },
    ]);
  });

  it('redirect-without-instance: an instance in state not-provisioned', () => {
    const findings = findingsOf({
      hostedFirewall: hostedFirewall({ instance: '{ template: PAN-Branch, image: PA-VM-10.1.qcow2, state: not-provisioned }' }),
      firewall: firewallSection({ site: [INBOUND] }),
    });
    expect(findings.map((f) => [f.code, f.rule?.name, f.message])).toEqual([
      [
        'redirect-without-instance',
        'redirect-inbound',
        'rule "redirect-inbound" (site) redirects to hosted firewall template "PAN-Branch", but the hosted firewall instance is not provisioned (hostedFirewall.instance.state: not-provisioned): ' +
          'every packet it redirects is dropped vm-down; provision the instance before enabling redirection',
      ],
    ]);
  });

  it('redirect-without-instance: the instance runs another template', () => {
    const other = TEMPLATE.replace('name: PAN-Branch', 'name: PAN-Other').replace('192.0.2.10, secondary: 192.0.2.11', '192.0.2.20, secondary: 192.0.2.21');
    const findings = findingsOf({
      hostedFirewall: hostedFirewall({ templates: `${TEMPLATE}\n${other}`, instance: '{ template: PAN-Other, image: PA-VM-10.1.qcow2, state: up }' }),
      firewall: firewallSection({ pre: [OUTBOUND] }),
    });
    expect(findings.map((f) => f.message)).toEqual([
      'rule "redirect-outbound" (pre-appliance, template T) redirects to hosted firewall template "PAN-Branch", but the instance runs template "PAN-Other" (hostedFirewall.instance.template): ' +
        'every packet it redirects is dropped vm-down; redirect to template "PAN-Other" or provision "PAN-Branch"',
    ]);
  });

  it('says nothing of an instance that is provisioned but down (that is a state, not a config slip)', () => {
    const findings = findingsOf({
      hostedFirewall: hostedFirewall({ instance: '{ template: PAN-Branch, image: PA-VM-10.1.qcow2, state: down }' }),
    });
    expect(findings).toEqual([]);
  });

  it('redirect-vlan-no-subinterface: a VLAN missing on one side', () => {
    const findings = findingsOf({ vwire: 'vwire:\n  subinterfaces:\n    - { interface: 1, vlan: 100, zone: trust }\n  rules: []' });
    const message = (name: string, sri: string, iface: number) =>
      `rule "${name}" (pre-appliance, template Redirect-All) redirects on service redirection interface "${sri}" (Interface-${iface}, VLAN 100), ` +
      'but the hosted firewall has no sub-interface for VLAN 100 on Interface-2: every packet it redirects is dropped fw-vlan-not-allowed; ' +
      'add { interface: 2, vlan: 100, zone: … } to vwire.subinterfaces';
    expect(findings).toEqual([
      {
        code: 'redirect-vlan-no-subinterface',
        severity: 'error',
        rule: { group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-outbound' },
        message: message('redirect-outbound', 'LAN-side', 1),
        path: 'firewall.templates[0].preAppliance[0]',
      },
      {
        code: 'redirect-vlan-no-subinterface',
        severity: 'error',
        rule: { group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-inbound' },
        message: message('redirect-inbound', 'WAN-side', 2),
        path: 'firewall.templates[0].preAppliance[1]',
      },
    ]);
  });

  it('redirect-vlan-no-subinterface: an untagged service redirection interface needs untagged sub-interfaces', () => {
    const untagged = TEMPLATE.replace('{ name: LAN-side, interface: 1, vlan: 100 }', '{ name: LAN-side, interface: 1 }');
    const findings = findingsOf({ hostedFirewall: hostedFirewall({ templates: untagged }), firewall: firewallSection({ pre: [OUTBOUND] }) });
    expect(findings.map((f) => f.message)).toEqual([
      'rule "redirect-outbound" (pre-appliance, template T) redirects on service redirection interface "LAN-side" (Interface-1, untagged), ' +
        'but the hosted firewall has no sub-interface for untagged frames on Interface-1 and Interface-2: every packet it redirects is dropped fw-vlan-not-allowed; ' +
        'add { interface: 1, zone: … } and { interface: 2, zone: … } to vwire.subinterfaces',
    ]);
    const wired = findingsOf({
      hostedFirewall: hostedFirewall({ templates: untagged }),
      firewall: firewallSection({ pre: [OUTBOUND] }),
      vwire: 'vwire:\n  subinterfaces:\n    - { interface: 1, zone: trust }\n    - { interface: 2, zone: untrust }\n  rules: []',
    });
    expect(wired).toEqual([]);
  });

  it('reports once per config rule, not again for the mirror of a reverseAlso rule', () => {
    const findings = findingsOf({
      global: 'global: { connectionMatchType: directional }',
      firewall: firewallSection({ site: [OUTBOUND.replace('match:', 'reverseAlso: true, match:')] }),
    });
    expect(findings.map((f) => [f.code, f.rule?.name])).toEqual([['redirect-directional', 'redirect-outbound']]);
  });
});

describe('hosted firewall findings', () => {
  it('management-server-fqdn: a Panorama server given by name', () => {
    const fqdn = TEMPLATE.replace('primary: 192.0.2.10', 'primary: panorama.example.com');
    const findings = findingsOf({ hostedFirewall: hostedFirewall({ templates: fqdn }) });
    expect(findings).toEqual([
      {
        code: 'management-server-fqdn',
        severity: 'warning',
        rule: null,
        message:
          'hosted firewall template "PAN-Branch": the primary management server "panorama.example.com" is an FQDN, which the auto rules ' +
          'allow-to-management-servers and allow-from-management-servers cannot match (the policy resolves no names), ' +
          "so the firewall's management traffic falls to the other policies and may be redirected; give its IP address",
        path: 'hostedFirewall.templates[0].managementServers.primary',
      },
    ]);
  });

  it('ha-without-both-sites: HA with the one default site, and not with two', () => {
    const ha = 'appliance:\n  name: Branch-1\n  model: "1100"\n  managementIp: 172.31.255.1\n  ha: { enabled: true }';
    expect(findingsOf({ appliance: ha })).toEqual([
      {
        code: 'ha-without-both-sites',
        severity: 'warning',
        rule: null,
        message:
          'HA is enabled (appliance.ha.enabled), but hostedFirewall.instance.sites names only "Branch-1": ' +
          'the hosted firewall of an HA pair is provisioned on both its primary and its secondary site; list both sites',
        path: 'hostedFirewall.instance.sites',
      },
    ]);
    const pair = hostedFirewall({ instance: '{ template: PAN-Branch, image: PA-VM-10.1.qcow2, state: up, sites: [Branch-1, Branch-2] }' });
    expect(findingsOf({ appliance: ha, hostedFirewall: pair })).toEqual([]);
  });
});

describe('the shipped configs', () => {
  const dir = path.join(repoRoot, 'fixtures/configs');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

  it.each(files.filter((f) => f !== 'directional.yaml'))('%s has no findings', (file) => {
    expect(policyFindings(loadConfig(path.join(dir, file)).config)).toEqual([]);
  });

  it('directional.yaml reports its two redirect rules, and nothing else', () => {
    const findings = policyFindings(loadConfig(path.join(dir, 'directional.yaml')).config);
    expect(findings.map((f) => [f.code, f.rule?.name])).toEqual([
      ['redirect-directional', 'redirect-outbound'],
      ['redirect-directional', 'redirect-inbound'],
    ]);
  });
});
