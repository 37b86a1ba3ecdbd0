/**
 * `hostedFirewall`: images, hosted firewall templates (vendor, model, management servers,
 * service redirection interfaces), the provisioned instance and the redirect ceiling. Absent, the
 * appliance has no templates and no instance; the ceiling keeps its defaults either way.
 */
import type {
  CeilingConfig,
  HostedFirewallConfig,
  HostedFirewallInstance,
  HostedFirewallTemplate,
  ManagementServer,
  ServiceRedirectInterface,
} from '../types.js';
import { VM_STATES } from '../types.js';
import { DEFAULTS } from '../defaults.js';
import { notA } from '../messages.js';
import { readAddress } from '../addresses.js';
import { Obj, items, need, opt, plainValue, type Field, type Issues, type Reader } from '../reader.js';
import {
  ADDRESS,
  DURATION,
  FW_INTERFACE,
  NAME,
  PLACEHOLDER_PREFIX,
  RATE,
  SIZE,
  TEXT,
  VLAN_ID,
  listOf,
  nameOf,
  namesList,
  oneOf,
} from '../values.js';

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A DNS name: dot-separated labels, a top label that is not all digits (else it is a mistyped
 * IPv4 address, which must be reported as such). */
function isFqdn(s: string): boolean {
  const name = s.endsWith('.') ? s.slice(0, -1) : s;
  const labels = name.split('.');
  return name.length <= 253 && labels.every((l) => HOST_LABEL.test(l)) && !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

const MANAGEMENT_SERVER: Reader<ManagementServer> = {
  expected: 'an IP address or a host name (like 192.0.2.10 or panorama.example.com)',
  read(issues, f, node) {
    const v = plainValue(node);
    if (typeof v === 'string') {
      const ip = readAddress(v);
      if (ip.ok) return { kind: 'ip', address: ip.value, text: v };
      if (isFqdn(v)) return { kind: 'fqdn', name: v.toLowerCase(), text: v };
    }
    issues.at(f, notA(v, this.expected));
    return undefined;
  },
};

function readRedirectInterface(issues: Issues, f: Field): ServiceRedirectInterface {
  const o = new Obj(issues, f, ['name', 'interface', 'vlan']);
  return {
    name: need(issues, o.get('name'), nameOf('a service redirection interface name')) ?? '',
    interface: need(issues, o.get('interface'), FW_INTERFACE) ?? 1,
    vlan: opt(issues, o.get('vlan'), VLAN_ID, DEFAULTS.hostedFirewall.redirectVlan),
  };
}

function readTemplate(issues: Issues, f: Field): HostedFirewallTemplate {
  const o = new Obj(issues, f, [
    'name',
    'vendor',
    'deploymentMode',
    'model',
    'managementServers',
    'serviceRedirectInterfaces',
  ]);
  const servers = new Obj(issues, o.get('managementServers'), ['primary', 'secondary']);
  const d = DEFAULTS.hostedFirewall;
  return {
    name: need(issues, o.get('name'), NAME) ?? '',
    vendor: opt(issues, o.get('vendor'), oneOf('a supported vendor', [d.vendor]), d.vendor),
    // Greyed out on the appliance: implied by the vendor, accepted only with its one value.
    deploymentMode: opt(issues, o.get('deploymentMode'), oneOf('the deployment mode', [d.deploymentMode]), d.deploymentMode),
    model: need(issues, o.get('model'), oneOf('a VM model', ['VM-50', 'VM-100'] as const)) ?? 'VM-50',
    managementServers: {
      primary: opt(issues, servers.get('primary'), MANAGEMENT_SERVER, null),
      secondary: opt(issues, servers.get('secondary'), MANAGEMENT_SERVER, null),
    },
    serviceRedirectInterfaces: items(issues, o.get('serviceRedirectInterfaces'), 'a list of service redirection interfaces').map(
      (item) => readRedirectInterface(issues, item),
    ),
  };
}

const POSITIVE_DURATION: Reader<number> = {
  expected: DURATION.expected,
  read(issues, f, node) {
    const v = DURATION.read(issues, f, node);
    if (v === 0) issues.at(f, notA(plainValue(node), 'a duration above 0'));
    return v === 0 ? undefined : v;
  },
};

function readInstance(issues: Issues, f: Field, applianceName: string): HostedFirewallInstance | null {
  if (f.node === null) return null;
  const o = new Obj(issues, f, ['template', 'image', 'state', 'sites', 'authKey', 'authCode', 'probe']);
  const probe = o.get('probe');
  const p = new Obj(issues, probe, ['address', 'interval']);
  return {
    template: need(issues, o.get('template'), nameOf('a hosted firewall template name')) ?? '',
    image: need(issues, o.get('image'), nameOf('an image name')) ?? '',
    state: opt(issues, o.get('state'), oneOf('a VM state', VM_STATES), DEFAULTS.hostedFirewall.instanceState),
    // The instance runs on this appliance: its site unless the file names the HA pair's.
    sites: opt(issues, o.get('sites'), listOf(NAME, 'a list of site names'), [applianceName]),
    authKey: opt(issues, o.get('authKey'), TEXT, null),
    authCode: opt(issues, o.get('authCode'), TEXT, null),
    probe:
      probe.node === null
        ? null
        : {
            address: need(issues, p.get('address'), ADDRESS) ?? PLACEHOLDER_PREFIX,
            intervalSeconds: opt(issues, p.get('interval'), POSITIVE_DURATION, DEFAULTS.hostedFirewall.probeIntervalSeconds),
          },
  };
}

function readCeiling(issues: Issues, f: Field): CeilingConfig {
  const o = new Obj(issues, f, ['rate', 'burst', 'queue', 'scope']);
  const d = DEFAULTS.hostedFirewall.ceiling;
  return {
    rateBitsPerSecond: opt(issues, o.get('rate'), RATE, d.rateBitsPerSecond),
    burstBytes: opt(issues, o.get('burst'), SIZE, d.burstBytes),
    queueSeconds: opt(issues, o.get('queue'), DURATION, d.queueSeconds),
    scope: opt(issues, o.get('scope'), oneOf('a ceiling scope', ['aggregate', 'per-direction'] as const), d.scope),
  };
}

export function readHostedFirewall(issues: Issues, f: Field, applianceName: string): HostedFirewallConfig {
  const o = new Obj(issues, f, ['images', 'templates', 'instance', 'ceiling']);
  return {
    images: opt(issues, o.get('images'), namesList('a list of image names'), []),
    templates: items(issues, o.get('templates'), 'a list of hosted firewall templates').map((t) => readTemplate(issues, t)),
    instance: readInstance(issues, o.get('instance'), applianceName),
    ceiling: readCeiling(issues, o.get('ceiling')),
  };
}
