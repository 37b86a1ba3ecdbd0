/**
 * Builders for AppConfig pieces in code, with SPEC's defaults filled in, for tests and for
 * users' own: `matchOf({ dst: ['10.0.0.0/8'], dstPort: [443] })`, `ruleOf('web', {...})`,
 * `configOf({ firewall: { policies: [...] } })`, `tupleOf({ src: '10.1.2.3', dstPort: 443 })`.
 * Text goes through the same prefix parsing the rest of policy/ uses.
 */
import type {
  AppConfig,
  FirewallConfig,
  FirewallTemplate,
  HostedFirewallTemplate,
  PolicyAction,
  PolicyRule,
  PortRange,
  Prefix,
  RuleMatch,
  Tuple,
} from '../../policy/index.js';
import { BUILTIN_ZONES, DEFAULT_TIMEOUTS, SERVICE_ID, SERVICE_NONE, newTuple, prefixFromText } from '../../policy/index.js';

export type PrefixInput = string | Prefix;
export type PortInput = number | string | PortRange;

export interface MatchInput {
  fromZone?: string | null;
  toZone?: string | null;
  src?: readonly PrefixInput[] | null;
  dst?: readonly PrefixInput[] | null;
  srcPort?: readonly PortInput[] | null;
  dstPort?: readonly PortInput[] | null;
  protocol?: number | null;
  application?: string | null;
  dscp?: number | null;
  srcService?: RuleMatch['srcService'];
  dstService?: RuleMatch['dstService'];
  vlan?: number | null;
  allowFragments?: boolean;
}

export function prefixOf(p: PrefixInput): Prefix {
  return typeof p === 'string' ? prefixFromText(p) : p;
}

/** 443, "1000-2000" or {lo, hi}. */
export function portRangeOf(p: PortInput): PortRange {
  if (typeof p === 'number') return { lo: p, hi: p };
  if (typeof p === 'string') {
    const [lo, hi = lo] = p.split('-').map(Number);
    return { lo: lo!, hi: hi! };
  }
  return p;
}

export function matchOf(m: MatchInput = {}): RuleMatch {
  return {
    fromZone: m.fromZone ?? null,
    toZone: m.toZone ?? null,
    src: m.src == null ? null : m.src.map(prefixOf),
    dst: m.dst == null ? null : m.dst.map(prefixOf),
    srcPort: m.srcPort == null ? null : m.srcPort.map(portRangeOf),
    dstPort: m.dstPort == null ? null : m.dstPort.map(portRangeOf),
    protocol: m.protocol ?? null,
    application: m.application ?? null,
    dscp: m.dscp ?? null,
    srcService: m.srcService ?? null,
    dstService: m.dstService ?? null,
    vlan: m.vlan ?? null,
    allowFragments: m.allowFragments ?? true,
  };
}

export interface RuleInput {
  action?: PolicyAction;
  /** A hosted-firewall rule: its template and service redirection interface (action redirect). */
  redirect?: { hostedFirewall: string; serviceRedirectInterface: string };
  match?: MatchInput;
  reverseAlso?: boolean;
  path?: string;
}

export function ruleOf(name: string, r: RuleInput = {}): PolicyRule {
  return {
    name,
    type: r.redirect ? 'hosted-firewall' : 'standard',
    action: r.redirect ? 'redirect' : (r.action ?? 'allow'),
    hostedFirewall: r.redirect?.hostedFirewall ?? null,
    serviceRedirectInterface: r.redirect?.serviceRedirectInterface ?? null,
    match: matchOf(r.match),
    reverseAlso: r.reverseAlso ?? false,
    log: false,
    path: r.path ?? `rule ${name}`,
  };
}

/** A hosted-firewall template as SPEC's example: LAN-side on interface 1 and WAN-side on 2,
 * both VLAN 100; management servers as given (IP text, `fqdn:name`, or null). */
export function hostedFirewallTemplateOf(
  name: string,
  primary: string | null = '192.0.2.10',
  secondary: string | null = '192.0.2.11',
): HostedFirewallTemplate {
  const server = (s: string | null) =>
    s === null
      ? null
      : s.startsWith('fqdn:')
        ? { kind: 'fqdn' as const, name: s.slice(5), text: s.slice(5) }
        : { kind: 'ip' as const, address: prefixFromText(s), text: s };
  return {
    name,
    vendor: 'palo-alto-networks',
    deploymentMode: 'virtual-wire',
    model: 'VM-100',
    managementServers: { primary: server(primary), secondary: server(secondary) },
    serviceRedirectInterfaces: [
      { name: 'LAN-side', interface: 1, vlan: 100 },
      { name: 'WAN-side', interface: 2, vlan: 100 },
    ],
  };
}

export interface ConfigInput {
  connectionMatchType?: AppConfig['global']['connectionMatchType'];
  office365Breakout?: boolean;
  zones?: readonly string[];
  applications?: AppConfig['applications'];
  hostedFirewallTemplates?: readonly HostedFirewallTemplate[];
  templates?: readonly FirewallTemplate[];
  apply?: readonly string[];
  policies?: readonly PolicyRule[];
  defaultAction?: FirewallConfig['defaultAction'];
  routes?: readonly { prefix: PrefixInput; via: string; service: AppConfig['routes'][number]['service'] }[];
}

const MANAGEMENT_IP = prefixFromText('172.31.255.1');

/** The default config's routes (SPEC). */
const DEFAULT_ROUTES: ConfigInput['routes'] & object = [
  { prefix: prefixFromText('10.0.0.0/8'), via: 'LAN-1', service: 'local' },
  { prefix: prefixFromText('172.16.0.0/12'), via: 'LAN-1', service: 'local' },
  { prefix: prefixFromText('192.168.0.0/16'), via: 'LAN-1', service: 'local' },
  { prefix: prefixFromText('2001:db8:1::/48'), via: 'LAN-1', service: 'local' },
  { prefix: prefixFromText('0.0.0.0/0'), via: 'WAN-1', service: 'internet' },
  { prefix: prefixFromText('::/0'), via: 'WAN-1', service: 'internet' },
];

/** A valid AppConfig on SPEC's two-port branch (LAN-1, WAN-1, the default config's routes),
 * with the given policy parts. Zones: the given ones, then the built-ins not among them. */
export function configOf(c: ConfigInput = {}): AppConfig {
  const declared = c.zones ?? ['Default_LAN_Zone', 'Untrusted_Internet_Zone'];
  const zones = [...declared, ...BUILTIN_ZONES.filter((z) => !declared.includes(z))];
  const routes = c.routes ?? DEFAULT_ROUTES;
  const templates = c.hostedFirewallTemplates ?? [];
  return {
    version: 1,
    appliance: {
      name: 'Branch-1',
      model: '1100',
      managementIp: MANAGEMENT_IP,
      services: { cloudDirect: false, wanop: false },
      ha: { enabled: false },
    },
    global: {
      connectionMatchType: c.connectionMatchType ?? 'symmetric',
      office365Breakout: c.office365Breakout ?? false,
    },
    zones,
    interfaces: [
      { name: 'LAN-1', vlan: null, zone: 'Default_LAN_Zone', addresses: [] },
      { name: 'WAN-1', vlan: null, zone: 'Untrusted_Internet_Zone', addresses: [] },
    ],
    routes: routes.map((r) => ({ prefix: prefixOf(r.prefix), via: r.via, service: r.service })),
    applications: c.applications ?? [],
    hostedFirewall: {
      images: templates.length > 0 ? ['PA-VM-10.1.qcow2'] : [],
      templates,
      instance:
        templates.length > 0
          ? {
              template: templates[0]!.name,
              image: 'PA-VM-10.1.qcow2',
              state: 'up',
              sites: ['Branch-1'],
              authKey: null,
              authCode: null,
              probe: null,
            }
          : null,
      ceiling: { rateBitsPerSecond: 1e8, burstBytes: 62500, queueSeconds: 0, scope: 'aggregate' },
    },
    firewall: {
      templates: c.templates ?? [],
      apply: c.apply ?? (c.templates ?? []).map((t) => t.name),
      policies: c.policies ?? [],
      defaultAction: c.defaultAction ?? 'allow',
      maxConnections: 1048576,
      evictWhenFull: true,
      timeouts: DEFAULT_TIMEOUTS,
    },
    vwire: {
      subinterfaces: [
        { interface: 1, vlan: 100, zone: 'trust' },
        { interface: 2, vlan: 100, zone: 'untrust' },
      ],
      rules: [],
      rejectNonSynTcp: true,
      processingLatencySeconds: 0,
    },
  };
}

export interface TupleInput {
  proto?: number | 'tcp' | 'udp' | 'icmp' | 'icmpv6';
  src?: string;
  dst?: string;
  srcPort?: number;
  dstPort?: number;
  fromZone?: number;
  toZone?: number;
  srcService?: keyof typeof SERVICE_ID | 'none';
  dstService?: keyof typeof SERVICE_ID | 'none';
  vlan?: number;
  dscp?: number;
  tcpFlags?: number;
  fragment?: number;
}

const PROTO_NUMBERS = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 } as const;

/** A Tuple from readable parts (family from the source address; defaults: TCP from 10.1.2.3
 * to 198.51.100.7, ports 40000 → 443, no zones, no services, untagged). */
export function tupleOf(p: TupleInput = {}): Tuple {
  const t = newTuple();
  const src = prefixFromText(p.src ?? '10.1.2.3');
  const dst = prefixFromText(p.dst ?? '198.51.100.7');
  t.family = src.family;
  t.src.set(src.words);
  t.dst.set(dst.words);
  t.proto = typeof p.proto === 'string' ? PROTO_NUMBERS[p.proto] : (p.proto ?? 6);
  t.srcPort = p.srcPort ?? 40000;
  t.dstPort = p.dstPort ?? 443;
  t.fromZone = p.fromZone ?? -1;
  t.toZone = p.toZone ?? -1;
  const svc = (s: TupleInput['srcService']) => (s === undefined || s === 'none' ? SERVICE_NONE : SERVICE_ID[s]);
  t.srcService = svc(p.srcService);
  t.dstService = svc(p.dstService);
  t.vlan = p.vlan ?? -1;
  t.dscp = p.dscp ?? 0;
  t.tcpFlags = p.tcpFlags ?? 0;
  t.fragment = p.fragment ?? 0;
  return t;
}

/** The tuple of the reply: addresses, ports, zones and services swapped. */
export function reverseTuple(t: Tuple): Tuple {
  const r = newTuple();
  r.family = t.family;
  r.proto = t.proto;
  r.src.set(t.dst);
  r.dst.set(t.src);
  r.srcPort = t.dstPort;
  r.dstPort = t.srcPort;
  r.fromZone = t.toZone;
  r.toZone = t.fromZone;
  r.srcService = t.dstService;
  r.dstService = t.srcService;
  r.vlan = t.vlan;
  r.dscp = t.dscp;
  r.tcpFlags = t.tcpFlags;
  r.fragment = t.fragment;
  return r;
}

/** Words of an address text (for assertions). */
export function wordsOf(text: string): Uint32Array {
  return Uint32Array.from(prefixFromText(text).words);
}
