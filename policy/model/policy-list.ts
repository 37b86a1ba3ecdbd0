/**
 * The policy list in evaluation order (SPEC "Policies"; first match wins):
 *
 *   1. auto          two allows per hosted-firewall template: `allow-to-management-servers`
 *                    (dst is one of its IP management servers) and
 *                    `allow-from-management-servers` (src is one); an FQDN server matches
 *                    nothing, so a template without IP servers gets rules that never match
 *   2. pre-appliance `allow-office365` first when `global.office365Breakout` (see
 *                    office365.ts), then each applied template's pre-appliance rules, in
 *                    `firewall.apply` order
 *   3. site          `firewall.policies` (template null)
 *   4. post-appliance each applied template's post-appliance rules, in `apply` order
 *   5. default       `{name: default, template: null}` with `defaultAction`; matches all
 *
 * A `reverseAlso` rule is followed by its mirror `<name> (reverse)` (mirror.ts). Names are
 * resolved here, so a config built in code with a dangling name fails now, with its path.
 */
import type {
  AppConfig,
  ApplicationConfig,
  HostedFirewallTemplate,
  PolicyAction,
  PolicyRule,
  Prefix,
  RuleMatch,
} from '../config/types.js';
import { chainsimError } from '../errors.js';
import { mirrorMatch } from './mirror.js';
import { BUILTIN_OFFICE365, OFFICE365_APPLICATION, OFFICE365_RULE, OFFICE365_TEMPLATE } from './office365.js';
import type { PolicyEntry, PolicyGroup, PolicyRedirect, ResolvedMatch } from './policy-entry.js';
import { MATCH_ANY } from './policy-entry.js';
import { SERVICE_ID } from './tuple.js';
import { zoneId } from './zones.js';

export const AUTO_TO_MANAGEMENT = 'allow-to-management-servers';
export const AUTO_FROM_MANAGEMENT = 'allow-from-management-servers';
export const DEFAULT_RULE = 'default';
export const REVERSE_SUFFIX = ' (reverse)';

type Draft = Omit<PolicyEntry, 'index'>;

export function buildPolicyList(config: AppConfig): PolicyEntry[] {
  const drafts: Draft[] = [];
  for (const t of config.hostedFirewall.templates) drafts.push(...autoRules(t));
  if (config.global.office365Breakout) drafts.push(office365Rule(config));
  const applied = config.firewall.apply.map((name) => appliedTemplate(config, name));
  for (const t of applied) {
    for (const r of t.preAppliance) drafts.push(...ruleEntries(config, r, 'pre-appliance', t.name));
  }
  for (const r of config.firewall.policies) drafts.push(...ruleEntries(config, r, 'site', null));
  for (const t of applied) {
    for (const r of t.postAppliance) drafts.push(...ruleEntries(config, r, 'post-appliance', t.name));
  }
  drafts.push({
    group: 'default',
    template: null,
    name: DEFAULT_RULE,
    action: config.firewall.defaultAction,
    rule: null,
    reverse: false,
    match: MATCH_ANY,
    redirect: null,
  });
  return drafts.map((d, index) => ({ index, ...d }));
}

function autoRules(t: HostedFirewallTemplate): Draft[] {
  const servers: Prefix[] = [];
  for (const s of [t.managementServers.primary, t.managementServers.secondary]) {
    if (s !== null && s.kind === 'ip') servers.push(s.address);
  }
  const base = {
    group: 'auto' as const,
    template: t.name,
    action: 'allow' as const,
    rule: null,
    reverse: false,
    redirect: null,
  };
  return [
    { ...base, name: AUTO_TO_MANAGEMENT, match: { ...MATCH_ANY, dst: servers } },
    { ...base, name: AUTO_FROM_MANAGEMENT, match: { ...MATCH_ANY, src: servers } },
  ];
}

function office365Rule(config: AppConfig): Draft {
  const app = config.applications.find((a) => a.name === OFFICE365_APPLICATION) ?? BUILTIN_OFFICE365;
  return {
    group: 'pre-appliance',
    template: OFFICE365_TEMPLATE,
    name: OFFICE365_RULE,
    action: 'allow',
    rule: null,
    reverse: false,
    match: { ...MATCH_ANY, application: { name: app.name, entries: app.match } },
    redirect: null,
  };
}

function appliedTemplate(config: AppConfig, name: string) {
  const t = config.firewall.templates.find((x) => x.name === name);
  if (t === undefined) {
    throw chainsimError('CHAINSIM_CONFIG', `building the policy list: firewall.apply names unknown template "${name}"`);
  }
  return t;
}

function ruleEntries(config: AppConfig, rule: PolicyRule, group: PolicyGroup, template: string | null): Draft[] {
  const match = resolveMatch(config, rule.match, rule.path);
  const action = ruleAction(rule);
  const redirect = action === 'redirect' ? resolveRedirect(config, rule) : null;
  const entry: Draft = { group, template, name: rule.name, action, rule, reverse: false, match, redirect };
  if (!rule.reverseAlso) return [entry];
  return [entry, { ...entry, name: rule.name + REVERSE_SUFFIX, reverse: true, match: mirrorMatch(match) }];
}

/** A hosted-firewall rule always redirects (SPEC: set automatically); only such rules may. */
function ruleAction(rule: PolicyRule): PolicyAction {
  if (rule.type === 'hosted-firewall') return 'redirect';
  if (rule.action === 'redirect') {
    throw chainsimError(
      'CHAINSIM_CONFIG',
      `building the policy list: ${rule.path}: action redirect needs type hosted-firewall`,
    );
  }
  return rule.action;
}

function resolveRedirect(config: AppConfig, rule: PolicyRule): PolicyRedirect {
  const where = `building the policy list: ${rule.path}`;
  const t = config.hostedFirewall.templates.find((x) => x.name === rule.hostedFirewall);
  if (t === undefined) {
    throw chainsimError('CHAINSIM_CONFIG', `${where}: unknown hosted firewall template "${rule.hostedFirewall}"`);
  }
  const sri = t.serviceRedirectInterfaces.find((s) => s.name === rule.serviceRedirectInterface);
  if (sri === undefined) {
    throw chainsimError(
      'CHAINSIM_CONFIG',
      `${where}: template "${t.name}" has no service redirection interface "${rule.serviceRedirectInterface}"`,
    );
  }
  return { template: t.name, serviceRedirectInterface: sri.name, interface: sri.interface, vlan: sri.vlan };
}

export function resolveMatch(config: AppConfig, m: RuleMatch, path: string): ResolvedMatch {
  let application: ResolvedMatch['application'] = null;
  if (m.application !== null) {
    const app: ApplicationConfig | undefined = config.applications.find((a) => a.name === m.application);
    if (app === undefined) {
      throw chainsimError('CHAINSIM_CONFIG', `building the policy list: ${path}: unknown application "${m.application}"`);
    }
    application = { name: app.name, entries: app.match };
  }
  return {
    fromZone: m.fromZone === null ? null : zoneId(config, m.fromZone),
    toZone: m.toZone === null ? null : zoneId(config, m.toZone),
    src: m.src,
    dst: m.dst,
    srcPort: m.srcPort,
    dstPort: m.dstPort,
    protocol: m.protocol,
    application,
    dscp: m.dscp,
    srcService: m.srcService === null ? null : SERVICE_ID[m.srcService],
    dstService: m.dstService === null ? null : SERVICE_ID[m.dstService],
    vlan: m.vlan,
    allowFragments: m.allowFragments,
  };
}
