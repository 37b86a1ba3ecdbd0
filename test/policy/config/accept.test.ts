import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../policy/config/index.js';

const BASE = `version: 1
appliance: { name: Branch-1, managementIp: 172.31.255.1 }
interfaces: [{ name: LAN-1, zone: Default_LAN_Zone }]
routes: [{ prefix: 0.0.0.0/0, via: LAN-1, service: internet }]
`;

const HF = `hostedFirewall:
  images: [img]
  templates:
    - { name: T, model: VM-50, serviceRedirectInterfaces: [{ name: s, interface: 1, vlan: 10 }] }
`;

describe('what is not an error', () => {
  it('accepts JSON, with tabs', () => {
    const json = JSON.stringify(
      {
        version: 1,
        appliance: { name: 'B', managementIp: '2001:db8::1' },
        interfaces: [{ name: 'LAN-1', zone: 'Default_LAN_Zone', addresses: ['2001:db8:1::1/48'] }],
        routes: [{ prefix: '::/0', via: 'LAN-1', service: 'internet' }],
      },
      null,
      '\t',
    );
    const c = parseConfigText(json, 'config.json').config;
    expect(c.routes[0]?.prefix.family).toBe(6);
    expect(c.interfaces[0]?.addresses[0]?.subnet.words).toEqual([0x20010db8, 0x00010000, 0, 0]);
  });

  it('fills the defaults of everything left out', () => {
    const c = parseConfigText(BASE, 'config.yaml').config;
    expect(c.global).toEqual({ connectionMatchType: 'directional', office365Breakout: false });
    expect(c.appliance.model).toBe('1100');
    expect(c.hostedFirewall).toEqual({
      images: [],
      templates: [],
      instance: null,
      ceiling: { rateBitsPerSecond: 1e8, burstBytes: 62500, queueSeconds: 0, scope: 'aggregate' },
    });
    expect(c.firewall).toMatchObject({ defaultAction: 'allow', maxConnections: 1048576, evictWhenFull: true });
    expect(c.firewall.timeouts.tcpInitial).toBe(120);
    expect(c.vwire).toEqual({ subinterfaces: [], rules: [], rejectNonSynTcp: true, processingLatencySeconds: 0 });
    expect(c.zones).toEqual(['Default_LAN_Zone', 'Internet_Zone', 'Untrusted_Internet_Zone']);
  });

  it('sets redirect on hosted-firewall rules, fills match defaults and keeps each rule\'s path', () => {
    const c = parseConfigText(
      `${BASE}${HF}firewall:\n  policies:\n    - { name: a, action: allow }\n    - { name: b, type: hosted-firewall, hostedFirewall: T, serviceRedirectInterface: s, match: { dst: [10.0.0.0/8, 2001:db8::/32], dscp: af41, protocol: any, dstPort: "1000-2000" } }\n`,
      'config.yaml',
    ).config;
    const [a, b] = c.firewall.policies;
    expect(a).toMatchObject({ type: 'standard', action: 'allow', reverseAlso: false, log: false, path: 'firewall.policies[0]' });
    expect(a?.match.allowFragments).toBe(true);
    expect(b).toMatchObject({ type: 'hosted-firewall', action: 'redirect', path: 'firewall.policies[1]' });
    expect(b?.match.dscp).toBe(34);
    expect(b?.match.protocol).toBeNull();
    expect(b?.match.dstPort).toEqual([{ lo: 1000, hi: 2000 }]);
    expect(b?.match.dst?.map((p) => [p.family, p.length])).toEqual([
      [4, 8],
      [6, 32],
    ]);
  });

  it('allows the Office 365 breakout without an Office365 application (the appliance ships one)', () => {
    expect(parseConfigText(`${BASE}global: { office365Breakout: true }\n`, 'config.yaml').config.global.office365Breakout).toBe(true);
  });

  it('allows an instance that is not provisioned beside Cloud Direct', () => {
    const text = `${BASE.replace('managementIp: 172.31.255.1', 'managementIp: 172.31.255.1, services: { cloudDirect: true }')}${HF}  instance: { template: T, image: img, state: not-provisioned }\n`;
    expect(parseConfigText(text, 'config.yaml').config.hostedFirewall.instance?.state).toBe('not-provisioned');
  });

  it('reads management servers as an address or a host name, and the instance\'s defaults', () => {
    const text = `${BASE}hostedFirewall:
  images: [img]
  templates: [{ name: T, model: VM-50, managementServers: { primary: Panorama.Example.com, secondary: "2001:db8::10" } }]
  instance: { template: T, image: img, probe: { address: 192.0.2.50 } }
`;
    const hf = parseConfigText(text, 'config.yaml').config.hostedFirewall;
    expect(hf.templates[0]?.managementServers.primary).toEqual({ kind: 'fqdn', name: 'panorama.example.com', text: 'Panorama.Example.com' });
    expect(hf.templates[0]?.managementServers.secondary?.kind).toBe('ip');
    expect(hf.templates[0]?.vendor).toBe('palo-alto-networks');
    expect(hf.templates[0]?.deploymentMode).toBe('virtual-wire');
    expect(hf.instance).toMatchObject({ state: 'up', sites: ['Branch-1'], authKey: null, authCode: null });
    expect(hf.instance?.probe?.intervalSeconds).toBe(1);
  });

  it('follows YAML anchors and aliases', () => {
    const text = `${BASE}${HF}firewall:\n  policies:\n    - { name: a, action: allow, match: &m { dstPort: [80, 443] } }\n    - { name: b, action: drop, match: *m }\n`;
    expect(parseConfigText(text, 'config.yaml').config.firewall.policies[1]?.match.dstPort).toEqual([
      { lo: 80, hi: 80 },
      { lo: 443, hi: 443 },
    ]);
  });
});
