import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../policy/config/index.js';
import { BASE, HF, errorsOf, expectErrors, policy, type Case } from './expect-errors.js';

describe('the base of the error cases', () => {
  it('is valid', () => {
    expect(parseConfigText(BASE, 'config.yaml').config.interfaces[0]?.name).toBe('LAN-1');
    expect(parseConfigText(BASE + HF, 'config.yaml').config.hostedFirewall.templates[0]?.name).toBe('T');
  });
});

// Values: syntax, types, units, addresses, ports, words outside their sets.
const CASES: Case[] = [
  [
    'unknown key, close to a known one',
    'version: 1\nappliance:\n  «1»name: Branch-1\n  «2»managmentIp: 172.31.255.1\ninterfaces: []\nroutes: []\n',
    [
      '{1}: appliance.managementIp: missing (expected an IP address (like 192.0.2.10 or 2001:db8::1))',
      '{2}: appliance.managmentIp: unknown key (did you mean managementIp?)',
    ],
  ],
  [
    'unknown key, nothing close',
    `${BASE}global: { «1»matchType: symmetric }\n`,
    ['{1}: global.matchType: unknown key (known keys: connectionMatchType, office365Breakout)'],
  ],
  ['unknown key differing in case', `${BASE}«1»VWire: {}\n`, ['{1}: VWire: unknown key (did you mean vwire?)']],
  [
    'a key that is not a name',
    `${BASE}global: { «1»[a]: 1 }\n`,
    ['{1}: global: a key must be a plain name, not a list or map'],
  ],
  ['version missing', '«1»appliance: { name: B, managementIp: 10.0.0.1 }\ninterfaces: []\nroutes: []\n', ['{1}: version: missing (expected 1)']],
  [
    'version other than 1',
    BASE.replace('version: 1', 'version: «1»2'),
    ['{1}: version: 2 is not a supported version (this chainsim reads version 1)'],
  ],
  [
    'required sections missing',
    '«1»version: 1\nappliance: { name: B, managementIp: 10.0.0.1 }\n',
    ['{1}: interfaces: missing (expected a list of interfaces)', '{1}: routes: missing (expected a list of routes)'],
  ],
  [
    'empty value',
    'version: 1\nappliance:\n  «1»name:\n  managementIp: 172.31.255.1\ninterfaces: []\nroutes: []\n',
    ['{1}: appliance.name: empty (expected a name)'],
  ],
  [
    'a map expected',
    `${BASE}global: «1»yes\n`,
    ['{1}: global: "yes" is not a map (keys: connectionMatchType, office365Breakout)'],
  ],
  ['a list expected', `${BASE}zones: «1»Default_LAN_Zone\n`, ['{1}: zones: "Default_LAN_Zone" is not a list of zone names']],
  [
    'a word outside its set, with a hint',
    `${BASE}global: { connectionMatchType: «1»Symmetric }\n`,
    ['{1}: global.connectionMatchType: "Symmetric" is not a connection match type (symmetric, directional; did you mean symmetric?)'],
  ],
  ['a boolean expected', `${BASE}global: { office365Breakout: «1»"no" }\n`, ['{1}: global.office365Breakout: "no" is not true or false']],
  [
    'a port out of range (the SPEC example)',
    policy('{ name: r, action: allow, match: { dstPort: «1»70000 } }'),
    ['{1}: firewall.policies[0].match.dstPort: 70000 is not a port (0-65535)'],
  ],
  [
    'bad items in a port list',
    policy('{ name: r, action: allow, match: { srcPort: [80, «1»"90-80", «2»http, «3»"1-65536"] } }'),
    [
      '{1}: firewall.policies[0].match.srcPort[1]: "90-80" is not a port range: 90 is above 80',
      '{2}: firewall.policies[0].match.srcPort[2]: "http" is not a port (0-65535) or a port range (like "1000-2000")',
      '{3}: firewall.policies[0].match.srcPort[3]: "1-65536" is not a port range: 65536 is above 65535',
    ],
  ],
  [
    'an empty list in a match',
    policy('{ name: r, action: allow, match: { src: «1»[] } }'),
    ['{1}: firewall.policies[0].match.src: an empty list matches nothing (leave the key out to match any)'],
  ],
  [
    'protocols',
    policy('{ name: r, action: allow, match: { protocol: «1»gre } }') + '    - { name: s, action: allow, match: { protocol: «2»256 } }\n',
    [
      '{1}: firewall.policies[0].match.protocol: "gre" is not a protocol (tcp, udp, icmp, icmpv6, any or a number 0-255)',
      '{2}: firewall.policies[1].match.protocol: 256 is not a protocol (tcp, udp, icmp, icmpv6, any or a number 0-255)',
    ],
  ],
  [
    'DSCP',
    policy('{ name: r, action: allow, match: { dscp: «1»64 } }') + '    - { name: s, action: allow, match: { dscp: «2»AF11 } }\n',
    [
      '{1}: firewall.policies[0].match.dscp: 64 is not a DSCP (any, af11…af43, cs0…cs7, ef, va or a number 0-63)',
      '{2}: firewall.policies[1].match.dscp: "AF11" is not a DSCP (any, af11…af43, cs0…cs7, ef, va or a number 0-63; did you mean af11?)',
    ],
  ],
  [
    'service',
    policy('{ name: r, action: allow, match: { dstService: «1»internett } }'),
    [
      '{1}: firewall.policies[0].match.dstService: "internett" is not a service (any, local, virtual-path, internet, intranet, ip-host; did you mean internet?)',
    ],
  ],
  [
    'VLAN out of range',
    BASE.replace('zone: Default_LAN_Zone }', 'zone: Default_LAN_Zone, vlan: «1»4095 }'),
    ['{1}: interfaces[0].vlan: 4095 is not a VLAN id (0-4094)'],
  ],
  [
    'a prefix with host bits set',
    policy('{ name: r, action: allow, match: { src: «1»10.1.2.3/8 } }'),
    ['{1}: firewall.policies[0].match.src: "10.1.2.3/8" is not a prefix: host bits are set (did you mean 10.0.0.0/8?)'],
  ],
  [
    'a bad address',
    BASE.replace('managementIp: 172.31.255.1', 'managementIp: «1»300.1.1.1'),
    ['{1}: appliance.managementIp: "300.1.1.1" is not an IP address (like 192.0.2.10 or 2001:db8::1)'],
  ],
  [
    'an interface address without its length',
    BASE.replace('zone: Default_LAN_Zone }', 'zone: Default_LAN_Zone, addresses: [«1»172.16.0.1] }'),
    ['{1}: interfaces[0].addresses[0]: "172.16.0.1" is not an address with its prefix length (like 172.16.0.1/12)'],
  ],
  [
    'units',
    `${BASE}hostedFirewall: { ceiling: { rate: «1»100, burst: «2»1.5B, queue: «3»50mss, scope: «4»global } }\n`,
    [
      '{1}: hostedFirewall.ceiling.rate: 100 is not a rate: a unit is required (bps, kbps, Mbps or Gbps, like 100Mbps)',
      '{2}: hostedFirewall.ceiling.burst: "1.5B" is not a whole number of bytes',
      '{3}: hostedFirewall.ceiling.queue: "50mss" is not a duration (units: us, ms, s, m or h)',
      '{4}: hostedFirewall.ceiling.scope: "global" is not a ceiling scope (aggregate, per-direction)',
    ],
  ],
  [
    'a probe interval of zero',
    `${BASE}${HF}  instance: { template: T, image: img, probe: { address: 192.0.2.50, interval: «1»0s } }\n`,
    ['{1}: hostedFirewall.instance.probe.interval: "0s" is not a duration above 0'],
  ],
  [
    'timeouts are plain seconds',
    `${BASE}firewall: { timeouts: { tcpIdle: «1»10s, «2»udpIdel: 5, icmpIdle: «3»-1 } }\n`,
    [
      '{1}: firewall.timeouts.tcpIdle: "10s" is not a number of seconds (like 120)',
      '{2}: firewall.timeouts.udpIdel: unknown key (did you mean udpIdle?)',
      '{3}: firewall.timeouts.icmpIdle: -1 is not a number of seconds (like 120)',
    ],
  ],
  [
    'connection table size',
    `${BASE}firewall: { maxConnections: «1»0 }\n`,
    ['{1}: firewall.maxConnections: 0 is not a connection count (1-16777216)'],
  ],
  ['duplicate YAML keys', `${BASE}«1»version: 1\n`, ['{1}: invalid YAML: Map keys must be unique']],
  ['an empty file', '«1»', ['{1}: the config is empty (expected a map starting with version: 1)']],
  ['a file of comments', '«1»# nothing here\n\n', ['{1}: the config is empty (expected a map starting with version: 1)']],
  [
    'not a map at all',
    '«1»- version: 1\n',
    ['{1}: a list is not a map (keys: version, appliance, global, zones, interfaces, routes, applications, hostedFirewall, firewall, vwire)'],
  ],
];

describe('config errors name file, line, column, path and what was expected', () => {
  it.each(CASES)('%s', (_, source, expected) => {
    expectErrors(source, expected);
  });

  it('reports a YAML syntax error with its position', () => {
    const err = errorsOf(`${BASE}global: { connectionMatchType: symmetric\n`);
    expect(err.details.length).toBeGreaterThan(0);
    for (const d of err.details) expect(d).toMatch(/^config\.yaml:\d+:\d+: invalid YAML: \S/);
  });

  it('names the file as given', () => {
    const err = errorsOf('version: 3\n', 'sites/b1.yaml');
    expect(err.message).toBe('sites/b1.yaml: 4 errors');
    expect(err.details[0]).toBe('sites/b1.yaml:1:1: appliance: missing (expected a map (keys: name, model, managementIp, services, ha))');
  });
});
