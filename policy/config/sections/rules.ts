/**
 * One SD-WAN firewall policy (template pre-/post-appliance rules and site policies alike): its
 * type, action, hosted-firewall redirection and `match`. The rules of SPEC.md that concern one
 * rule alone are checked here: a `type: hosted-firewall` rule always redirects (its action is set
 * when left out; any other is an error), and `redirect` belongs to such rules only.
 */
import type { PolicyAction, PolicyRule, RuleMatch } from '../types.js';
import { DEFAULTS } from '../defaults.js';
import { Obj, need, opt, type Field, type Issues } from '../reader.js';
import {
  BOOL,
  DSCP,
  MATCH_SERVICE,
  NAME,
  PORTS,
  PREFIXES,
  PROTOCOL,
  VLAN_ID,
  nameOf,
  oneOf,
} from '../values.js';

export const MATCH_KEYS = [
  'fromZone',
  'toZone',
  'src',
  'dst',
  'srcPort',
  'dstPort',
  'protocol',
  'application',
  'dscp',
  'srcService',
  'dstService',
  'vlan',
  'allowFragments',
] as const;

const ACTIONS: readonly PolicyAction[] = ['allow', 'drop', 'reject', 'count-and-continue', 'redirect'];
const ZONE = nameOf('a zone name');

function readMatch(issues: Issues, f: Field): RuleMatch {
  const o = new Obj(issues, f, MATCH_KEYS);
  return {
    fromZone: opt(issues, o.get('fromZone'), ZONE, null),
    toZone: opt(issues, o.get('toZone'), ZONE, null),
    src: opt(issues, o.get('src'), PREFIXES, null),
    dst: opt(issues, o.get('dst'), PREFIXES, null),
    srcPort: opt(issues, o.get('srcPort'), PORTS, null),
    dstPort: opt(issues, o.get('dstPort'), PORTS, null),
    protocol: opt(issues, o.get('protocol'), PROTOCOL, null),
    application: opt(issues, o.get('application'), nameOf('an application name'), null),
    dscp: opt(issues, o.get('dscp'), DSCP, null),
    srcService: opt(issues, o.get('srcService'), MATCH_SERVICE, null),
    dstService: opt(issues, o.get('dstService'), MATCH_SERVICE, null),
    vlan: opt(issues, o.get('vlan'), VLAN_ID, null),
    allowFragments: opt(issues, o.get('allowFragments'), BOOL, DEFAULTS.rule.allowFragments),
  };
}

function readAction(issues: Issues, f: Field, hosted: boolean): PolicyAction {
  const action = f.node === null && hosted ? DEFAULTS.rule.hostedFirewallAction : need(issues, f, oneOf('an action', ACTIONS));
  if (action === undefined) return 'allow';
  if (hosted && action !== 'redirect') {
    issues.at(f, `${JSON.stringify(action)} is not the action of a hosted-firewall rule (always redirect; leave action out)`);
  } else if (!hosted && action === 'redirect') {
    issues.at(f, `redirect is the action of type: hosted-firewall rules only (add type: hosted-firewall)`);
  }
  return action;
}

/** A key that only a hosted-firewall rule may carry. */
function onlyHosted(issues: Issues, f: Field): null {
  if (f.node !== null) issues.at(f, 'only for type: hosted-firewall rules (add type: hosted-firewall, or leave this key out)');
  return null;
}

export function readRule(issues: Issues, f: Field): PolicyRule {
  const o = new Obj(issues, f, [
    'name',
    'type',
    'action',
    'hostedFirewall',
    'serviceRedirectInterface',
    'match',
    'reverseAlso',
    'log',
  ]);
  const type = opt(issues, o.get('type'), oneOf('a rule type', ['standard', 'hosted-firewall'] as const), DEFAULTS.rule.type);
  const hosted = type === 'hosted-firewall';
  return {
    name: need(issues, o.get('name'), NAME) ?? '',
    type,
    action: readAction(issues, o.get('action'), hosted),
    hostedFirewall: hosted
      ? (need(issues, o.get('hostedFirewall'), nameOf('a hosted firewall template name')) ?? null)
      : onlyHosted(issues, o.get('hostedFirewall')),
    serviceRedirectInterface: hosted
      ? (need(issues, o.get('serviceRedirectInterface'), nameOf('a service redirection interface name')) ?? null)
      : onlyHosted(issues, o.get('serviceRedirectInterface')),
    match: readMatch(issues, o.get('match')),
    reverseAlso: opt(issues, o.get('reverseAlso'), BOOL, DEFAULTS.rule.reverseAlso),
    log: opt(issues, o.get('log'), BOOL, DEFAULTS.rule.log),
    path: f.path,
  };
}
