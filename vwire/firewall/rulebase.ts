/**
 * The firewall's security rules compiled into typed arrays, with the two PAN-OS default rules
 * after them as pseudo-rules: index `count` is `intrazone-default` (allow) and `count + 1`
 * `interzone-default` (deny). A lookup is a first-match linear scan (the rulebase of a branch
 * firewall is small) that allocates nothing.
 *
 * Per rule: from/to zone ids (ANY_ZONE for `any`), protocol (-1: any), action, and for each of
 * src, dst, srcPort, dstPort an offset and a count into shared data arrays (count -1: any;
 * 0: an empty list, which matches nothing). A prefix is PREFIX_WORDS Int32 words:
 * [family, mask0..3, value0..3], the value already masked, so an address word matches when
 * `(word & mask) === value` (both sides as signed 32-bit).
 *
 * Semantics are SPEC.md's "Hosted firewall": all given matches must hold; ports match TCP and
 * UDP only (a rule with ports never matches another protocol, as in policy/'s matchers); an
 * IPv4 prefix never matches IPv6.
 */
import { hasPorts, maskWord, type PortRange, type Prefix, type VwireAction, type VwireRule } from '../../policy/index.js';
import { ANY_ZONE, type Subinterfaces } from './subinterfaces.js';

export const INTRAZONE_DEFAULT = 'intrazone-default';
export const INTERZONE_DEFAULT = 'interzone-default';

export const ACTION_ALLOW = 0;
export const ACTION_DENY = 1;
export const ACTION_DROP = 2;
export const ACTION_RESET_CLIENT = 3;

const ACTION_CODES: Readonly<Record<VwireAction, number>> = {
  allow: ACTION_ALLOW,
  deny: ACTION_DENY,
  drop: ACTION_DROP,
  'reset-client': ACTION_RESET_CLIENT,
};

/** Indexed by action code. */
export const ACTION_NAMES: readonly VwireAction[] = ['allow', 'deny', 'drop', 'reset-client'];

const PREFIX_WORDS = 9;
const ANY = -1;

export class Rulebase {
  /** User rules; the defaults follow at `count` and `count + 1`. */
  readonly count: number;
  private readonly names: readonly string[];
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly proto: Int32Array;
  /** Per rule and pseudo-rule. */
  readonly actions: Uint8Array;
  /** 1 when the rule names ports: it can match TCP and UDP only. */
  private readonly needsPorts: Uint8Array;
  /** [src off, src n, dst off, dst n] per rule, in prefixes. */
  private readonly addrRefs: Int32Array;
  /** [srcPort off, srcPort n, dstPort off, dstPort n] per rule, in ranges. */
  private readonly portRefs: Int32Array;
  private readonly prefixData: Int32Array;
  /** [lo, hi] per range. */
  private readonly portData: Int32Array;

  constructor(rules: readonly VwireRule[], zones: Subinterfaces) {
    const n = rules.length;
    this.count = n;
    this.names = [...rules.map((r) => r.name), INTRAZONE_DEFAULT, INTERZONE_DEFAULT];
    this.from = new Int32Array(n);
    this.to = new Int32Array(n);
    this.proto = new Int32Array(n);
    this.actions = new Uint8Array(n + 2);
    this.needsPorts = new Uint8Array(n);
    this.addrRefs = new Int32Array(4 * n);
    this.portRefs = new Int32Array(4 * n);

    const prefixes: Prefix[] = [];
    const ranges: PortRange[] = [];
    const refer = (refs: Int32Array, at: number, list: readonly unknown[] | null, pool: unknown[]) => {
      refs[at] = pool.length;
      refs[at + 1] = list === null ? ANY : list.length;
      if (list !== null) pool.push(...list);
    };
    rules.forEach((r, i) => {
      this.from[i] = zones.zoneId(r.from);
      this.to[i] = zones.zoneId(r.to);
      this.proto[i] = r.protocol ?? ANY;
      this.actions[i] = ACTION_CODES[r.action];
      this.needsPorts[i] = r.srcPort !== null || r.dstPort !== null ? 1 : 0;
      refer(this.addrRefs, 4 * i, r.src, prefixes);
      refer(this.addrRefs, 4 * i + 2, r.dst, prefixes);
      refer(this.portRefs, 4 * i, r.srcPort, ranges);
      refer(this.portRefs, 4 * i + 2, r.dstPort, ranges);
    });
    this.actions[n] = ACTION_ALLOW;
    this.actions[n + 1] = ACTION_DENY;

    this.prefixData = new Int32Array(prefixes.length * PREFIX_WORDS);
    prefixes.forEach((p, k) => {
      const at = k * PREFIX_WORDS;
      this.prefixData[at] = p.family;
      for (let w = 0; w < 4; w++) {
        const mask = maskWord(p.length, w);
        this.prefixData[at + 1 + w] = mask;
        this.prefixData[at + 5 + w] = p.words[w] & mask;
      }
    });
    this.portData = new Int32Array(ranges.length * 2);
    ranges.forEach((r, k) => {
      this.portData[2 * k] = r.lo;
      this.portData[2 * k + 1] = r.hi;
    });
  }

  /** The name of rule or pseudo-rule `i`; null for -1 (no rule) or out of range. */
  ruleName(i: number): string | null {
    return i >= 0 && i < this.names.length ? this.names[i] : null;
  }

  /**
   * The first rule matching a packet from zone `from` to zone `to`; when none does, the
   * intrazone-default (same zone) or interzone-default index.
   */
  lookup(
    from: number,
    to: number,
    family: number,
    proto: number,
    src: Uint32Array,
    dst: Uint32Array,
    srcPort: number,
    dstPort: number,
  ): number {
    const n = this.count;
    const ported = hasPorts(proto);
    for (let i = 0; i < n; i++) {
      const rf = this.from[i];
      if (rf !== ANY_ZONE && rf !== from) continue;
      const rt = this.to[i];
      if (rt !== ANY_ZONE && rt !== to) continue;
      const rp = this.proto[i];
      if (rp !== ANY && rp !== proto) continue;
      if (this.needsPorts[i] === 1) {
        if (!ported) continue;
        if (!this.portsMatch(4 * i, srcPort) || !this.portsMatch(4 * i + 2, dstPort)) continue;
      }
      if (!this.addressMatches(4 * i, family, src) || !this.addressMatches(4 * i + 2, family, dst)) continue;
      return i;
    }
    return from === to ? n : n + 1;
  }

  private addressMatches(ref: number, family: number, words: Uint32Array): boolean {
    const count = this.addrRefs[ref + 1];
    if (count === ANY) return true;
    const data = this.prefixData;
    for (let k = this.addrRefs[ref], end = k + count; k < end; k++) {
      const at = k * PREFIX_WORDS;
      if (data[at] !== family) continue;
      if ((words[0] & data[at + 1]) !== data[at + 5]) continue;
      if (
        family === 6 &&
        ((words[1] & data[at + 2]) !== data[at + 6] ||
          (words[2] & data[at + 3]) !== data[at + 7] ||
          (words[3] & data[at + 4]) !== data[at + 8])
      ) {
        continue;
      }
      return true;
    }
    return false;
  }

  private portsMatch(ref: number, port: number): boolean {
    const count = this.portRefs[ref + 1];
    if (count === ANY) return true;
    const data = this.portData;
    for (let k = this.portRefs[ref], end = k + count; k < end; k++) {
      if (port >= data[2 * k] && port <= data[2 * k + 1]) return true;
    }
    return false;
  }
}
