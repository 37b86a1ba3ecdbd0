/**
 * The appliance configuration as policy/ represents it once loaded and validated: plain data,
 * units resolved (seconds, bits per second, bytes), names cross-checked. SPEC.md (Config) is
 * the contract for the file; this is the contract for the code that reads it.
 */

export type Family = 4 | 6;

/** An IPv4 or IPv6 prefix as numbers: `words` holds the address as four big-endian 32-bit
 * words (IPv4 uses words[0] only, the rest 0), host bits cleared. */
export interface Prefix {
  readonly family: Family;
  readonly words: readonly [number, number, number, number];
  readonly length: number;
  /** As written in the config (for messages and lint). */
  readonly text: string;
}

/** An interface address: the host address and the prefix it sits in. */
export interface InterfaceAddress {
  readonly address: Prefix; // host prefix (/32 or /128)
  readonly subnet: Prefix;
  readonly text: string;
}

export interface PortRange {
  readonly lo: number;
  readonly hi: number;
}

export const SERVICE_TYPES = ['local', 'virtual-path', 'internet', 'intranet', 'ip-host'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const BUILTIN_ZONES = ['Default_LAN_Zone', 'Internet_Zone', 'Untrusted_Internet_Zone'] as const;

export interface ApplianceConfig {
  readonly name: string;
  readonly model: string;
  readonly managementIp: Prefix; // host prefix
  readonly services: { readonly cloudDirect: boolean; readonly wanop: boolean };
  readonly ha: { readonly enabled: boolean };
}

export type ConnectionMatchType = 'symmetric' | 'directional';

export interface GlobalConfig {
  readonly connectionMatchType: ConnectionMatchType;
  readonly office365Breakout: boolean;
}

export interface InterfaceConfig {
  readonly name: string;
  readonly vlan: number | null;
  readonly zone: string;
  readonly addresses: readonly InterfaceAddress[];
}

export interface RouteConfig {
  readonly prefix: Prefix;
  readonly via: string; // interface name
  readonly service: ServiceType;
}

/** One entry of an application: all given fields must hold. */
export interface ApplicationEntry {
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
}

export interface ApplicationConfig {
  readonly name: string;
  readonly match: readonly ApplicationEntry[];
}

export type ManagementServer =
  | { readonly kind: 'ip'; readonly address: Prefix; readonly text: string }
  | { readonly kind: 'fqdn'; readonly name: string; readonly text: string };

export interface ServiceRedirectInterface {
  readonly name: string;
  readonly interface: 1 | 2;
  readonly vlan: number | null; // null: untagged
}

export type VmModel = 'VM-50' | 'VM-100';

export interface HostedFirewallTemplate {
  readonly name: string;
  readonly vendor: 'palo-alto-networks';
  readonly deploymentMode: 'virtual-wire';
  readonly model: VmModel;
  readonly managementServers: {
    readonly primary: ManagementServer | null;
    readonly secondary: ManagementServer | null;
  };
  readonly serviceRedirectInterfaces: readonly ServiceRedirectInterface[];
}

export const VM_STATES = ['up', 'down', 'booting', 'disabled', 'not-provisioned'] as const;
export type VmState = (typeof VM_STATES)[number];

export interface HostedFirewallInstance {
  readonly template: string;
  readonly image: string;
  readonly state: VmState;
  readonly sites: readonly string[];
  readonly authKey: string | null;
  readonly authCode: string | null;
  readonly probe: { readonly address: Prefix; readonly intervalSeconds: number } | null;
}

export interface CeilingConfig {
  readonly rateBitsPerSecond: number;
  readonly burstBytes: number;
  readonly queueSeconds: number; // 0: police
  readonly scope: 'aggregate' | 'per-direction';
}

export interface HostedFirewallConfig {
  readonly images: readonly string[];
  readonly templates: readonly HostedFirewallTemplate[];
  readonly instance: HostedFirewallInstance | null;
  readonly ceiling: CeilingConfig;
}

export type PolicyAction = 'allow' | 'drop' | 'reject' | 'count-and-continue' | 'redirect';
export type DefaultAction = 'allow' | 'drop' | 'reject';

/** Match criteria of an SD-WAN firewall policy; null means "any". */
export interface RuleMatch {
  readonly fromZone: string | null;
  readonly toZone: string | null;
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
  readonly application: string | null;
  readonly dscp: number | null;
  readonly srcService: ServiceType | null;
  readonly dstService: ServiceType | null;
  readonly vlan: number | null;
  readonly allowFragments: boolean;
}

export interface PolicyRule {
  readonly name: string;
  readonly type: 'standard' | 'hosted-firewall';
  readonly action: PolicyAction;
  /** For `type: hosted-firewall`: the hosted firewall template and its service redirection
   * interface (names checked against hostedFirewall.templates). */
  readonly hostedFirewall: string | null;
  readonly serviceRedirectInterface: string | null;
  readonly match: RuleMatch;
  readonly reverseAlso: boolean;
  readonly log: boolean;
  /** Config path of the rule, e.g. `firewall.templates[0].preAppliance[1]`. */
  readonly path: string;
}

export interface FirewallTemplate {
  readonly name: string;
  readonly preAppliance: readonly PolicyRule[];
  readonly postAppliance: readonly PolicyRule[];
}

/** Seconds. */
export interface Timeouts {
  readonly tcpInitial: number;
  readonly tcpIdle: number;
  readonly tcpClosing: number;
  readonly tcpTimeWait: number;
  readonly tcpClosed: number;
  readonly udpInitial: number;
  readonly udpIdle: number;
  readonly icmpIdle: number;
  readonly genericIdle: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  tcpInitial: 120,
  tcpIdle: 7440,
  tcpClosing: 10,
  tcpTimeWait: 5,
  tcpClosed: 10,
  udpInitial: 30,
  udpIdle: 300,
  icmpIdle: 60,
  genericIdle: 300,
};

export interface FirewallConfig {
  readonly templates: readonly FirewallTemplate[];
  readonly apply: readonly string[];
  readonly policies: readonly PolicyRule[];
  readonly defaultAction: DefaultAction;
  readonly maxConnections: number;
  readonly evictWhenFull: boolean;
  readonly timeouts: Timeouts;
}

export type VwireAction = 'allow' | 'deny' | 'drop' | 'reset-client';

export interface VwireSubinterface {
  readonly interface: 1 | 2;
  readonly vlan: number | null; // null: untagged frames
  readonly zone: string;
}

export interface VwireRule {
  readonly name: string;
  readonly from: string; // firewall zone or 'any'
  readonly to: string;
  readonly src: readonly Prefix[] | null;
  readonly dst: readonly Prefix[] | null;
  readonly srcPort: readonly PortRange[] | null;
  readonly dstPort: readonly PortRange[] | null;
  readonly protocol: number | null;
  readonly action: VwireAction;
  readonly path: string;
}

export interface VwireConfig {
  readonly subinterfaces: readonly VwireSubinterface[];
  readonly rules: readonly VwireRule[];
  readonly rejectNonSynTcp: boolean;
  readonly processingLatencySeconds: number;
}

export interface AppConfig {
  readonly version: 1;
  readonly appliance: ApplianceConfig;
  readonly global: GlobalConfig;
  /** Declared zones plus the built-in ones, declared first, no duplicates. */
  readonly zones: readonly string[];
  readonly interfaces: readonly InterfaceConfig[];
  readonly routes: readonly RouteConfig[];
  readonly applications: readonly ApplicationConfig[];
  readonly hostedFirewall: HostedFirewallConfig;
  readonly firewall: FirewallConfig;
  readonly vwire: VwireConfig;
}

/** Where a config path was written: for errors and lint findings. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
}

export interface LoadedConfig {
  readonly config: AppConfig;
  readonly file: string;
  /** The location of a dotted/indexed config path (`firewall.policies[3].match`), or of its
   * nearest written ancestor; null when nothing of it was written. */
  locate(path: string): SourceLocation | null;
}
