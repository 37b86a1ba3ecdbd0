import { describe, expect, it } from 'vitest';
import type { Classifier } from '../../../policy/classify/index.js';
import { CompiledClassifier, ReferenceClassifier } from '../../../policy/classify/index.js';
import type { AppConfig } from '../../../policy/index.js';
import type { PolicyEntry, Tuple } from '../../../policy/model/index.js';
import { RouteTable, UNDECIDED, buildPolicyList, connectionDecision, zoneId } from '../../../policy/model/index.js';
import type { TupleInput } from '../../testing/index.js';
import { configOf, hostedFirewallTemplateOf, reverseTuple, ruleOf, tupleOf } from '../../testing/index.js';

const PAN = hostedFirewallTemplateOf('PAN-Branch', '192.0.2.10', '192.0.2.11');
const toPan = (sri: 'LAN-side' | 'WAN-side') => ({ hostedFirewall: 'PAN-Branch', serviceRedirectInterface: sri });

/** Use case 1, SPEC's embedded default config: redirect all traffic. */
const useCase1 = configOf({
  hostedFirewallTemplates: [PAN],
  templates: [
    {
      name: 'Redirect-All',
      preAppliance: [
        ruleOf('redirect-outbound', { redirect: toPan('LAN-side'), match: { fromZone: 'Default_LAN_Zone' } }),
        ruleOf('redirect-inbound', { redirect: toPan('WAN-side'), match: { fromZone: 'Untrusted_Internet_Zone' } }),
      ],
      postAppliance: [],
    },
  ],
});

/** Use case 2: only internet traffic is redirected; the data centre (virtual path) is not. */
const useCase2 = configOf({
  hostedFirewallTemplates: [PAN],
  routes: [
    { prefix: '172.16.0.0/12', via: 'LAN-1', service: 'local' },
    { prefix: '10.0.0.0/8', via: 'WAN-1', service: 'virtual-path' },
    { prefix: '0.0.0.0/0', via: 'WAN-1', service: 'internet' },
  ],
  templates: [
    {
      name: 'Redirect-Internet',
      preAppliance: [
        ruleOf('redirect-internet', { redirect: toPan('LAN-side'), match: { fromZone: 'Default_LAN_Zone', dstService: 'internet' } }),
      ],
      postAppliance: [],
    },
  ],
});

/** Use case 3: Office 365 breaks out directly, the rest is redirected. */
const useCase3 = configOf({
  office365Breakout: true,
  hostedFirewallTemplates: [PAN],
  templates: [
    {
      name: 'Redirect-Rest',
      preAppliance: [ruleOf('redirect-rest', { redirect: toPan('LAN-side'), match: { fromZone: 'Default_LAN_Zone' } })],
      postAppliance: [],
    },
  ],
});

/** The tuple the dataplane would build: zones from the ingress interface and the destination
 * route, services from the routes covering both addresses. */
function tupleIn(config: AppConfig, ingress: string, parts: TupleInput): Tuple {
  const t = tupleOf(parts);
  const routes = new RouteTable(config);
  const iface = config.interfaces.find((f) => f.name === ingress)!;
  const s = routes.lookup(t.family, t.src);
  const d = routes.lookup(t.family, t.dst);
  t.fromZone = zoneId(config, iface.zone);
  t.toZone = d < 0 ? -1 : routes.zone[d]!;
  t.srcService = s < 0 ? 0 : routes.service[s]!;
  t.dstService = d < 0 ? 0 : routes.service[d]!;
  return t;
}

const makers: [string, (c: AppConfig) => Classifier][] = [
  ['reference', (c) => new ReferenceClassifier(c)],
  ['compiled', (c) => new CompiledClassifier(c)],
];

describe.each(makers)('use cases (%s classifier)', (_, make) => {
  const decide = (config: AppConfig, t: Tuple): PolicyEntry => {
    const c = make(config);
    return buildPolicyList(config)[c.decisionRule(c.classify(t))]!;
  };

  it('use case 1: LAN → internet is redirected on LAN-side, interface 1, VLAN 100', () => {
    const e = decide(useCase1, tupleIn(useCase1, 'LAN-1', { src: '172.16.10.5', srcPort: 51000, dst: '93.184.216.34', dstPort: 443 }));
    expect([e.group, e.template, e.name, e.action]).toEqual(['pre-appliance', 'Redirect-All', 'redirect-outbound', 'redirect']);
    expect(e.redirect).toEqual({ template: 'PAN-Branch', serviceRedirectInterface: 'LAN-side', interface: 1, vlan: 100 });
  });

  it('use case 1: an inbound connection is redirected on WAN-side, interface 2', () => {
    const e = decide(useCase1, tupleIn(useCase1, 'WAN-1', { src: '198.51.100.7', dst: '172.16.10.5', dstPort: 443 }));
    expect(e.name).toBe('redirect-inbound');
    expect(e.redirect?.interface).toBe(2);
  });

  it('use case 1, symmetric: the reply inherits redirect-outbound instead of matching redirect-inbound', () => {
    const c = make(useCase1);
    const list = buildPolicyList(useCase1);
    const out = tupleIn(useCase1, 'LAN-1', { src: '172.16.10.5', srcPort: 51000, dst: '93.184.216.34', dstPort: 443 });
    const reply = tupleIn(useCase1, 'WAN-1', { src: '93.184.216.34', srcPort: 443, dst: '172.16.10.5', dstPort: 51000 });
    expect(list[c.decisionRule(c.classify(reply))]!.name).toBe('redirect-inbound'); // on its own
    const slots = new Int32Array([UNDECIDED, UNDECIDED]);
    connectionDecision('symmetric', slots, 0, true, c, out);
    const inherited = connectionDecision('symmetric', slots, 0, false, c, reply);
    expect(list[c.decisionRule(inherited)]!.name).toBe('redirect-outbound');
  });

  it('Panorama traffic to and from the management servers is never redirected', () => {
    for (const config of [useCase1, useCase2, useCase3]) {
      const to = decide(config, tupleIn(config, 'LAN-1', { src: '172.16.10.5', dst: '192.0.2.10', dstPort: 3978 }));
      expect([to.group, to.template, to.name, to.action, to.redirect]).toEqual(['auto', 'PAN-Branch', 'allow-to-management-servers', 'allow', null]);
      const from = decide(config, tupleIn(config, 'WAN-1', { src: '192.0.2.10', srcPort: 3978, dst: '172.16.10.5', dstPort: 40000 }));
      expect([from.name, from.action, from.redirect]).toEqual(['allow-from-management-servers', 'allow', null]);
      const secondary = decide(config, tupleIn(config, 'LAN-1', { src: '172.16.10.5', dst: '192.0.2.11', proto: 'udp', dstPort: 514 }));
      expect(secondary.name).toBe('allow-to-management-servers');
    }
    // The neighbour of a management server is redirected as usual.
    expect(decide(useCase1, tupleIn(useCase1, 'LAN-1', { src: '172.16.10.5', dst: '192.0.2.12' })).name).toBe('redirect-outbound');
  });

  it('use case 2: internet traffic is redirected, data-centre traffic over the virtual path is not', () => {
    const internet = decide(useCase2, tupleIn(useCase2, 'LAN-1', { src: '172.16.10.5', dst: '8.8.8.8', proto: 'udp', dstPort: 53 }));
    expect([internet.name, internet.redirect?.interface, internet.redirect?.vlan]).toEqual(['redirect-internet', 1, 100]);
    const dc = decide(useCase2, tupleIn(useCase2, 'LAN-1', { src: '172.16.10.5', dst: '10.20.0.5', dstPort: 445 }));
    expect([dc.group, dc.name, dc.action, dc.redirect]).toEqual(['default', 'default', 'allow', null]);
  });

  it('use case 3: Office 365 is allowed by allow-office365, everything else from the LAN is redirected', () => {
    const o365 = (parts: TupleInput) => decide(useCase3, tupleIn(useCase3, 'LAN-1', { src: '172.16.10.5', ...parts }));
    for (const parts of [
      { dst: '52.96.1.1', dstPort: 443 },
      { dst: '52.99.255.255', dstPort: 80 },
      { dst: '40.100.0.1', dstPort: 443 },
      { dst: '13.107.6.153', dstPort: 443 },
      { src: '2001:db8:1::10', dst: '2603:1000::1', dstPort: 443 },
    ] as TupleInput[]) {
      const e = o365(parts);
      expect([e.group, e.template, e.name, e.action, e.redirect], JSON.stringify(parts)).toEqual([
        'pre-appliance',
        'Office365-Breakout',
        'allow-office365',
        'allow',
        null,
      ]);
    }
    for (const parts of [
      { dst: '52.96.1.1', dstPort: 22 },
      { dst: '52.96.1.1', proto: 'udp', dstPort: 443 },
      { dst: '52.100.0.1', dstPort: 443 },
      { dst: '13.107.6.154', dstPort: 443 },
      { dst: '93.184.216.34', dstPort: 443 },
    ] as TupleInput[]) {
      expect(o365(parts).name, JSON.stringify(parts)).toBe('redirect-rest');
    }
  });

  it('use case 3: under symmetric matching the Office 365 reply is allowed, not redirected', () => {
    const c = make(useCase3);
    const out = tupleIn(useCase3, 'LAN-1', { src: '172.16.10.5', dst: '52.96.1.1', dstPort: 443 });
    const slots = new Int32Array([UNDECIDED, UNDECIDED]);
    connectionDecision('symmetric', slots, 0, true, c, out);
    const reply = connectionDecision('symmetric', slots, 0, false, c, reverseTuple(out));
    expect(buildPolicyList(useCase3)[c.decisionRule(reply)]!.name).toBe('allow-office365');
  });
});
