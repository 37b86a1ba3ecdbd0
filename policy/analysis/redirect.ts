/**
 * Redirect rules that cannot work as written (SPEC.md "Hosted firewall and redirection"):
 *
 *   redirect-directional            the connection match type is directional: each direction is
 *                                   classified on its own, so replies bypass the firewall or enter
 *                                   it on their own rule's interface — a stateful firewall sees
 *                                   half connections (DOMAIN.md: symmetric is required);
 *   redirect-without-instance       no instance takes the traffic (none, not provisioned, or one
 *                                   running another template): every packet drops vm-down;
 *   redirect-vlan-no-subinterface   the firewall lacks a sub-interface for the rule's VLAN on
 *                                   Interface-1 or Interface-2 (a frame enters on one and leaves
 *                                   on the other): every packet drops fw-vlan-not-allowed.
 *
 * One finding per config rule: the mirror of a `reverseAlso` rule shares its redirect.
 */
import type { AppConfig } from '../config/types.js';
import type { PolicyEntry, PolicyRedirect } from '../model/index.js';
import { buildPolicyList } from '../model/index.js';
import {
  REDIRECT_DIRECTIONAL,
  REDIRECT_VLAN_NO_SUBINTERFACE,
  REDIRECT_WITHOUT_INSTANCE,
  listText,
  ruleLabel,
  ruleRef,
  type Finding,
} from './finding.js';

function subject(e: PolicyEntry): string {
  return `rule ${ruleLabel(ruleRef(e))}`;
}

function directional(e: PolicyEntry): Finding {
  return {
    code: REDIRECT_DIRECTIONAL,
    severity: 'warning',
    rule: ruleRef(e),
    message:
      `${subject(e)} redirects to the hosted firewall while global.connectionMatchType is directional: ` +
      `each direction is classified on its own, so replies bypass the firewall or enter it on their own rule's interface, ` +
      `and a stateful firewall sees half connections; set global.connectionMatchType: symmetric`,
    path: e.rule!.path,
  };
}

/** Why no instance takes this rule's traffic, or null when one does. */
function missingInstance(config: AppConfig, r: PolicyRedirect): string | null {
  const instance = config.hostedFirewall.instance;
  if (instance === null) return 'no hosted firewall instance is provisioned (hostedFirewall.instance)';
  if (instance.state === 'not-provisioned') {
    return 'the hosted firewall instance is not provisioned (hostedFirewall.instance.state: not-provisioned)';
  }
  if (instance.template !== r.template) {
    return `the instance runs template "${instance.template}" (hostedFirewall.instance.template)`;
  }
  return null;
}

function withoutInstance(config: AppConfig, e: PolicyEntry): Finding | null {
  const r = e.redirect!;
  const why = missingInstance(config, r);
  if (why === null) return null;
  const instance = config.hostedFirewall.instance;
  const fix =
    instance !== null && instance.state !== 'not-provisioned'
      ? `redirect to template "${instance.template}" or provision "${r.template}"`
      : 'provision the instance before enabling redirection';
  return {
    code: REDIRECT_WITHOUT_INSTANCE,
    severity: 'error',
    rule: ruleRef(e),
    message: `${subject(e)} redirects to hosted firewall template "${r.template}", but ${why}: every packet it redirects is dropped vm-down; ${fix}`,
    path: e.rule!.path,
  };
}

function hasSubinterface(config: AppConfig, iface: 1 | 2, vlan: number | null): boolean {
  return config.vwire.subinterfaces.some((s) => s.interface === iface && s.vlan === vlan);
}

function sriText(r: PolicyRedirect): string {
  return `"${r.serviceRedirectInterface}" (Interface-${r.interface}, ${r.vlan === null ? 'untagged' : `VLAN ${r.vlan}`})`;
}

function vlanWithoutSubinterface(config: AppConfig, e: PolicyEntry): Finding | null {
  const r = e.redirect!;
  const missing = ([1, 2] as const).filter((i) => !hasSubinterface(config, i, r.vlan));
  if (missing.length === 0) return null;
  const what = r.vlan === null ? 'untagged frames' : `VLAN ${r.vlan}`;
  const add = missing.map((i) => `{ interface: ${i}, ${r.vlan === null ? '' : `vlan: ${r.vlan}, `}zone: … }`);
  return {
    code: REDIRECT_VLAN_NO_SUBINTERFACE,
    severity: 'error',
    rule: ruleRef(e),
    message:
      `${subject(e)} redirects on service redirection interface ${sriText(r)}, but the hosted firewall has no sub-interface ` +
      `for ${what} on ${listText(missing.map((i) => `Interface-${i}`))}: every packet it redirects is dropped fw-vlan-not-allowed; ` +
      `add ${listText(add)} to vwire.subinterfaces`,
    path: e.rule!.path,
  };
}

/** The three redirect findings, rule by rule in policy-list order. */
export function redirectFindings(config: AppConfig): Finding[] {
  const out: Finding[] = [];
  for (const e of buildPolicyList(config)) {
    if (e.redirect === null || e.reverse || e.rule === null) continue;
    if (config.global.connectionMatchType === 'directional') out.push(directional(e));
    const noInstance = withoutInstance(config, e);
    if (noInstance !== null) out.push(noInstance);
    const noSub = vlanWithoutSubinterface(config, e);
    if (noSub !== null) out.push(noSub);
  }
  return out;
}
