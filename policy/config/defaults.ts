/**
 * Every default of the config, in one place (SPEC.md: Config). The section readers take a value
 * from here whenever a key is left out; nothing else invents defaults.
 */
import { DEFAULT_TIMEOUTS } from './types.js';
import type { CeilingConfig, ConnectionMatchType, DefaultAction, VmState } from './types.js';

export const DEFAULTS = {
  appliance: {
    /** The only appliance that hosts a firewall VM (DOMAIN.md). */
    model: '1100',
    cloudDirect: false,
    wanop: false,
    haEnabled: false,
  },
  global: {
    /** The appliance's own default: policies are direction-specific unless told otherwise. */
    connectionMatchType: 'directional' as ConnectionMatchType,
    office365Breakout: false,
  },
  interface: { vlan: null },
  hostedFirewall: {
    vendor: 'palo-alto-networks' as const,
    deploymentMode: 'virtual-wire' as const,
    /** A service redirection interface without `vlan` carries untagged frames. */
    redirectVlan: null,
    /** A written instance is one that has been provisioned and has booted. */
    instanceState: 'up' as VmState,
    // instance.sites defaults to [appliance.name], the one default that depends on another
    // value: it is filled in sections/hosted-firewall.ts.
    probeIntervalSeconds: 1,
    /** The datasheet's 100 Mbit/s, a burst of 5 ms at that rate, policing. */
    ceiling: { rateBitsPerSecond: 1e8, burstBytes: 62500, queueSeconds: 0, scope: 'aggregate' } as CeilingConfig,
  },
  rule: {
    type: 'standard' as const,
    /** `type: hosted-firewall` rules always redirect (SPEC.md). */
    hostedFirewallAction: 'redirect' as const,
    allowFragments: true,
    reverseAlso: false,
    log: false,
  },
  firewall: {
    defaultAction: 'allow' as DefaultAction,
    maxConnections: 1048576,
    evictWhenFull: true,
    timeouts: DEFAULT_TIMEOUTS,
  },
  vwire: {
    /** A firewall rule without `from`/`to` applies to any zone. */
    zone: 'any',
    subinterfaceVlan: null,
    rejectNonSynTcp: true,
    processingLatencySeconds: 0,
  },
} as const;

/** The largest connection table a config may ask for: the dataplane allocates it up front. */
export const MAX_CONNECTIONS = 16_777_216;
