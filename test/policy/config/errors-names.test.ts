import { describe, expect, it } from 'vitest';
import { BASE, HF, expectErrors, type Case } from './expect-errors.js';

// Names and cross-references: unknown, duplicate, and the appliance-level rules.
const CASES: Case[] = [
  [
    'unknown zones',
    BASE.replace('zone: Default_LAN_Zone', 'zone: «1»Default_Lan_Zone') +
      'firewall:\n  policies:\n    - { name: r, action: allow, match: { toZone: «2»Guest } }\n',
    [
      '{1}: interfaces[0].zone: unknown zone "Default_Lan_Zone" (did you mean Default_LAN_Zone?)',
      '{2}: firewall.policies[0].match.toZone: unknown zone "Guest" (defined: Default_LAN_Zone, Internet_Zone, Untrusted_Internet_Zone)',
    ],
  ],
  [
    'a route via an unknown interface',
    BASE.replace('via: LAN-1', 'via: «1»LAN-2'),
    ['{1}: routes[0].via: unknown interface "LAN-2" (did you mean LAN-1?)'],
  ],
  [
    'apply names an unknown template, or one twice',
    `${BASE}firewall: { templates: [{ name: Redirect-All }], apply: [«1»Redirect-Al, Redirect-All, «2»Redirect-All] }\n`,
    [
      '{1}: firewall.apply[0]: unknown firewall policy template "Redirect-Al" (did you mean Redirect-All?)',
      '{2}: firewall.apply[2]: duplicate applied template "Redirect-All" (first at firewall.apply[1])',
    ],
  ],
  [
    'hosted firewall template and service redirection interface names',
    `${BASE}hostedFirewall:
  templates:
    - { name: A, model: VM-50, serviceRedirectInterfaces: [{ name: a-side, interface: 1 }] }
    - { name: B, model: VM-50, serviceRedirectInterfaces: [{ name: b-side, interface: 1 }] }
firewall:
  policies:
    - { name: r1, type: hosted-firewall, hostedFirewall: A, serviceRedirectInterface: «1»b-side }
    - { name: r2, type: hosted-firewall, hostedFirewall: «2»C, serviceRedirectInterface: a-side }
    - «3»{ name: r3, type: hosted-firewall }
`,
    [
      '{1}: firewall.policies[0].serviceRedirectInterface: unknown service redirection interface "b-side" in hosted firewall template A (did you mean a-side?)',
      '{2}: firewall.policies[1].hostedFirewall: unknown hosted firewall template "C" (defined: A, B)',
      '{3}: firewall.policies[2].hostedFirewall: missing (expected a hosted firewall template name)',
      '{3}: firewall.policies[2].serviceRedirectInterface: missing (expected a service redirection interface name)',
    ],
  ],
  [
    'unknown application',
    `${BASE}applications: [{ name: Office365, match: [{ dst: 52.96.0.0/14 }] }]\n` +
      'firewall:\n  policies:\n    - { name: r, action: allow, match: { application: «1»Office356 } }\n',
    ['{1}: firewall.policies[0].match.application: unknown application "Office356" (did you mean Office365?)'],
  ],
  [
    'an application without entries',
    `${BASE}applications: [«1»{ name: A }]\n`,
    ['{1}: applications[0].match: missing (expected a list of match entries)'],
  ],
  [
    'images: more than two, and the instance\'s template and image',
    `${BASE}hostedFirewall:
  «1»images: [a.qcow2, b.qcow2, c.qcow2]
  templates: [{ name: PAN, model: VM-100 }]
  instance: { template: «2»PAM, image: «3»PA-VM-9.qcow2 }
`,
    [
      '{1}: hostedFirewall.images: at most two images can be stored on the appliance (3 listed)',
      '{2}: hostedFirewall.instance.template: unknown hosted firewall template "PAM" (did you mean PAN?)',
      '{3}: hostedFirewall.instance.image: unknown image "PA-VM-9.qcow2" (defined: a.qcow2, b.qcow2, c.qcow2)',
    ],
  ],
  [
    'a hosted firewall beside Cloud Direct and WANOP',
    `${BASE.replace('managementIp: 172.31.255.1', 'managementIp: 172.31.255.1, services: { cloudDirect: true, wanop: true }')}${HF}  «1»instance: { template: T, image: img }\n`,
    ['{1}: hostedFirewall.instance: a hosted firewall cannot be provisioned while Cloud Direct and WANOP are (appliance.services)'],
  ],
  [
    'redirect belongs to hosted-firewall rules, and they only redirect',
    `${BASE}${HF}firewall:
  policies:
    - { name: a, type: hosted-firewall, action: «1»allow, hostedFirewall: T, serviceRedirectInterface: s }
    - { name: b, action: «2»redirect }
    - { name: c, action: allow, serviceRedirectInterface: «3»s }
    - «4»{ name: d }
`,
    [
      '{1}: firewall.policies[0].action: "allow" is not the action of a hosted-firewall rule (always redirect; leave action out)',
      '{2}: firewall.policies[1].action: redirect is the action of type: hosted-firewall rules only (add type: hosted-firewall)',
      '{3}: firewall.policies[2].serviceRedirectInterface: only for type: hosted-firewall rules (add type: hosted-firewall, or leave this key out)',
      '{4}: firewall.policies[3].action: missing (expected an action (allow, drop, reject, count-and-continue, redirect))',
    ],
  ],
  [
    'duplicate names',
    BASE.replace(
      'interfaces: [{ name: LAN-1, zone: Default_LAN_Zone }]',
      'interfaces: [{ name: LAN-1, zone: Default_LAN_Zone, vlan: 10 }, { name: «1»LAN-1, zone: Default_LAN_Zone, vlan: «2»10 }]',
    ) +
      `zones: [Z1, «3»Z1]
applications: [{ name: A, match: [{}] }, { name: «4»A, match: [{}] }]
firewall:
  templates:
    - { name: T, preAppliance: [{ name: r, action: allow }], postAppliance: [{ name: r, action: allow }] }
    - { name: «5»T }
  policies:
    - { name: x, action: allow, reverseAlso: true }
    - { name: «6»"x (reverse)", action: drop }
    - { name: y, action: allow }
    - { name: «7»y, action: drop }
`,
    [
      '{1}: interfaces[1].name: duplicate interface name "LAN-1" (first at interfaces[0].name)',
      '{2}: interfaces[1].vlan: duplicate interface VLAN 10 (first at interfaces[0].vlan)',
      '{3}: zones[1]: duplicate zone "Z1" (first at zones[0])',
      '{4}: applications[1].name: duplicate application name "A" (first at applications[0].name)',
      '{5}: firewall.templates[1].name: duplicate firewall policy template name "T" (first at firewall.templates[0].name)',
      '{6}: firewall.policies[1].name: duplicate rule name "x (reverse)" (first at firewall.policies[0].reverseAlso)',
      '{7}: firewall.policies[3].name: duplicate rule name "y" (first at firewall.policies[2].name)',
    ],
  ],
  [
    'hosted firewall templates: duplicates, service redirection interfaces, management servers',
    `${BASE}hostedFirewall:
  templates:
    - name: T
      model: «1»VM-200
      managementServers: { primary: «2»999.1.1.1, secondary: panorama.example.com }
      serviceRedirectInterfaces:
        - { name: s, interface: 1, vlan: 10 }
        - { name: «3»s, interface: 2 }
        - «4»{ name: u, interface: 1, vlan: 10 }
        - { name: v, interface: «5»3 }
    - { name: «6»T, model: VM-50 }
`,
    [
      '{1}: hostedFirewall.templates[0].model: "VM-200" is not a VM model (VM-50, VM-100; did you mean VM-100?)',
      '{2}: hostedFirewall.templates[0].managementServers.primary: "999.1.1.1" is not an IP address or a host name (like 192.0.2.10 or panorama.example.com)',
      '{3}: hostedFirewall.templates[0].serviceRedirectInterfaces[1].name: duplicate service redirection interface name "s" (first at hostedFirewall.templates[0].serviceRedirectInterfaces[0].name)',
      '{4}: hostedFirewall.templates[0].serviceRedirectInterfaces[2]: duplicate service redirection interface (interface 1, VLAN 10) (first at hostedFirewall.templates[0].serviceRedirectInterfaces[0])',
      '{5}: hostedFirewall.templates[0].serviceRedirectInterfaces[3].interface: 3 is not a hosted firewall interface (1 or 2)',
      '{6}: hostedFirewall.templates[1].name: duplicate hosted firewall template name "T" (first at hostedFirewall.templates[0].name)',
    ],
  ],
  [
    'vwire sub-interfaces and rules',
    `${BASE}vwire:
  subinterfaces:
    - { interface: «1»3, zone: a }
    - { interface: 1, vlan: «2»4095, zone: b }
    - { interface: 1, vlan: 7, zone: c }
    - «3»{ interface: 1, vlan: 7, zone: d }
  rules:
    - { name: r, from: «4»trust, action: «5»permit }
    - { name: «6»r, to: c, action: allow }
  processingLatency: «7»5
`,
    [
      '{1}: vwire.subinterfaces[0].interface: 3 is not a hosted firewall interface (1 or 2)',
      '{2}: vwire.subinterfaces[1].vlan: 4095 is not a VLAN id (0-4094)',
      '{3}: vwire.subinterfaces[3]: duplicate sub-interface (interface 1, VLAN 7) (first at vwire.subinterfaces[2])',
      '{4}: vwire.rules[0].from: unknown firewall zone "trust" (defined: a, b, c, d, any)',
      '{5}: vwire.rules[0].action: "permit" is not a firewall action (allow, deny, drop, reset-client)',
      '{6}: vwire.rules[1].name: duplicate firewall rule name "r" (first at vwire.rules[0].name)',
      '{7}: vwire.processingLatency: 5 is not a duration: a unit is required (us, ms, s, m or h, like 50ms)',
    ],
  ],
];

describe('cross-reference errors name what is undefined or repeated, and where', () => {
  it.each(CASES)('%s', (_, source, expected) => {
    expectErrors(source, expected);
  });
});

describe('all the errors of a file at once', () => {
  it('reports every problem, sorted by position, in one error', () => {
    const source = `version: 1
appliance: { name: B, managementIp: «1»1.2.3.4/24 }
global: { connectionMatchType: «2»both }
interfaces: [{ name: LAN-1, zone: «3»Lan }]
routes:
  - { prefix: «4»10.1.0.0/8, via: «5»WAN-1, service: local }
firewall:
  policies:
    - { name: r, action: «6»permit, match: { dstPort: «7»99999 } }
«8»vwires: {}
`;
    expectErrors(source, [
      '{1}: appliance.managementIp: "1.2.3.4/24" is not an IP address (like 192.0.2.10 or 2001:db8::1)',
      '{2}: global.connectionMatchType: "both" is not a connection match type (symmetric, directional)',
      '{3}: interfaces[0].zone: unknown zone "Lan" (defined: Default_LAN_Zone, Internet_Zone, Untrusted_Internet_Zone)',
      '{4}: routes[0].prefix: "10.1.0.0/8" is not a prefix: host bits are set (did you mean 10.0.0.0/8?)',
      '{5}: routes[0].via: unknown interface "WAN-1" (did you mean LAN-1?)',
      '{6}: firewall.policies[0].action: "permit" is not an action (allow, drop, reject, count-and-continue, redirect)',
      '{7}: firewall.policies[0].match.dstPort: 99999 is not a port (0-65535)',
      '{8}: vwires: unknown key (did you mean vwire?)',
    ]);
  });
});
