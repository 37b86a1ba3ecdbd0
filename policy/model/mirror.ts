/**
 * The mirror of a match, for `reverseAlso`: source and destination swap in every field that has
 * a side (addresses, ports, zones, services, and inside the application's entries); VLAN, DSCP,
 * protocol and fragments have no side and stay.
 */
import type { ApplicationEntry } from '../config/types.js';
import type { ResolvedMatch } from './policy-entry.js';

export function mirrorMatch(m: ResolvedMatch): ResolvedMatch {
  return {
    ...m,
    fromZone: m.toZone,
    toZone: m.fromZone,
    src: m.dst,
    dst: m.src,
    srcPort: m.dstPort,
    dstPort: m.srcPort,
    srcService: m.dstService,
    dstService: m.srcService,
    application:
      m.application === null
        ? null
        : { name: m.application.name, entries: m.application.entries.map(mirrorEntry) },
  };
}

export function mirrorEntry(e: ApplicationEntry): ApplicationEntry {
  return { src: e.dst, dst: e.src, srcPort: e.dstPort, dstPort: e.srcPort, protocol: e.protocol };
}
