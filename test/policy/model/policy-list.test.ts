import { describe, expect, it } from 'vitest';
import type { PolicyEntry } from '../../../policy/model/index.js';
import { BUILTIN_OFFICE365, SERVICE_ID, buildPolicyList, prefixFromText, zoneId } from '../../../policy/model/index.js';
import { configOf, hostedFirewallTemplateOf, ruleOf } from '../../testing/index.js';

const summary = (list: PolicyEntry[]) => list.map((e) => `${e.group}|${e.template}|${e.name}|${e.action}`);

const redirect = { hostedFirewall: 'PAN-Branch', serviceRedirectInterface: 'LAN-side' };

describe('buildPolicyList', () => {
  it('lists the tiers in evaluation order, templates in apply order', () => {
    const config = configOf({
      office365Breakout: true,
      hostedFirewallTemplates: [hostedFirewallTemplateOf('PAN-Branch'), hostedFirewallTemplateOf('PAN-2', 'fqdn:pano.example', null)],
      templates: [
        { name: 'A', preAppliance: [ruleOf('a-pre')], postAppliance: [ruleOf('a-post', { action: 'drop' })] },
        { name: 'B', preAppliance: [ruleOf('b-pre', { redirect })], postAppliance: [ruleOf('b-post', { action: 'reject' })] },
      ],
      apply: ['B', 'A'],
      policies: [ruleOf('site-1', { action: 'count-and-continue' }), ruleOf('site-2', { action: 'drop' })],
      defaultAction: 'drop',
    });
    const list = buildPolicyList(config);
    expect(summary(list)).toEqual([
      'auto|PAN-Branch|allow-to-management-servers|allow',
      'auto|PAN-Branch|allow-from-management-servers|allow',
      'auto|PAN-2|allow-to-management-servers|allow',
      'auto|PAN-2|allow-from-management-servers|allow',
      'pre-appliance|Office365-Breakout|allow-office365|allow',
      'pre-appliance|B|b-pre|redirect',
      'pre-appliance|A|a-pre|allow',
      'site|null|site-1|count-and-continue',
      'site|null|site-2|drop',
      'post-appliance|B|b-post|reject',
      'post-appliance|A|a-post|drop',
      'default|null|default|drop',
    ]);
    expect(list.map((e) => e.index)).toEqual([...list.keys()]);
    expect(list[list.length - 1]!.rule).toBeNull();
    expect(list[7]!.rule).toBe(config.firewall.policies[0]);
  });

  it('auto rules: IP management servers only; an FQDN-only template matches no address', () => {
    const config = configOf({
      hostedFirewallTemplates: [
        hostedFirewallTemplateOf('PAN-Branch', '192.0.2.10', 'fqdn:backup.example'),
        hostedFirewallTemplateOf('PAN-2', 'fqdn:pano.example', null),
      ],
    });
    const [to, from, to2, from2] = buildPolicyList(config);
    expect(to!.match.dst!.map((p) => p.text)).toEqual(['192.0.2.10/32']);
    expect(to!.match.src).toBeNull();
    expect(from!.match.src!.map((p) => p.text)).toEqual(['192.0.2.10/32']);
    expect(from!.match.dst).toBeNull();
    expect(to2!.match.dst).toEqual([]);
    expect(from2!.match.src).toEqual([]);
  });

  it('a hosted-firewall rule redirects to its service redirection interface', () => {
    const config = configOf({
      hostedFirewallTemplates: [hostedFirewallTemplateOf('PAN-Branch')],
      policies: [ruleOf('out', { redirect: { hostedFirewall: 'PAN-Branch', serviceRedirectInterface: 'WAN-side' } })],
    });
    const entry = buildPolicyList(config)[2]!;
    expect(entry.action).toBe('redirect');
    expect(entry.redirect).toEqual({ template: 'PAN-Branch', serviceRedirectInterface: 'WAN-side', interface: 2, vlan: 100 });
    expect(buildPolicyList(config)[3]!.redirect).toBeNull();
  });

  it('resolves zones and services to the numbers a tuple carries', () => {
    const config = configOf({
      zones: ['Guest_Zone'],
      policies: [ruleOf('r', { match: { fromZone: 'Guest_Zone', toZone: 'Internet_Zone', srcService: 'local', dstService: 'ip-host' } })],
    });
    const m = buildPolicyList(config)[0]!.match;
    expect(m.fromZone).toBe(0);
    expect(m.toZone).toBe(zoneId(config, 'Internet_Zone'));
    expect(config.zones[m.toZone!]).toBe('Internet_Zone');
    expect(m.srcService).toBe(SERVICE_ID.local);
    expect(m.dstService).toBe(5);
  });

  it('reverseAlso adds the mirror right after the rule', () => {
    const config = configOf({
      applications: [
        {
          name: 'Web',
          match: [{ src: null, dst: [prefixFromText('198.51.100.0/24')], srcPort: null, dstPort: [{ lo: 443, hi: 443 }], protocol: 6 }],
        },
      ],
      policies: [
        ruleOf('lan-web', {
          action: 'drop',
          reverseAlso: true,
          match: {
            fromZone: 'Default_LAN_Zone',
            toZone: 'Untrusted_Internet_Zone',
            src: ['10.0.0.0/8'],
            srcPort: ['1024-65535'],
            srcService: 'local',
            dstService: 'internet',
            vlan: 10,
            dscp: 46,
            protocol: 6,
            application: 'Web',
            allowFragments: false,
          },
        }),
        ruleOf('next'),
      ],
    });
    const [fwd, rev, next] = buildPolicyList(config);
    expect([fwd!.name, rev!.name, next!.name]).toEqual(['lan-web', 'lan-web (reverse)', 'next']);
    expect(rev!.reverse).toBe(true);
    expect(rev!.rule).toBe(config.firewall.policies[0]);
    expect(rev!.action).toBe('drop');
    const m = rev!.match;
    expect(m.fromZone).toBe(fwd!.match.toZone);
    expect(m.toZone).toBe(fwd!.match.fromZone);
    expect(m.src).toBeNull();
    expect(m.dst!.map((p) => p.text)).toEqual(['10.0.0.0/8']);
    expect(m.srcPort).toBeNull();
    expect(m.dstPort).toEqual([{ lo: 1024, hi: 65535 }]);
    expect(m.srcService).toBe(SERVICE_ID.internet);
    expect(m.dstService).toBe(SERVICE_ID.local);
    expect([m.vlan, m.dscp, m.protocol, m.allowFragments]).toEqual([10, 46, 6, false]);
    expect(m.application!.entries).toEqual([
      { src: [prefixFromText('198.51.100.0/24')], dst: null, srcPort: [{ lo: 443, hi: 443 }], dstPort: null, protocol: 6 },
    ]);
  });

  it('Office 365 breakout: the config’s Office365 application when it defines one, else the built-in', () => {
    const own = { name: 'Office365', match: [{ src: null, dst: [prefixFromText('198.51.100.0/24')], srcPort: null, dstPort: null, protocol: null }] };
    const withOwn = buildPolicyList(configOf({ office365Breakout: true, applications: [own] }))[0]!;
    expect(withOwn.match.application!.entries).toBe(own.match);
    const builtIn = buildPolicyList(configOf({ office365Breakout: true }))[0]!;
    expect(builtIn.match.application!.entries).toBe(BUILTIN_OFFICE365.match);
    expect(BUILTIN_OFFICE365.match[0]!.dst!.map((p) => p.text)).toEqual(['52.96.0.0/14', '40.96.0.0/13', '13.107.6.152/31', '2603:1000::/24']);
    expect(buildPolicyList(configOf({ office365Breakout: false })).map((e) => e.name)).toEqual(['default']);
  });

  it('names its errors with the rule’s path', () => {
    const bad = (c: Parameters<typeof configOf>[0]) => () => buildPolicyList(configOf(c));
    expect(bad({ policies: [ruleOf('r', { match: { fromZone: 'Nowhere' }, path: 'firewall.policies[0]' })] })).toThrow(/zone "Nowhere"/);
    expect(bad({ policies: [ruleOf('r', { match: { application: 'Nope' }, path: 'firewall.policies[0]' })] })).toThrow(
      /firewall.policies\[0\]: unknown application "Nope"/,
    );
    expect(bad({ policies: [ruleOf('r', { redirect })] })).toThrow(/unknown hosted firewall template "PAN-Branch"/);
    expect(
      bad({
        hostedFirewallTemplates: [hostedFirewallTemplateOf('PAN-Branch')],
        policies: [ruleOf('r', { redirect: { hostedFirewall: 'PAN-Branch', serviceRedirectInterface: 'DMZ-side' } })],
      }),
    ).toThrow(/no service redirection interface "DMZ-side"/);
    expect(bad({ policies: [{ ...ruleOf('r'), action: 'redirect' }] })).toThrow(/needs type hosted-firewall/);
    expect(bad({ apply: ['Ghost'] })).toThrow(/unknown template "Ghost"/);
    expect(bad({ policies: [ruleOf('r', { match: { toZone: 'Nowhere' } })] })).toThrow(
      expect.objectContaining({ code: 'CHAINSIM_CONFIG' }),
    );
  });
});
