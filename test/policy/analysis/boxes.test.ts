// A rule's boxes mean exactly what the reference classifier's matchHolds means, and box
// subtraction leaves exactly the packets of one box that the other lacks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, PolicyEntry } from '../../../policy/index.js';
import { MATCH_ANY, buildPolicyList, matchHolds, prefixFromText } from '../../../policy/index.js';
import { boxesMeet, fieldsOutside, matchBoxes, subtractBox, type Box } from '../../../policy/analysis/boxes.js';
import { arbAppConfig, arbTuple, configOf, ruleOf, tupleOf } from '../../testing/index.js';
import { arbTupleInAny, boxHolds } from './helpers.js';

/** A config with its policy list, and tuples aimed at it. */
const arbCase = arbAppConfig({ maxRulesPerTier: 4, maxTemplates: 2 }).chain((config) => {
  const entries = buildPolicyList(config);
  return fc.record({
    config: fc.constant(config),
    entries: fc.constant(entries),
    a: fc.integer({ min: 0, max: entries.length - 1 }),
    b: fc.integer({ min: 0, max: entries.length - 1 }),
    tuples: fc.array(arbTuple(config), { minLength: 20, maxLength: 20 }),
  });
});

function boxesOf(config: AppConfig, e: PolicyEntry): Box[] {
  return matchBoxes(e.match, config.zones.length);
}

describe('match boxes', () => {
  it('hold a tuple exactly when matchHolds does (random configs and tuples)', () => {
    fc.assert(
      fc.property(arbCase, ({ config, entries, a, tuples }) => {
        const e = entries[a]!;
        const boxes = boxesOf(config, e);
        for (const t of tuples) expect(boxes.some((b) => boxHolds(b, t))).toBe(matchHolds(e.match, t));
      }),
      { numRuns: 300 },
    );
  });

  it('hold only tuples that match (tuples drawn from inside the boxes)', () => {
    fc.assert(
      fc.property(
        arbCase.filter(({ config, entries, a }) => boxesOf(config, entries[a]!).length > 0).chain((c) =>
          fc.record({ c: fc.constant(c), inside: fc.array(arbTupleInAny(boxesOf(c.config, c.entries[c.a]!)), { minLength: 10, maxLength: 10 }) }),
        ),
        ({ c, inside }) => {
          for (const t of inside) expect(matchHolds(c.entries[c.a]!.match, t)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('restrict a rule with ports to TCP and UDP, and split it by family', () => {
    const config = configOf({ policies: [ruleOf('web', { match: { dstPort: [443] } })] });
    const web = buildPolicyList(config).find((e) => e.name === 'web')!;
    const boxes = boxesOf(config, web);
    expect(boxes.map((b) => b.family)).toEqual([4, 6]);
    expect(boxes[0]!.sets[2]).toEqual([6n, 6n, 17n, 17n]);
    expect(boxes[0]!.sets[4]).toEqual([443n, 443n]);
    expect(boxes.some((b) => boxHolds(b, tupleOf({ proto: 'icmp', dstPort: 443 })))).toBe(false);
    expect(boxes.some((b) => boxHolds(b, tupleOf({ proto: 'udp', dstPort: 443 })))).toBe(true);
  });

  it('are empty when the match admits no packet', () => {
    const v4 = prefixFromText('10.0.0.0/8');
    const v6 = prefixFromText('2001:db8::/32');
    expect(matchBoxes({ ...MATCH_ANY, src: [v4], dst: [v6] }, 3)).toEqual([]);
    expect(matchBoxes({ ...MATCH_ANY, protocol: 1, dstPort: [{ lo: 80, hi: 80 }] }, 3)).toEqual([]);
    expect(matchBoxes({ ...MATCH_ANY, dst: [] }, 3)).toEqual([]);
    expect(matchBoxes({ ...MATCH_ANY, application: { name: 'A', entries: [] } }, 3)).toEqual([]);
  });
});

describe('box subtraction', () => {
  it('leaves exactly the tuples of a that b lacks, in disjoint pieces', () => {
    fc.assert(
      fc.property(arbCase, ({ config, entries, a, b, tuples }) => {
        const as = boxesOf(config, entries[a]!);
        const bs = boxesOf(config, entries[b]!);
        for (const x of as) {
          for (const y of bs) {
            const pieces: Box[] = [];
            const n = subtractBox(x, y, pieces);
            // Counted without cutting: one piece per field where x sticks out of y.
            if (boxesMeet(x, y)) expect(fieldsOutside(x, y)).toBe(n);
            for (const t of tuples) {
              const inPieces = pieces.filter((p) => boxHolds(p, t)).length;
              expect(inPieces).toBeLessThanOrEqual(1);
              expect(inPieces === 1).toBe(boxHolds(x, t) && !boxHolds(y, t));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
