/**
 * `firewall`: policy templates (pre- and post-appliance rules), which of them apply and in what
 * order, site policies, the default action, the connection table's size and the timeouts.
 */
import type { FirewallConfig, FirewallTemplate, Timeouts } from '../types.js';
import { DEFAULTS, MAX_CONNECTIONS } from '../defaults.js';
import { Obj, items, need, opt, type Field, type Issues } from '../reader.js';
import { BOOL, NAME, SECONDS, intIn, namesList, oneOf } from '../values.js';
import { readRule } from './rules.js';

const TIMEOUT_KEYS = Object.keys(DEFAULTS.firewall.timeouts) as (keyof Timeouts)[];

function readRules(issues: Issues, f: Field, what: string) {
  return items(issues, f, `a list of ${what}`).map((item) => readRule(issues, item));
}

function readTemplate(issues: Issues, f: Field): FirewallTemplate {
  const o = new Obj(issues, f, ['name', 'preAppliance', 'postAppliance']);
  return {
    name: need(issues, o.get('name'), NAME) ?? '',
    preAppliance: readRules(issues, o.get('preAppliance'), 'pre-appliance rules'),
    postAppliance: readRules(issues, o.get('postAppliance'), 'post-appliance rules'),
  };
}

function readTimeouts(issues: Issues, f: Field): Timeouts {
  const o = new Obj(issues, f, TIMEOUT_KEYS);
  const d = DEFAULTS.firewall.timeouts;
  const out = { ...d };
  for (const key of TIMEOUT_KEYS) out[key] = opt(issues, o.get(key), SECONDS, d[key]);
  return out;
}

export function readFirewall(issues: Issues, f: Field): FirewallConfig {
  const o = new Obj(issues, f, [
    'templates',
    'apply',
    'policies',
    'defaultAction',
    'maxConnections',
    'evictWhenFull',
    'timeouts',
  ]);
  const d = DEFAULTS.firewall;
  return {
    templates: items(issues, o.get('templates'), 'a list of firewall policy templates').map((t) => readTemplate(issues, t)),
    apply: opt(issues, o.get('apply'), namesList('a list of firewall policy template names'), []),
    policies: readRules(issues, o.get('policies'), 'site policies'),
    defaultAction: opt(issues, o.get('defaultAction'), oneOf('a default action', ['allow', 'drop', 'reject'] as const), d.defaultAction),
    maxConnections: opt(
      issues,
      o.get('maxConnections'),
      intIn(1, MAX_CONNECTIONS, `a connection count (1-${MAX_CONNECTIONS})`),
      d.maxConnections,
    ),
    evictWhenFull: opt(issues, o.get('evictWhenFull'), BOOL, d.evictWhenFull),
    timeouts: readTimeouts(issues, o.get('timeouts')),
  };
}
