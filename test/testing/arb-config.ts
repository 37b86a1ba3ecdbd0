/**
 * A whole valid AppConfig as a fast-check arbitrary: zones, interfaces, routes, applications,
 * hosted-firewall templates, firewall templates with pre- and post-appliance rules, site
 * policies, both connection match types, the Office 365 breakout — every name a rule uses is
 * defined, so `buildPolicyList` accepts it. Rules draw from small pools (arb-rules.ts) and
 * overlap.
 */
import fc from 'fast-check';
import type {
  AppConfig,
  ApplicationConfig,
  HostedFirewallTemplate,
  InterfaceConfig,
  ManagementServer,
  PolicyRule,
  ServiceRedirectInterface,
} from '../../policy/index.js';
import { SERVICE_TYPES, prefixFromText } from '../../policy/index.js';
import type { RuleContext } from './arb-rules.js';
import { arbApplicationEntry, arbPolicyRule, arbPrefix } from './arb-rules.js';
import { configOf } from './builders.js';

export interface AppConfigOptions {
  /** Most rules per template tier (pre- or post-appliance); site policies get twice that. */
  readonly maxRulesPerTier?: number;
  /** Most firewall templates. */
  readonly maxTemplates?: number;
}

const EXTRA_ZONES = ['Guest_Zone', 'DMZ_Zone'] as const;
const SERVER_POOL = ['192.0.2.10', '192.0.2.11', '10.1.2.3', '2001:db8:1::5'];

function arbServer(): fc.Arbitrary<ManagementServer | null> {
  return fc.oneof(
    fc.constant(null),
    fc.constantFrom(...SERVER_POOL).map((s): ManagementServer => ({ kind: 'ip', address: prefixFromText(s), text: s })),
    fc.constant<ManagementServer>({ kind: 'fqdn', name: 'panorama.example.com', text: 'panorama.example.com' }),
  );
}

function arbHostedFirewallTemplate(name: string): fc.Arbitrary<HostedFirewallTemplate> {
  const vlan = fc.constantFrom(100, 200, null);
  return fc
    .record({
      primary: arbServer(),
      secondary: arbServer(),
      lanVlan: vlan,
      wanVlan: vlan,
      model: fc.constantFrom('VM-50' as const, 'VM-100' as const),
    })
    .map(({ primary, secondary, lanVlan, wanVlan, model }) => {
      const sris: ServiceRedirectInterface[] = [
        { name: 'LAN-side', interface: 1, vlan: lanVlan },
        { name: 'WAN-side', interface: 2, vlan: wanVlan },
      ];
      return {
        name,
        vendor: 'palo-alto-networks',
        deploymentMode: 'virtual-wire',
        model,
        managementServers: { primary, secondary },
        serviceRedirectInterfaces: sris,
      };
    });
}

function arbApplications(): fc.Arbitrary<ApplicationConfig[]> {
  return fc
    .subarray(['App-A', 'App-B', 'Office365'])
    .chain((names) =>
      fc.tuple(...names.map((name) => fc.array(arbApplicationEntry(), { maxLength: 3 }).map((match) => ({ name, match })))),
    );
}

/** The RuleContext (names rules may use) of a config. */
export function ruleContextOf(config: AppConfig): RuleContext {
  return {
    zones: config.zones,
    applications: config.applications.map((a) => a.name),
    hostedFirewalls: config.hostedFirewall.templates.map((t) => ({
      name: t.name,
      serviceRedirectInterfaces: t.serviceRedirectInterfaces.map((s) => s.name),
    })),
  };
}

/** `config` with `rules` as its site policies, renamed `p0`, `p1`, … at their paths. */
export function withPolicies(config: AppConfig, rules: readonly PolicyRule[]): AppConfig {
  return {
    ...config,
    firewall: {
      ...config.firewall,
      policies: rules.map((r, i) => ({ ...r, name: `p${i}`, path: `firewall.policies[${i}]` })),
    },
  };
}

export function arbAppConfig(options: AppConfigOptions = {}): fc.Arbitrary<AppConfig> {
  const perTier = options.maxRulesPerTier ?? 5;
  const maxTemplates = options.maxTemplates ?? 3;
  const shape = fc.record({
    extraZones: fc.subarray([...EXTRA_ZONES]),
    applications: arbApplications(),
    hostedFirewalls: fc.integer({ min: 0, max: 2 }).chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => arbHostedFirewallTemplate(`HF-${i}`))),
    ),
    lanVlan: fc.constantFrom(10, null),
    connectionMatchType: fc.constantFrom('symmetric' as const, 'directional' as const),
    office365Breakout: fc.boolean(),
    defaultAction: fc.constantFrom('allow' as const, 'drop' as const, 'reject' as const),
    templateCount: fc.integer({ min: 0, max: maxTemplates }),
  });
  return shape.chain((s) => {
    const base = configOf({
      zones: ['Default_LAN_Zone', 'Untrusted_Internet_Zone', ...s.extraZones],
      applications: s.applications,
      hostedFirewallTemplates: s.hostedFirewalls,
      connectionMatchType: s.connectionMatchType,
      office365Breakout: s.office365Breakout,
      defaultAction: s.defaultAction,
    });
    const interfaces: InterfaceConfig[] = [
      { name: 'LAN-1', vlan: s.lanVlan, zone: 'Default_LAN_Zone', addresses: [] },
      { name: 'WAN-1', vlan: null, zone: 'Untrusted_Internet_Zone', addresses: [] },
      ...s.extraZones.map((zone, i) => ({ name: `OTHER-${i}`, vlan: 20 + i, zone, addresses: [] })),
    ];
    const ctx = ruleContextOf(base);
    const rules = (max: number) => fc.array(arbPolicyRule(ctx), { maxLength: max });
    const templateNames = Array.from({ length: s.templateCount }, (_, i) => `T${i}`);
    return fc
      .record({
        routes: fc.array(
          fc.record({
            prefix: arbPrefix(),
            via: fc.constantFrom(...interfaces.map((f) => f.name)),
            service: fc.constantFrom(...SERVICE_TYPES),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        templates: fc.tuple(...templateNames.map(() => fc.tuple(rules(perTier), rules(perTier)))),
        apply: fc.shuffledSubarray(templateNames),
        policies: rules(2 * perTier),
      })
      .map(({ routes, templates, apply, policies }): AppConfig => {
        let k = 0;
        const named = (list: PolicyRule[], path: string) =>
          list.map((r, i) => ({ ...r, name: `r${k++}`, path: `${path}[${i}]` }));
        return {
          ...base,
          interfaces,
          routes,
          firewall: {
            ...base.firewall,
            templates: templates.map(([pre, post], t) => ({
              name: templateNames[t]!,
              preAppliance: named(pre, `firewall.templates[${t}].preAppliance`),
              postAppliance: named(post, `firewall.templates[${t}].postAppliance`),
            })),
            apply,
            policies: named(policies, 'firewall.policies'),
          },
        };
      });
  });
}
