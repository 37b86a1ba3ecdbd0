/**
 * The route table (SPEC "Semantics": longest prefix wins, ties in config order, same address
 * family only). Built once from `AppConfig.routes`; `lookup` scans the family's routes in
 * descending prefix length — a branch has a handful of routes, and a scan over typed arrays
 * beats any trie at that size. The answer is the route's index in `config.routes`, so callers
 * read its interface, zone and service from the parallel arrays here.
 */
import type { AppConfig } from '../config/types.js';
import { chainsimError } from '../errors.js';
import { maskWord } from './match.js';
import { SERVICE_ID } from './tuple.js';
import { zoneId } from './zones.js';

/** One family's routes, longest prefix first, config order among equals. */
interface FamilyRoutes {
  readonly count: number;
  readonly words: Uint32Array; // 4 per route, host bits cleared
  readonly masks: Uint32Array; // 4 per route
  readonly index: Int32Array; // the route's index in config.routes
}

export class RouteTable {
  private readonly v4: FamilyRoutes;
  private readonly v6: FamilyRoutes;
  /** Per route (index in config.routes): SERVICE_ID of its service. */
  readonly service: Uint8Array;
  /** Per route: the zone id of its interface (index in config.zones). */
  readonly zone: Int32Array;
  /** Per route: the index of its interface in config.interfaces. */
  readonly iface: Int32Array;

  constructor(config: AppConfig) {
    const routes = config.routes;
    this.service = new Uint8Array(routes.length);
    this.zone = new Int32Array(routes.length);
    this.iface = new Int32Array(routes.length);
    routes.forEach((r, i) => {
      const ifIndex = config.interfaces.findIndex((f) => f.name === r.via);
      if (ifIndex < 0) {
        throw chainsimError(
          'CHAINSIM_CONFIG',
          `building the route table: routes[${i}] goes via unknown interface "${r.via}"`,
        );
      }
      this.iface[i] = ifIndex;
      this.zone[i] = zoneId(config, config.interfaces[ifIndex]!.zone);
      this.service[i] = SERVICE_ID[r.service];
    });
    this.v4 = packFamily(config, 4);
    this.v6 = packFamily(config, 6);
  }

  /** The index in `config.routes` of the route for `words` (an address of `family`), or -1. */
  lookup(family: number, words: Uint32Array): number {
    if (family === 4) {
      const t = this.v4;
      const a = words[0]!;
      for (let i = 0; i < t.count; i++) {
        if (((a & t.masks[4 * i]!) >>> 0) === t.words[4 * i]) return t.index[i]!;
      }
      return -1;
    }
    const t = this.v6;
    const a0 = words[0]!;
    const a1 = words[1]!;
    const a2 = words[2]!;
    const a3 = words[3]!;
    for (let i = 0; i < t.count; i++) {
      const o = 4 * i;
      if (
        ((a0 & t.masks[o]!) >>> 0) === t.words[o] &&
        ((a1 & t.masks[o + 1]!) >>> 0) === t.words[o + 1] &&
        ((a2 & t.masks[o + 2]!) >>> 0) === t.words[o + 2] &&
        ((a3 & t.masks[o + 3]!) >>> 0) === t.words[o + 3]
      ) {
        return t.index[i]!;
      }
    }
    return -1;
  }
}

function packFamily(config: AppConfig, family: 4 | 6): FamilyRoutes {
  const picked = config.routes
    .map((r, i) => ({ prefix: r.prefix, i }))
    .filter((r) => r.prefix.family === family)
    // Array.prototype.sort is stable: equal lengths keep config order (the tie rule).
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const n = picked.length;
  const words = new Uint32Array(4 * n);
  const masks = new Uint32Array(4 * n);
  const index = new Int32Array(n);
  picked.forEach((r, k) => {
    index[k] = r.i;
    for (let w = 0; w < 4; w++) {
      const m = maskWord(r.prefix.length, w);
      masks[4 * k + w] = m;
      words[4 * k + w] = (r.prefix.words[w] & m) >>> 0;
    }
  });
  return { count: n, words, masks, index };
}
