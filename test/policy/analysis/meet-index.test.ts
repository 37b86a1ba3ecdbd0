// The candidate index (meet-index.ts) against the plain scan it replaces: for every entry, the
// earlier deciding entries with a box meeting its boxes, in order — no more (its filters are
// only shortcuts to the exact test), and no fewer (they must never call meeting boxes apart,
// 128-bit addresses included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, PolicyRule } from '../../../policy/index.js';
import { MATCH_ANY, buildPolicyList } from '../../../policy/index.js';
import { FIELD_INDEX as F, matchBoxes, type Box, type Field } from '../../../policy/analysis/boxes.js';
import type { Intervals } from '../../../policy/analysis/intervals.js';
import { MeetIndex } from '../../../policy/analysis/meet-index.js';
import type { RuleShape } from '../../testing/index.js';
import { arbAppConfig, arbPolicyRule, ruleContextOf, withPolicies } from '../../testing/index.js';
import { plainCandidateLists } from './plain-reachability.js';

/** Index candidates and plain candidates of every entry of `config`. */
function bothCandidates(config: AppConfig): { fast: number[][]; plain: number[][] } {
  const entries = buildPolicyList(config);
  const boxes = entries.map((e) => matchBoxes(e.match, config.zones.length));
  const decides = entries.map((e) => e.action !== 'count-and-continue');
  const index = new MeetIndex(
    boxes,
    entries.flatMap((_, i) => (decides[i] ? [i] : [])),
  );
  return { fast: boxes.map((_, i) => index.meeting(i)), plain: plainCandidateLists(boxes, decides) };
}

/** A config with 40–120 site rules of one shape: more boxes than the index samples to choose
 * its dimension. */
const arbManyRules = fc
  .tuple(arbAppConfig({ maxRulesPerTier: 2, maxTemplates: 1 }), fc.constantFrom<RuleShape>('overlapping', 'narrow'))
  .chain(([config, shape]) =>
    fc
      .array(arbPolicyRule(ruleContextOf(config), 'rule', 'firewall.policies[0]', shape), { minLength: 40, maxLength: 120 })
      .map((rules: PolicyRule[]) => withPolicies(config, rules)),
  );

/** A box of `family` matching anything but the given fields. */
function boxWith(family: 4 | 6, fields: Partial<Record<Field, Intervals>>): Box {
  const base = matchBoxes(MATCH_ANY, 3).find((b) => b.family === family)!;
  const sets = [...base.sets];
  for (const [f, set] of Object.entries(fields)) sets[F[f as Field]] = set;
  return { family, sets };
}

describe('candidate index', () => {
  it('gives the plain scan\'s candidates on random configs', () => {
    let some = 0;
    fc.assert(
      fc.property(arbAppConfig({ maxRulesPerTier: 5, maxTemplates: 2 }), (config) => {
        const { fast, plain } = bothCandidates(config);
        expect(fast).toEqual(plain);
        some += plain.filter((c) => c.length > 0).length;
      }),
      { numRuns: 200 },
    );
    expect(some).toBeGreaterThan(500);
  });

  it('gives the plain scan\'s candidates on configs with many rules, overlapping or narrow', () => {
    fc.assert(
      fc.property(arbManyRules, (config) => {
        const { fast, plain } = bothCandidates(config);
        expect(fast).toEqual(plain);
      }),
      { numRuns: 25 },
    );
  });

  it('tells 128-bit neighbours, families and sets with gaps apart exactly', () => {
    const top = (1n << 128n) - 1n;
    // top and top - 1 are the same double: only the exact test can tell them apart.
    expect(Number(top)).toBe(Number(top - 1n));
    const boxes: Box[][] = [
      [boxWith(6, { dst: [top - 1n, top - 1n] })], // 0
      [boxWith(6, { dst: [top, top] })], // 1
      [boxWith(4, {})], // 2: any IPv4 packet
      [boxWith(4, { dstPort: [1n, 2n, 8n, 9n] })], // 3: a hull of 1–9 with a hole at 3–7
      [boxWith(6, { dst: [top, top] })], // 4
      [boxWith(4, { dstPort: [4n, 5n] })], // 5
      [boxWith(6, { dst: [top - 1n, top] })], // 6
      [boxWith(6, { dst: [0n, (1n << 32n) - 1n] })], // 7: IPv6, with IPv4's address values
      [boxWith(4, { dstPort: [9n, 9n] }), boxWith(6, { src: [top, top] })], // 8
    ];
    const index = new MeetIndex(boxes, [0, 1, 2, 3]);
    expect(index.meeting(4)).toEqual([1]);
    expect(index.meeting(5)).toEqual([2]);
    expect(index.meeting(6)).toEqual([0, 1]);
    expect(index.meeting(7)).toEqual([]);
    expect(index.meeting(8)).toEqual([0, 1, 2, 3]);
    expect(index.meeting(8)).toEqual([0, 1, 2, 3]); // asked again, the same
    // Only earlier entries: 0 has none, 3 sees 2 but not itself.
    expect(index.meeting(0)).toEqual([]);
    expect(index.meeting(3)).toEqual([2]);
  });
});
