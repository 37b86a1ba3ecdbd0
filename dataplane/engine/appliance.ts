/**
 * The appliance as tables: everything the packet path reads that follows from the config
 * alone — interfaces (zone, VLAN), the route table, the destinations the appliance keeps, the
 * policy list with one action code per entry, the compiled classifier, and where each redirect
 * rule sends the initiator's packets (firewall interface and VLAN). Built once per run and
 * read-only on the hot path.
 */
import {
  CompiledClassifier,
  RouteTable,
  zoneId,
  type AppConfig,
  type ConnectionMatchType,
  type PolicyEntry,
} from '../../policy/index.js';
import { Destinations } from './destinations.js';

export const ACTION = { allow: 1, drop: 2, reject: 3, redirect: 4, countAndContinue: 5 } as const;
const ACTION_CODE: Readonly<Record<string, number>> = {
  allow: ACTION.allow,
  drop: ACTION.drop,
  reject: ACTION.reject,
  redirect: ACTION.redirect,
  'count-and-continue': ACTION.countAndContinue,
};

export class ApplianceTables {
  readonly config: AppConfig;
  readonly symmetric: boolean;
  readonly matchType: ConnectionMatchType;
  readonly interfaceNames: readonly string[];
  /** Per interface: zone id and VLAN (-1: none). */
  readonly ifaceZone: Int32Array;
  readonly ifaceVlan: Int32Array;
  /** VLAN id → the interface with that `vlan`, or -1. */
  readonly vlanToIface: Int32Array;
  readonly routes: RouteTable;
  readonly destinations: Destinations;
  readonly policies: readonly PolicyEntry[];
  readonly classifier: CompiledClassifier;
  /** Per policy entry: ACTION code; for redirects, the firewall interface (1/2) and VLAN (-1:
   * untagged) of the initiator side, and whether the rule names the provisioned instance's
   * template (else its packets drop vm-down). */
  readonly entryAction: Uint8Array;
  readonly entryFwIface: Uint8Array;
  readonly entryFwVlan: Int32Array;
  readonly entryInstanceOk: Uint8Array;
  /** Per entry: the service redirection interface replies use under symmetric matching — the
   * template's one on the other firewall interface with the same VLAN, else the rule's own. */
  readonly entryReplySri: readonly (string | null)[];
  readonly defaultEntry: number;

  constructor(config: AppConfig) {
    this.config = config;
    this.matchType = config.global.connectionMatchType;
    this.symmetric = this.matchType === 'symmetric';
    const ifaces = config.interfaces;
    this.interfaceNames = ifaces.map((i) => i.name);
    this.ifaceZone = Int32Array.from(ifaces.map((i) => zoneId(config, i.zone)));
    this.ifaceVlan = Int32Array.from(ifaces.map((i) => i.vlan ?? -1));
    this.vlanToIface = new Int32Array(4096).fill(-1);
    ifaces.forEach((iface, index) => {
      if (iface.vlan !== null && this.vlanToIface[iface.vlan] < 0) this.vlanToIface[iface.vlan] = index;
    });
    this.routes = new RouteTable(config);
    this.destinations = new Destinations(config);
    this.classifier = new CompiledClassifier(config);
    this.policies = this.classifier.policies;
    const n = this.policies.length;
    this.entryAction = new Uint8Array(n);
    this.entryFwIface = new Uint8Array(n);
    this.entryFwVlan = new Int32Array(n).fill(-1);
    this.entryInstanceOk = new Uint8Array(n);
    const instanceTemplate = config.hostedFirewall.instance?.template ?? null;
    const replySri: (string | null)[] = [];
    for (const entry of this.policies) {
      const i = entry.index;
      this.entryAction[i] = ACTION_CODE[entry.action] ?? 0;
      const r = entry.redirect;
      replySri.push(null);
      if (r === null) continue;
      this.entryFwIface[i] = r.interface;
      this.entryFwVlan[i] = r.vlan ?? -1;
      this.entryInstanceOk[i] = r.template === instanceTemplate ? 1 : 0;
      const template = config.hostedFirewall.templates.find((t) => t.name === r.template);
      const other = template?.serviceRedirectInterfaces.find((s) => s.interface === 3 - r.interface && s.vlan === r.vlan);
      replySri[i] = other?.name ?? r.serviceRedirectInterface;
    }
    this.entryReplySri = replySri;
    this.defaultEntry = n - 1;
  }

  interfaceIndex(name: string): number {
    return this.interfaceNames.indexOf(name);
  }
}
