/**
 * The virtual wire's sub-interfaces: (interface 1 or 2, VLAN) → firewall zone, as one typed
 * array indexed by interface and VLAN (-1 for untagged frames, then 0–4095), so that a frame's
 * zones are two loads.
 *
 * Firewall zones are the firewall's own namespace (SPEC.md "Hosted firewall"): ids are given in
 * order of first appearance in `vwire.subinterfaces`, then rules' zones that no sub-interface
 * has (possible only in configs built in code: the loader rejects them), so every zone a rule
 * names has an id. `any` is never a zone: it is the rules' wildcard.
 */
import { chainsimError, type VwireConfig } from '../../policy/index.js';

/** Zone id of "no sub-interface here". */
export const NO_ZONE = -1;
/** A rule's `any`. */
export const ANY_ZONE = -2;

/** Untagged (-1) and 0–4095. */
const VLAN_SLOTS = 4097;

export class Subinterfaces {
  /** Zone names by id. */
  readonly zones: readonly string[];
  private readonly table = new Int32Array(2 * VLAN_SLOTS).fill(NO_ZONE);

  constructor(vwire: VwireConfig) {
    const zones: string[] = [];
    const idOf = (name: string): number => {
      let id = zones.indexOf(name);
      if (id < 0) id = zones.push(name) - 1;
      return id;
    };
    for (const s of vwire.subinterfaces) {
      const vlan = s.vlan ?? -1;
      if (vlan < -1 || vlan > 4095 || !Number.isInteger(vlan)) {
        throw chainsimError('CHAINSIM_CONFIG', `building the hosted firewall: sub-interface VLAN ${vlan} is not 0-4095`);
      }
      this.table[(s.interface - 1) * VLAN_SLOTS + vlan + 1] = idOf(s.zone);
    }
    for (const r of vwire.rules) {
      if (r.from !== 'any') idOf(r.from);
      if (r.to !== 'any') idOf(r.to);
    }
    this.zones = zones;
  }

  /** The zone of the sub-interface of `iface` for `vlan` (-1: untagged), or NO_ZONE. */
  zoneAt(iface: number, vlan: number): number {
    if (vlan < -1 || vlan > 4095 || (iface !== 1 && iface !== 2)) return NO_ZONE;
    return this.table[(iface - 1) * VLAN_SLOTS + vlan + 1];
  }

  /** The id of a rule's zone (`any` → ANY_ZONE). */
  zoneId(name: string): number {
    return name === 'any' ? ANY_ZONE : this.zones.indexOf(name);
  }
}
