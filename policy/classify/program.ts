/**
 * The compiled classifier's program: the bit-vector scheme of packet classification. Bits are
 * sub-rules (sub-rules.ts), in list order within partitions (layout.ts). Six fields each map
 * the tuple to a class, a class to the bitset of sub-rules whose condition on that field holds:
 *
 *   src, dst       address pieces per family (address-field.ts)
 *   srcPort, dstPort  direct 65,536-entry tables
 *   zones×services (fromZone × toZone) × (srcService × dstService)
 *   proto×rest     (protocol × fragment) × (VLAN × DSCP)
 *
 * The AND of the six bitsets is the set of matching sub-rules; in each partition its lowest
 * non-continuing bit is that partition's first decider, the earliest entry among them decides,
 * and the continuing bits of entries before it are the count-and-continue entries passed.
 */
import type { PolicyEntry } from '../model/index.js';
import type { PrefixSides } from './address-field.js';
import { AddressField } from './address-field.js';
import { BitsetPool } from './bitset-pool.js';
import type { CrossField, DiscreteField, PortSides } from './small-fields.js';
import { crossField, discreteField, portTable } from './small-fields.js';
import type { Partition } from './layout.js';
import { layOut } from './layout.js';
import type { SubRule } from './sub-rules.js';
import { subRulesOf } from './sub-rules.js';

export const SERVICE_DOMAIN = 6; // SERVICE_NONE and the five SERVICE_ID values
const VLAN_DOMAIN = 4097; // -1 (untagged) … 4095

export interface Program {
  /** The sub-rule at each bit; null: padding. */
  readonly slots: readonly (SubRule | null)[];
  readonly partitions: readonly Partition[];
  /** Bitset word → its position in BitsetPool.packed (layout.ts). */
  readonly storage: Int32Array;
  /** Bit → policy entry (-1 for padding). */
  readonly owner: Int32Array;
  /** Per word: the entry of its first bit, the least in the word (list order within a
   * partition), so a scan stops at a word that cannot beat the best decision so far. */
  readonly firstEntry: Int32Array;
  /** Bit set when the sub-rule continues (count-and-continue). */
  readonly continues: Uint32Array;
  readonly src: AddressField;
  readonly srcPool: BitsetPool;
  readonly dst: AddressField;
  readonly dstPool: BitsetPool;
  readonly srcPort: Uint16Array;
  readonly srcPortPool: BitsetPool;
  readonly dstPort: Uint16Array;
  readonly dstPortPool: BitsetPool;
  readonly fromZone: DiscreteField;
  readonly toZone: DiscreteField;
  readonly zones: CrossField;
  readonly srcService: DiscreteField;
  readonly dstService: DiscreteField;
  readonly services: CrossField;
  readonly zonesServices: CrossField;
  readonly protocol: DiscreteField;
  readonly fragment: DiscreteField;
  readonly protocolFragment: CrossField;
  readonly vlan: DiscreteField;
  readonly dscp: DiscreteField;
  readonly vlanDscp: CrossField;
  readonly rest: CrossField;
  /** Direct tables for the lookup, folding the first stage of each cross product:
   * zones×services class at zsTable[zonePair[(from+1) * zoneStride + to+1] * zsStride +
   * servicePair[srcService * 6 + dstService]]; protocol×fragment class at
   * protocolFragmentOf[fragment << 8 | protocol]. */
  readonly zonePair: Int32Array;
  readonly zoneStride: number;
  readonly servicePair: Int32Array;
  readonly protocolFragmentOf: Int32Array;
}

/** A padding bit: its empty source list holds for no address, so it never matches. */
const NEVER: SubRule = {
  entry: -1,
  continues: false,
  src: [[], null],
  dst: [null, null],
  srcPort: [null, null],
  dstPort: [null, null],
  protocols: null,
  fromZone: null,
  toZone: null,
  srcService: null,
  dstService: null,
  vlan: null,
  dscp: null,
  allowFragments: true,
};

export function compile(policies: readonly PolicyEntry[], zoneCount: number): Program {
  const { slots, partitions, storage } = layOut(subRulesOf(policies));
  const subs = slots.map((s) => s ?? NEVER);
  const n = subs.length;
  const owner = Int32Array.from(subs, (s) => s.entry);
  const firstEntry = Int32Array.from({ length: Math.ceil(n / 32) }, (_, w) => owner[32 * w]!);
  const continues = new Uint32Array(Math.max(1, Math.ceil(n / 32)));
  subs.forEach((s, i) => {
    if (s.continues) continues[i >>> 5]! |= 1 << (i & 31);
  });

  const srcPool = new BitsetPool(n);
  const dstPool = new BitsetPool(n);
  const srcPortPool = new BitsetPool(n);
  const dstPortPool = new BitsetPool(n);
  const src = new AddressField(srcPool, subs.map((s): PrefixSides => s.src));
  const dst = new AddressField(dstPool, subs.map((s): PrefixSides => s.dst));
  const srcPort = portTable(srcPortPool, subs.map((s): PortSides => s.srcPort));
  const dstPort = portTable(dstPortPool, subs.map((s): PortSides => s.dstPort));

  const equality = (pick: (s: SubRule) => number | null, domain: number, offset: number) =>
    discreteField(
      n,
      domain,
      offset,
      subs.map(pick).filter((v): v is number => v !== null),
      (s, v) => {
        const want = pick(subs[s]!);
        return want === null || want === v;
      },
    );
  const fromZone = equality((s) => s.fromZone, zoneCount + 1, 1);
  const toZone = equality((s) => s.toZone, zoneCount + 1, 1);
  const srcService = equality((s) => s.srcService, SERVICE_DOMAIN, 0);
  const dstService = equality((s) => s.dstService, SERVICE_DOMAIN, 0);
  const vlan = equality((s) => s.vlan, VLAN_DOMAIN, 1);
  const dscp = equality((s) => s.dscp, 64, 0);
  const protocol = discreteField(
    n,
    256,
    0,
    subs.flatMap((s) => (s.protocols === null ? [] : [...s.protocols])),
    (s, p) => {
      const set = subs[s]!.protocols;
      return set === null || set.has(p);
    },
  );
  const fragment = discreteField(n, 2, 0, [0, 1], (s, f) => f === 0 || subs[s]!.allowFragments);

  const zones = crossField(fromZone.pool, toZone.pool);
  const services = crossField(srcService.pool, dstService.pool);
  const protocolFragment = crossField(protocol.pool, fragment.pool);
  const vlanDscp = crossField(vlan.pool, dscp.pool);

  const zoneStride = zoneCount + 1;
  const zonePair = new Int32Array(zoneStride * zoneStride);
  for (let f = 0; f < zoneStride; f++) {
    for (let t = 0; t < zoneStride; t++) {
      zonePair[f * zoneStride + t] = zones.table[fromZone.table[f]! * zones.bCount + toZone.table[t]!]!;
    }
  }
  const servicePair = new Int32Array(SERVICE_DOMAIN * SERVICE_DOMAIN);
  for (let a = 0; a < SERVICE_DOMAIN; a++) {
    for (let b = 0; b < SERVICE_DOMAIN; b++) {
      servicePair[a * SERVICE_DOMAIN + b] = services.table[srcService.table[a]! * services.bCount + dstService.table[b]!]!;
    }
  }
  const protocolFragmentOf = new Int32Array(512);
  for (let f = 0; f < 2; f++) {
    for (let q = 0; q < 256; q++) {
      const pq = protocol.table[q]! * protocolFragment.bCount + fragment.table[f]!;
      protocolFragmentOf[(f << 8) | q] = protocolFragment.table[pq]!;
    }
  }
  return {
    slots,
    partitions,
    storage,
    firstEntry,
    zonePair,
    zoneStride,
    servicePair,
    protocolFragmentOf,
    owner,
    continues,
    src,
    srcPool,
    dst,
    dstPool,
    srcPort,
    srcPortPool,
    dstPort,
    dstPortPool,
    fromZone,
    toZone,
    zones,
    srcService,
    dstService,
    services,
    zonesServices: crossField(zones.pool, services.pool),
    protocol,
    fragment,
    protocolFragment,
    vlan,
    dscp,
    vlanDscp,
    rest: crossField(protocolFragment.pool, vlanDscp.pool),
  };
}
