/**
 * The compiled classifier: the same decisions as ReferenceClassifier, built for the per-packet
 * path (program.ts explains the tables). A lookup: six class lookups (two binary searches, the
 * rest direct table reads), then the first two bitset words straight from small per-class
 * copies (where most packets of broad policies are decided), then per partition (layout.ts,
 * less those words) the aggregated bit vector — AND the six summaries, 32 bitset words at a
 * time, AND the full words only where every summary has a bit, stop at the partition's first
 * non-continuing match or at a word whose entries cannot beat the best so far. No allocation once every decision met has been interned: typed arrays
 * and int32 arithmetic only.
 *
 * Tuple fields must be in their documented domains (tuple.ts): zones -1 … zones-1, services
 * 0–5, protocol 0–255, ports 0–65535, VLAN -1 … 4095, DSCP 0–63, fragment 0/1.
 */
import type { AppConfig } from '../config/types.js';
import type { PolicyEntry, Tuple } from '../model/index.js';
import { buildPolicyList } from '../model/index.js';
import type { Classifier } from './decisions.js';
import { DecisionTable } from './decisions.js';
import { describeProgram } from './describe.js';
import type { AddressField } from './address-field.js';
import type { Program } from './program.js';
import { SERVICE_DOMAIN, compile } from './program.js';

/** Lead words kept per class: layout.ts's HEAD sub-rules fill two. */
const LEAD_STRIDE = 2;

export class CompiledClassifier implements Classifier {
  readonly policies: readonly PolicyEntry[];
  private readonly config: AppConfig;
  private readonly program: Program;
  private readonly decisions: DecisionTable;
  private readonly defaultEntry: number;
  private readonly words: number;
  private readonly summaryWords: number;
  private readonly owner: Int32Array;
  private readonly firstEntry: Int32Array;
  private readonly storage: Int32Array;
  private readonly continues: Uint32Array;
  /** Bitset words [0, lead) — the start of the first partition, where broad rules near the top
   * of the list decide most packets — are also kept apart, LEAD_STRIDE words per class: a few
   * kilobytes a field, so the common lookup ANDs words that stay in L1 and needs no summary. */
  private readonly lead: number;
  private readonly srcLead: Uint32Array;
  private readonly dstLead: Uint32Array;
  private readonly spLead: Uint32Array;
  private readonly dpLead: Uint32Array;
  private readonly zsLead: Uint32Array;
  private readonly restLead: Uint32Array;
  /** Per partition, less the lead words: its first and last summary word, the masks of its
   * bits in them, and its first (least) entry. */
  private readonly partitionCount: number;
  /** The least first entry of any partition (the default entry when there is none). */
  private readonly partsFirstEntry: number;
  /** scanPartitions' second result. */
  private scanPassed = 0;
  private readonly partStartJ: Int32Array;
  private readonly partEndJ: Int32Array;
  private readonly partLoMask: Int32Array;
  private readonly partHiMask: Int32Array;
  private readonly partFirstEntry: Int32Array;
  /** Entries of the continuing sub-rules that matched, noted during a lookup. */
  private readonly passedScratch: Int32Array;
  // Class lookups (program.ts).
  private readonly src: AddressField;
  private readonly dst: AddressField;
  private readonly srcPort: Uint16Array;
  private readonly dstPort: Uint16Array;
  private readonly zonePair: Int32Array;
  private readonly zoneStride: number;
  private readonly servicePair: Int32Array;
  private readonly zsTable: Int32Array;
  private readonly zsStride: number;
  private readonly protocolFragmentOf: Int32Array;
  private readonly vlanOf: Int32Array;
  private readonly dscpOf: Int32Array;
  private readonly vdTable: Int32Array;
  private readonly vdStride: number;
  private readonly restTable: Int32Array;
  private readonly restStride: number;
  /** Per field, each class's summary then bitset words (BitsetPool.packed), class c at
   * c * stride, word w at SW + storage[w]. */
  private readonly srcSets: Uint32Array;
  private readonly dstSets: Uint32Array;
  private readonly spSets: Uint32Array;
  private readonly dpSets: Uint32Array;
  private readonly zsSets: Uint32Array;
  private readonly restSets: Uint32Array;

  constructor(config: AppConfig) {
    this.config = config;
    this.policies = buildPolicyList(config);
    this.defaultEntry = this.policies.length - 1;
    const continuable = this.policies.filter((p) => p.action === 'count-and-continue').length;
    this.decisions = new DecisionTable(this.policies.length, continuable);
    const p = compile(this.policies, config.zones.length);
    this.program = p;
    this.words = p.srcPool.words;
    this.summaryWords = p.srcPool.summaryWords;
    this.owner = p.owner;
    this.firstEntry = p.firstEntry;
    this.storage = p.storage;
    this.continues = p.continues;
    // The first partition starts at word 0 (layout.ts); the rest of it stays a partition.
    const first = p.partitions[0];
    this.lead = first === undefined ? 0 : Math.min(LEAD_STRIDE, first.wordEnd);
    const parts = p.partitions
      .map((q, i) => (i === 0 ? { wordStart: this.lead, wordEnd: q.wordEnd } : q))
      .filter((q) => q.wordStart < q.wordEnd);
    this.partitionCount = parts.length;
    this.partStartJ = Int32Array.from(parts, (q) => q.wordStart >>> 5);
    this.partEndJ = Int32Array.from(parts, (q) => (q.wordEnd - 1) >>> 5);
    this.partLoMask = Int32Array.from(parts, (q) => -1 << (q.wordStart & 31));
    this.partHiMask = Int32Array.from(parts, (q) => {
      const top = q.wordEnd - (((q.wordEnd - 1) >>> 5) << 5); // words used in the last summary word, 1–32
      return top === 32 ? -1 : (1 << top) - 1;
    });
    this.partFirstEntry = Int32Array.from(parts, (q) => p.firstEntry[q.wordStart]!);
    this.partsFirstEntry = Math.min(this.defaultEntry, ...this.partFirstEntry);
    this.passedScratch = new Int32Array(Math.max(1, p.slots.filter((x) => x?.continues).length));
    this.src = p.src;
    this.dst = p.dst;
    this.srcPort = p.srcPort;
    this.dstPort = p.dstPort;
    this.zonePair = p.zonePair;
    this.zoneStride = p.zoneStride;
    this.servicePair = p.servicePair;
    this.zsTable = p.zonesServices.table;
    this.zsStride = p.zonesServices.bCount;
    this.protocolFragmentOf = p.protocolFragmentOf;
    this.vlanOf = p.vlan.table;
    this.dscpOf = p.dscp.table;
    this.vdTable = p.vlanDscp.table;
    this.vdStride = p.vlanDscp.bCount;
    this.restTable = p.rest.table;
    this.restStride = p.rest.bCount;
    this.srcSets = p.srcPool.packed(p.storage);
    this.dstSets = p.dstPool.packed(p.storage);
    this.spSets = p.srcPortPool.packed(p.storage);
    this.dpSets = p.dstPortPool.packed(p.storage);
    this.zsSets = p.zonesServices.pool.packed(p.storage);
    this.restSets = p.rest.pool.packed(p.storage);
    const stride = this.summaryWords + this.words;
    const leadOf = (sets: Uint32Array): Uint32Array => {
      const out = new Uint32Array((sets.length / stride) * LEAD_STRIDE);
      for (let c = 0; c < sets.length / stride; c++) {
        for (let w = 0; w < this.lead; w++) {
          out[c * LEAD_STRIDE + w] = sets[c * stride + this.summaryWords + p.storage[w]!]!;
        }
      }
      return out;
    };
    this.srcLead = leadOf(this.srcSets);
    this.dstLead = leadOf(this.dstSets);
    this.spLead = leadOf(this.spSets);
    this.dpLead = leadOf(this.dpSets);
    this.zsLead = leadOf(this.zsSets);
    this.restLead = leadOf(this.restSets);
  }

  // Bit tricks keep to int32 (`(0 - x) | 0`, not `-x`): -(-2^31) is a double, and a double
  // in this loop gets boxed.
  classify(t: Tuple): number {
    const cSrc = this.src.classOf(t.family, t.src);
    const cDst = this.dst.classOf(t.family, t.dst);
    const cSp = this.srcPort[t.srcPort]!;
    const cDp = this.dstPort[t.dstPort]!;
    const zones = this.zonePair[(t.fromZone + 1) * this.zoneStride + t.toZone + 1]!;
    const services = this.servicePair[t.srcService * SERVICE_DOMAIN + t.dstService]!;
    const cZs = this.zsTable[zones * this.zsStride + services]!;
    const pf = this.protocolFragmentOf[(t.fragment << 8) | t.proto]!;
    const vd = this.vdTable[this.vlanOf[t.vlan + 1]! * this.vdStride + this.dscpOf[t.dscp]!]!;
    const cRest = this.restTable[pf * this.restStride + vd]!;

    const cont = this.continues;
    const owner = this.owner;
    let best = this.defaultEntry;
    let passedCount = 0;
    // The lead words: the first match decides (entries grow along them), earlier continuing
    // matches are noted.
    {
      const l0 = this.srcLead, l1 = this.dstLead, l2 = this.spLead, l3 = this.dpLead, l4 = this.zsLead, l5 = this.restLead;
      const lead = this.lead;
      for (let w = 0; w < lead; w++) {
        const m =
          l0[cSrc * LEAD_STRIDE + w]! & l1[cDst * LEAD_STRIDE + w]! & l2[cSp * LEAD_STRIDE + w]! &
          l3[cDp * LEAD_STRIDE + w]! & l4[cZs * LEAD_STRIDE + w]! & l5[cRest * LEAD_STRIDE + w]!;
        if (m === 0) continue;
        const passed = m & cont[w]!;
        const decides = m & ~passed;
        if (decides === 0) {
          passedCount = this.note(passed, w, passedCount);
          continue;
        }
        const low = decides & ((0 - decides) | 0);
        if (passed !== 0) passedCount = this.note(passed & ((low - 1) | 0), w, passedCount);
        best = owner[(w << 5) + 31 - Math.clz32(low)]!;
        break;
      }
    }

    if (this.partsFirstEntry < best) {
      best = this.scanPartitions(cSrc, cDst, cSp, cDp, cZs, cRest, best, passedCount);
      passedCount = this.scanPassed;
    }
    // Nothing continued: the decision id is the entry itself (decisions.ts).
    if (passedCount === 0) return best;
    return this.decideWithPassed(best, passedCount);
  }

  /** The partitions' part of a lookup (the classes, the best entry and the passed count so
   * far); returns the best entry and leaves the passed count in scanPassed. Apart from
   * classify so that its common path stays small. */
  private scanPartitions(
    cSrc: number,
    cDst: number,
    cSp: number,
    cDp: number,
    cZs: number,
    cRest: number,
    best: number,
    passedCount: number,
  ): number {
    const W = this.words;
    const SW = this.summaryWords;
    const cont = this.continues;
    const owner = this.owner;
    const f0 = this.srcSets, f1 = this.dstSets, f2 = this.spSets, f3 = this.dpSets, f4 = this.zsSets, f5 = this.restSets;
    const stride = SW + W;
    const o0 = cSrc * stride, o1 = cDst * stride, o2 = cSp * stride;
    const o3 = cDp * stride, o4 = cZs * stride, o5 = cRest * stride;
    const firstEntry = this.firstEntry;
    const storage = this.storage;
    const partFirstEntry = this.partFirstEntry;
    const partStartJ = this.partStartJ;
    const partEndJ = this.partEndJ;
    const partLoMask = this.partLoMask;
    const partHiMask = this.partHiMask;
    const partitionCount = this.partitionCount;
    for (let p = 0; p < partitionCount; p++) {
      if (partFirstEntry[p]! >= best) continue;
      const jStart = partStartJ[p]!;
      const jEnd = partEndJ[p]!;
      scan: for (let j = jStart; j <= jEnd; j++) {
        let sum = f0[o0 + j]! & f1[o1 + j]! & f2[o2 + j]! & f3[o3 + j]! & f4[o4 + j]! & f5[o5 + j]!;
        if (j === jStart) sum &= partLoMask[p]!;
        if (j === jEnd) sum &= partHiMask[p]!;
        while (sum !== 0) {
          const low = sum & ((0 - sum) | 0);
          sum ^= low;
          const w = (j << 5) + 31 - Math.clz32(low);
          // Entries only grow along a partition: nothing from here on can decide earlier.
          if (firstEntry[w]! >= best) break scan;
          const x = SW + storage[w]!;
          const m = f0[o0 + x]! & f1[o1 + x]! & f2[o2 + x]! & f3[o3 + x]! & f4[o4 + x]! & f5[o5 + x]!;
          if (m === 0) continue;
          const passed = m & cont[w]!;
          const decides = m & ~passed;
          if (decides === 0) {
            passedCount = this.note(passed, w, passedCount);
            continue;
          }
          const first = decides & ((0 - decides) | 0);
          if (passed !== 0) passedCount = this.note(passed & ((first - 1) | 0), w, passedCount);
          const e = owner[(w << 5) + 31 - Math.clz32(first)]!;
          if (e < best) best = e;
          break scan;
        }
      }
    }
    this.scanPassed = passedCount;
    return best;
  }

  decisionRule(id: number): number {
    return this.decisions.rule(id);
  }

  decisionContinued(id: number): readonly number[] {
    return this.decisions.continued(id);
  }

  /** The program as text: sub-rules, each field's pieces and classes (golden-tested). */
  describe(): string {
    return describeProgram(this.program, this.policies, this.config.zones);
  }

  /** Notes the entries of the continuing bits set in word `w`; returns the new count. */
  private note(bits: number, w: number, count: number): number {
    while (bits !== 0) {
      const low = bits & ((0 - bits) | 0);
      bits ^= low;
      this.passedScratch[count++] = this.owner[(w << 5) + 31 - Math.clz32(low)]!;
    }
    return count;
  }

  /** The decision `best` with the noted entries before it passed, in list order, each once
   * (the partitions noted them out of order, an entry's sub-rules possibly in several). */
  private decideWithPassed(best: number, count: number): number {
    const a = this.passedScratch;
    for (let i = 1; i < count; i++) {
      const v = a[i]!;
      let k = i - 1;
      while (k >= 0 && a[k]! > v) {
        a[k + 1] = a[k]!;
        k--;
      }
      a[k + 1] = v;
    }
    const d = this.decisions;
    d.begin();
    for (let i = 0; i < count && a[i]! < best; i++) d.pass(a[i]!);
    return d.finish(best);
  }
}
