import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tuple } from '../../../policy/index.js';
import { anyPrefixContains, hasPorts, portInRanges } from '../../../policy/index.js';
import { boxOf, covers, intersects, type Conditions } from '../../../vwire/analysis/index.js';
import { matchOf } from '../../testing/index.js';
import { arbPacket, arbVwireRule } from '../firewall/helpers.js';

function cond(m: Parameters<typeof matchOf>[0]): Conditions {
  return matchOf(m);
}

/** Whether a packet meets the conditions, read straight from SPEC's matching rules. */
function holds(c: Conditions, t: Tuple): boolean {
  if (c.protocol !== null && c.protocol !== t.proto) return false;
  if ((c.srcPort !== null || c.dstPort !== null) && !hasPorts(t.proto)) return false;
  if (!portInRanges(c.srcPort, t.srcPort) || !portInRanges(c.dstPort, t.dstPort)) return false;
  return anyPrefixContains(c.src, t.family, t.src) && anyPrefixContains(c.dst, t.family, t.dst);
}

describe('boxes', () => {
  it('are empty when their conditions admit no packet', () => {
    expect(boxOf(cond({ protocol: 1, dstPort: [443] }))).toBeNull();
    expect(boxOf(cond({ src: ['10.0.0.0/8'], dst: ['2001:db8::/32'] }))).toBeNull();
    expect(boxOf(cond({ dst: [] }))).toBeNull();
    expect(boxOf(cond({ dstPort: [443] }))?.protocols).toEqual([6, 17]);
    expect(boxOf(cond({}))?.protocols).toBeNull();
  });

  it('meet when some packet is in both', () => {
    const web = boxOf(cond({ dst: ['172.16.0.0/12'], dstPort: [443], protocol: 6 }))!;
    expect(intersects(web, boxOf(cond({ dst: ['172.16.5.0/24'] }))!)).toBe(true);
    expect(intersects(web, boxOf(cond({ dst: ['10.0.0.0/8'] }))!)).toBe(false);
    expect(intersects(web, boxOf(cond({ protocol: 17 }))!)).toBe(false);
    expect(intersects(web, boxOf(cond({ dstPort: ['400-500'] }))!)).toBe(true);
    // Source IPv6 only and destination IPv4 only: no packet has both.
    expect(intersects(boxOf(cond({ src: ['2001:db8::/32'] }))!, web)).toBe(false);
  });

  it('cover when every packet of one is in the other', () => {
    const web = boxOf(cond({ dst: ['172.16.0.0/12'], dstPort: [443], protocol: 6 }))!;
    expect(covers(boxOf(cond({}))!, web)).toBe(true);
    expect(covers(boxOf(cond({ dstPort: ['0-442', '443-443', '444-65535'] }))!, web)).toBe(true);
    expect(covers(boxOf(cond({ dstPort: ['0-442', '444-65535'] }))!, boxOf(cond({ protocol: 6, dstPort: ['400-500'] }))!)).toBe(false);
    expect(covers(boxOf(cond({ dstPort: ['1-65535'] }))!, boxOf(cond({ protocol: 6 }))!)).toBe(false);
    expect(covers(boxOf(cond({ dstPort: ['0-65535'] }))!, boxOf(cond({}))!)).toBe(false); // ICMP is not in it
    expect(covers(boxOf(cond({ dst: ['172.16.0.0/16'] }))!, web)).toBe(false);
    // An IPv4-only box is covered by a rule that names IPv4 space only.
    expect(covers(boxOf(cond({ src: ['0.0.0.0/0'] }))!, web)).toBe(true);
    expect(covers(boxOf(cond({ src: ['0.0.0.0/0'] }))!, boxOf(cond({}))!)).toBe(false);
  });

  it('intersects and covers agree with packets: a shared packet means they meet, a covered packet lies in the cover', () => {
    const arbConditions = (i: number) => arbVwireRule(i).map((r): Conditions => r);
    fc.assert(
      fc.property(
        fc.tuple(arbConditions(0), arbConditions(1)).chain(([a, b]) => {
          const rules = [a, b].map((c, i) => ({ ...c, name: `c${i}`, from: 'any', to: 'any', action: 'allow' as const, path: '' }));
          return fc.tuple(fc.constant(a), fc.constant(b), fc.array(arbPacket(rules), { minLength: 30, maxLength: 30 }));
        }),
        ([a, b, packets]) => {
          const ba = boxOf(a);
          const bb = boxOf(b);
          for (const t of packets) {
            const inA = holds(a, t);
            const inB = holds(b, t);
            if (inA) expect(ba).not.toBeNull();
            if (inA && inB) expect(intersects(ba!, bb!)).toBe(true);
            if (inB && ba !== null && covers(ba, bb!)) expect(inA).toBe(true);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
