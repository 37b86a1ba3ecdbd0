// coveredByOne (one cutter box, no pieces built) against uncovered with that one cutter: the
// same answer and the same steps spent, so the budget runs out at the same place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicyList } from '../../../policy/index.js';
import { matchBoxes } from '../../../policy/analysis/boxes.js';
import { Budget, COVERED, coveredByOne, uncovered } from '../../../policy/analysis/cover.js';
import { arbAppConfig } from '../../testing/index.js';

/** A config's entries' boxes, two of them picked (the region and the cutter's entry), and a
 * budget small enough to run out now and then. */
const arbCase = arbAppConfig({ maxRulesPerTier: 4, maxTemplates: 2 }).chain((config) => {
  const boxes = buildPolicyList(config).map((e) => matchBoxes(e.match, config.zones.length));
  return fc.record({
    boxes: fc.constant(boxes),
    region: fc.integer({ min: 0, max: boxes.length - 1 }),
    cutter: fc.integer({ min: 0, max: boxes.length - 1 }),
    box: fc.nat(),
    budget: fc.integer({ min: 0, max: 40 }),
  });
});

describe('one cutter box', () => {
  it('covers a region exactly when uncovered says so, for the same steps', () => {
    const seen = { covered: 0, not: 0, out: 0 };
    fc.assert(
      fc.property(arbCase, ({ boxes, region, cutter, box, budget }) => {
        const cutters = boxes[cutter]!;
        fc.pre(cutters.length > 0);
        const c = cutters[box % cutters.length]!;
        const fast = new Budget(budget);
        const plain = new Budget(budget);
        const left = uncovered(boxes[region]!, [c], plain);
        const answer = coveredByOne(boxes[region]!, c, fast);
        expect(answer).toBe(left === null ? null : left === COVERED);
        if (answer !== null) expect(fast.remaining()).toBe(plain.remaining());
        seen[answer === null ? 'out' : answer ? 'covered' : 'not']++;
      }),
      { numRuns: 400 },
    );
    expect(Math.min(seen.covered, seen.not, seen.out)).toBeGreaterThan(3);
  });
});
