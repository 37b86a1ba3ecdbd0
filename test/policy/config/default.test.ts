import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG_PATH,
  loadConfig,
  loadDefaultConfig,
} from '../../../policy/config/index.js';
import type { AppConfig, PolicyRule, Prefix, RuleMatch } from '../../../policy/config/types.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const configs = path.join(repoRoot, 'fixtures/configs');

const v4 = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const p4 = (text: string, words0: number, length: number): Prefix => ({ family: 4, words: [words0, 0, 0, 0], length, text });

const ANY: RuleMatch = {
  fromZone: null,
  toZone: null,
  src: null,
  dst: null,
  srcPort: null,
  dstPort: null,
  protocol: null,
  application: null,
  dscp: null,
  srcService: null,
  dstService: null,
  vlan: null,
  allowFragments: true,
};

function redirect(i: number, name: string, sri: string, fromZone: string): PolicyRule {
  return {
    name,
    type: 'hosted-firewall',
    action: 'redirect',
    hostedFirewall: 'PAN-Branch',
    serviceRedirectInterface: sri,
    match: { ...ANY, fromZone },
    reverseAlso: false,
    log: false,
    path: `firewall.templates[0].preAppliance[${i}]`,
  };
}

/** SPEC.md's embedded default config, written out by hand. */
const EXPECTED: AppConfig = {
  version: 1,
  appliance: {
    name: 'Branch-1',
    model: '1100',
    managementIp: p4('172.31.255.1', v4(172, 31, 255, 1), 32),
    services: { cloudDirect: false, wanop: false },
    ha: { enabled: false },
  },
  global: { connectionMatchType: 'symmetric', office365Breakout: false },
  zones: ['Default_LAN_Zone', 'Untrusted_Internet_Zone', 'Internet_Zone'],
  interfaces: [
    {
      name: 'LAN-1',
      vlan: null,
      zone: 'Default_LAN_Zone',
      addresses: [
        {
          address: p4('172.16.0.1/12', v4(172, 16, 0, 1), 32),
          subnet: p4('172.16.0.1/12', v4(172, 16, 0, 0), 12),
          text: '172.16.0.1/12',
        },
      ],
    },
    {
      name: 'WAN-1',
      vlan: null,
      zone: 'Untrusted_Internet_Zone',
      addresses: [
        {
          address: p4('203.0.113.2/30', v4(203, 0, 113, 2), 32),
          subnet: p4('203.0.113.2/30', v4(203, 0, 113, 0), 30),
          text: '203.0.113.2/30',
        },
      ],
    },
  ],
  routes: [
    { prefix: p4('10.0.0.0/8', v4(10, 0, 0, 0), 8), via: 'LAN-1', service: 'local' },
    { prefix: p4('172.16.0.0/12', v4(172, 16, 0, 0), 12), via: 'LAN-1', service: 'local' },
    { prefix: p4('192.168.0.0/16', v4(192, 168, 0, 0), 16), via: 'LAN-1', service: 'local' },
    {
      prefix: { family: 6, words: [0x20010db8, 0x00010000, 0, 0], length: 48, text: '2001:db8:1::/48' },
      via: 'LAN-1',
      service: 'local',
    },
    { prefix: p4('0.0.0.0/0', 0, 0), via: 'WAN-1', service: 'internet' },
    { prefix: { family: 6, words: [0, 0, 0, 0], length: 0, text: '::/0' }, via: 'WAN-1', service: 'internet' },
  ],
  applications: [],
  hostedFirewall: {
    images: ['PA-VM-10.1.qcow2'],
    templates: [
      {
        name: 'PAN-Branch',
        vendor: 'palo-alto-networks',
        deploymentMode: 'virtual-wire',
        model: 'VM-100',
        managementServers: {
          primary: { kind: 'ip', address: p4('192.0.2.10', v4(192, 0, 2, 10), 32), text: '192.0.2.10' },
          secondary: { kind: 'ip', address: p4('192.0.2.11', v4(192, 0, 2, 11), 32), text: '192.0.2.11' },
        },
        serviceRedirectInterfaces: [
          { name: 'LAN-side', interface: 1, vlan: 100 },
          { name: 'WAN-side', interface: 2, vlan: 100 },
        ],
      },
    ],
    instance: {
      template: 'PAN-Branch',
      image: 'PA-VM-10.1.qcow2',
      state: 'up',
      sites: ['Branch-1'],
      authKey: null,
      authCode: null,
      probe: { address: p4('192.0.2.50', v4(192, 0, 2, 50), 32), intervalSeconds: 1 },
    },
    ceiling: { rateBitsPerSecond: 1e8, burstBytes: 62500, queueSeconds: 0, scope: 'aggregate' },
  },
  firewall: {
    templates: [
      {
        name: 'Redirect-All',
        preAppliance: [
          redirect(0, 'redirect-outbound', 'LAN-side', 'Default_LAN_Zone'),
          redirect(1, 'redirect-inbound', 'WAN-side', 'Untrusted_Internet_Zone'),
        ],
        postAppliance: [],
      },
    ],
    apply: ['Redirect-All'],
    policies: [],
    defaultAction: 'allow',
    maxConnections: 1048576,
    evictWhenFull: true,
    timeouts: {
      tcpInitial: 120,
      tcpIdle: 7440,
      tcpClosing: 10,
      tcpTimeWait: 5,
      tcpClosed: 10,
      udpInitial: 30,
      udpIdle: 300,
      icmpIdle: 60,
      genericIdle: 300,
    },
  },
  vwire: {
    subinterfaces: [
      { interface: 1, vlan: 100, zone: 'trust' },
      { interface: 2, vlan: 100, zone: 'untrust' },
    ],
    rules: [
      {
        name: 'allow-out',
        from: 'trust',
        to: 'untrust',
        src: null,
        dst: null,
        srcPort: null,
        dstPort: null,
        protocol: null,
        action: 'allow',
        path: 'vwire.rules[0]',
      },
      {
        name: 'allow-in-https',
        from: 'untrust',
        to: 'trust',
        src: null,
        dst: [p4('172.16.0.0/12', v4(172, 16, 0, 0), 12)],
        srcPort: null,
        dstPort: [{ lo: 443, hi: 443 }],
        protocol: 6,
        action: 'allow',
        path: 'vwire.rules[1]',
      },
    ],
    rejectNonSynTcp: true,
    processingLatencySeconds: 0,
  },
};

describe('the embedded default config', () => {
  it('lives in fixtures/configs/default.yaml beside package.json', () => {
    expect(DEFAULT_CONFIG_PATH).toBe(path.join(configs, 'default.yaml'));
  });

  it('means exactly SPEC.md\'s default', () => {
    const { config } = loadDefaultConfig();
    expect(config).toStrictEqual(EXPECTED);
  });

  it('has the decisive values', () => {
    const { config } = loadDefaultConfig();
    expect(config.routes.map((r) => [r.prefix.text, r.via, r.service])).toEqual([
      ['10.0.0.0/8', 'LAN-1', 'local'],
      ['172.16.0.0/12', 'LAN-1', 'local'],
      ['192.168.0.0/16', 'LAN-1', 'local'],
      ['2001:db8:1::/48', 'LAN-1', 'local'],
      ['0.0.0.0/0', 'WAN-1', 'internet'],
      ['::/0', 'WAN-1', 'internet'],
    ]);
    const rules = config.firewall.templates[0]!.preAppliance;
    expect(rules.map((r) => [r.name, r.action, r.serviceRedirectInterface])).toEqual([
      ['redirect-outbound', 'redirect', 'LAN-side'],
      ['redirect-inbound', 'redirect', 'WAN-side'],
    ]);
    const sris = config.hostedFirewall.templates[0]!.serviceRedirectInterfaces;
    expect(sris.find((s) => s.name === 'LAN-side')?.interface).toBe(1);
    expect(sris.find((s) => s.name === 'WAN-side')?.interface).toBe(2);
    expect(config.hostedFirewall.ceiling.rateBitsPerSecond).toBe(100_000_000);
    expect(config.hostedFirewall.ceiling.burstBytes).toBe(62_500);
    expect(config.hostedFirewall.ceiling.queueSeconds).toBe(0);
    expect(config.firewall.timeouts.tcpIdle).toBe(7440);
  });

  it('locates paths where they are written', () => {
    const loaded = loadDefaultConfig();
    const file = DEFAULT_CONFIG_PATH;
    // Lines and columns read off fixtures/configs/default.yaml.
    expect(loaded.locate('appliance')).toEqual({ file, line: 10, column: 1 });
    expect(loaded.locate('appliance.managementIp')).toEqual({ file, line: 13, column: 17 });
    expect(loaded.locate('firewall.templates[0].preAppliance[1]')).toEqual({ file, line: 52, column: 11 });
    expect(loaded.locate('firewall.templates[0].preAppliance[1].match.fromZone')).toEqual({ file, line: 53, column: 68 });
    // Not written: the nearest written ancestor.
    expect(loaded.locate('hostedFirewall.instance.authKey')).toEqual({ file, line: 39, column: 3 });
    expect(loaded.locate('firewall.policies[4].match')).toEqual({ file, line: 56, column: 3 });
    expect(loaded.locate('nowhere.at.all')).toBeNull();
    expect(loaded.locate('bad..path')).toBeNull();
  });
});

describe('every fixture config', () => {
  const files = readdirSync(configs).filter((f) => /\.(ya?ml|json)$/.test(f));

  it('includes the use cases', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'default.yaml',
        'usecase1-redirect-all.yaml',
        'usecase2-internet-only.yaml',
        'usecase3-o365-breakout.yaml',
        'directional.yaml',
        'vm-down.yaml',
        'ceiling-shape.yaml',
      ]),
    );
  });

  it.each(files)('%s loads', (file) => {
    expect(loadConfig(path.join(configs, file)).config.version).toBe(1);
  });

  const load = (f: string): AppConfig => loadConfig(path.join(configs, f)).config;

  it('usecase1 means the default', () => {
    expect(load('usecase1-redirect-all.yaml')).toStrictEqual(EXPECTED);
  });

  it('usecase2 redirects internet traffic only; the data centre is a virtual-path route', () => {
    const c = load('usecase2-internet-only.yaml');
    const dc = c.routes.find((r) => r.prefix.text === '10.0.0.0/8');
    expect(dc?.service).toBe('virtual-path');
    const rules = c.firewall.templates.flatMap((t) => t.preAppliance);
    expect(rules.every((r) => r.action === 'redirect')).toBe(true);
    expect(rules.map((r) => [r.match.srcService, r.match.dstService])).toEqual([
      [null, 'internet'],
      ['internet', null],
    ]);
  });

  it('usecase3 breaks out Office 365 on ports 80 and 443', () => {
    const c = load('usecase3-o365-breakout.yaml');
    expect(c.global.office365Breakout).toBe(true);
    const o365 = c.applications.find((a) => a.name === 'Office365');
    expect(o365?.match.map((e) => e.dst?.map((p) => p.text))).toEqual([['52.96.0.0/14'], ['40.96.0.0/13']]);
    expect(o365?.match[0]?.dstPort).toEqual([
      { lo: 80, hi: 80 },
      { lo: 443, hi: 443 },
    ]);
  });

  it('directional, vm-down and ceiling-shape change one thing each', () => {
    expect(load('directional.yaml')).toStrictEqual({
      ...EXPECTED,
      global: { ...EXPECTED.global, connectionMatchType: 'directional' },
    });
    expect(load('vm-down.yaml').hostedFirewall.instance?.state).toBe('down');
    expect(load('ceiling-shape.yaml').hostedFirewall.ceiling).toEqual({
      ...EXPECTED.hostedFirewall.ceiling,
      queueSeconds: 0.05,
    });
  });
});
