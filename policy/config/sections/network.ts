/**
 * The appliance itself and its network: `appliance`, `global`, `zones`, `interfaces`, `routes`,
 * `applications` (SPEC.md: Config). Names are only read here; crossref.ts checks what they refer to.
 */
import type {
  ApplianceConfig,
  ApplicationConfig,
  ApplicationEntry,
  GlobalConfig,
  InterfaceConfig,
  RouteConfig,
} from '../types.js';
import { DEFAULTS } from '../defaults.js';
import { Obj, items, need, opt, plainValue, present, type Field, type Issues, type Reader } from '../reader.js';
import {
  ADDRESS,
  BOOL,
  INTERFACE_ADDRESS,
  NAME,
  PORTS,
  PREFIX,
  PREFIXES,
  PROTOCOL,
  PLACEHOLDER_PREFIX,
  SERVICE,
  VLAN_ID,
  listOf,
  nameOf,
  namesList,
  oneOf,
} from '../values.js';

const MODEL_NAME = nameOf('an appliance model (like "1100")');

/** `model: 1100` unquoted is a number in YAML; it still names the model. */
const MODEL: Reader<string> = {
  expected: MODEL_NAME.expected,
  read(issues, f, node) {
    const v = plainValue(node);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
    return MODEL_NAME.read(issues, f, node);
  },
};

export function readAppliance(issues: Issues, f: Field): ApplianceConfig {
  const o = new Obj(issues, f, ['name', 'model', 'managementIp', 'services', 'ha']);
  const services = new Obj(issues, o.get('services'), ['cloudDirect', 'wanop']);
  const ha = new Obj(issues, o.get('ha'), ['enabled']);
  const d = DEFAULTS.appliance;
  return {
    name: need(issues, o.get('name'), NAME) ?? '',
    model: opt(issues, o.get('model'), MODEL, d.model),
    managementIp: need(issues, o.get('managementIp'), ADDRESS) ?? PLACEHOLDER_PREFIX,
    services: {
      cloudDirect: opt(issues, services.get('cloudDirect'), BOOL, d.cloudDirect),
      wanop: opt(issues, services.get('wanop'), BOOL, d.wanop),
    },
    ha: { enabled: opt(issues, ha.get('enabled'), BOOL, d.haEnabled) },
  };
}

export function readGlobal(issues: Issues, f: Field): GlobalConfig {
  const o = new Obj(issues, f, ['connectionMatchType', 'office365Breakout']);
  const d = DEFAULTS.global;
  return {
    connectionMatchType: opt(
      issues,
      o.get('connectionMatchType'),
      oneOf('a connection match type', ['symmetric', 'directional'] as const),
      d.connectionMatchType,
    ),
    office365Breakout: opt(issues, o.get('office365Breakout'), BOOL, d.office365Breakout),
  };
}

export function readZones(issues: Issues, f: Field): string[] {
  return opt(issues, f, namesList('a list of zone names'), []);
}

export function readInterfaces(issues: Issues, f: Field): InterfaceConfig[] {
  if (!present(issues, f, 'a list of interfaces')) return [];
  return items(issues, f, 'a list of interfaces').map((item) => {
    const o = new Obj(issues, item, ['name', 'vlan', 'zone', 'addresses']);
    return {
      name: need(issues, o.get('name'), NAME) ?? '',
      vlan: opt(issues, o.get('vlan'), VLAN_ID, DEFAULTS.interface.vlan),
      zone: need(issues, o.get('zone'), nameOf('a zone name')) ?? '',
      addresses: opt(issues, o.get('addresses'), listOf(INTERFACE_ADDRESS), []),
    };
  });
}

export function readRoutes(issues: Issues, f: Field): RouteConfig[] {
  if (!present(issues, f, 'a list of routes')) return [];
  return items(issues, f, 'a list of routes').map((item) => {
    const o = new Obj(issues, item, ['prefix', 'via', 'service']);
    return {
      prefix: need(issues, o.get('prefix'), PREFIX) ?? PLACEHOLDER_PREFIX,
      via: need(issues, o.get('via'), nameOf('an interface name')) ?? '',
      service: need(issues, o.get('service'), SERVICE) ?? 'local',
    };
  });
}

function readApplicationEntry(issues: Issues, f: Field): ApplicationEntry {
  const o = new Obj(issues, f, ['src', 'dst', 'srcPort', 'dstPort', 'protocol']);
  return {
    src: opt(issues, o.get('src'), PREFIXES, null),
    dst: opt(issues, o.get('dst'), PREFIXES, null),
    srcPort: opt(issues, o.get('srcPort'), PORTS, null),
    dstPort: opt(issues, o.get('dstPort'), PORTS, null),
    protocol: opt(issues, o.get('protocol'), PROTOCOL, null),
  };
}

export function readApplications(issues: Issues, f: Field): ApplicationConfig[] {
  return items(issues, f, 'a list of applications').map((item) => {
    const o = new Obj(issues, item, ['name', 'match']);
    const match = o.get('match');
    present(issues, match, 'a list of match entries');
    return {
      name: need(issues, o.get('name'), NAME) ?? '',
      match: items(issues, match, 'a list of match entries').map((e) => readApplicationEntry(issues, e)),
    };
  });
}
