import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledClassifier, ReferenceClassifier } from '../../../policy/classify/index.js';
import type { RuleShape } from '../../testing/index.js';
import { arbAppConfig, arbPolicyRule, arbTuple, decisionOf, ruleContextOf, withPolicies } from '../../testing/index.js';

// The compiled classifier must mean what the reference means, for every config and tuple:
// same deciding entry, same count-and-continue entries passed.
describe('CompiledClassifier ≡ ReferenceClassifier', () => {
  for (const family of [4, 6] as const) {
    it(`agrees on random configs and IPv${family} tuples`, () => {
      const arb = arbAppConfig().chain((config) =>
        fc.tuple(fc.constant(config), fc.array(arbTuple(config, family), { minLength: 20, maxLength: 20 })),
      );
      fc.assert(
        fc.property(arb, ([config, tuples]) => {
          const ref = new ReferenceClassifier(config);
          const cmp = new CompiledClassifier(config);
          for (const t of tuples) expect(decisionOf(cmp, t)).toEqual(decisionOf(ref, t));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('agrees on bigger rule sets', () => {
    const arb = arbAppConfig({ maxRulesPerTier: 25 }).chain((config) =>
      fc.tuple(fc.constant(config), fc.array(arbTuple(config), { minLength: 200, maxLength: 200 })),
    );
    fc.assert(
      fc.property(arb, ([config, tuples]) => {
        const ref = new ReferenceClassifier(config);
        const cmp = new CompiledClassifier(config);
        for (const t of tuples) expect(decisionOf(cmp, t)).toEqual(decisionOf(ref, t));
      }),
      { numRuns: 200 },
    );
  });

  // Past a few hundred sub-rules the compiled classifier partitions them by their most
  // selective field (layout.ts); both rule shapes fill several partitions.
  for (const shape of ['overlapping', 'narrow'] as RuleShape[]) {
    it(`agrees on large ${shape} rule sets (partitioned)`, () => {
      const arb = arbAppConfig({ maxRulesPerTier: 2 })
        .chain((base) =>
          fc
            .array(arbPolicyRule(ruleContextOf(base), 'rule', 'firewall.policies[0]', shape), { minLength: 300, maxLength: 700 })
            .map((rules) => withPolicies(base, rules)),
        )
        .chain((config) => fc.tuple(fc.constant(config), fc.array(arbTuple(config), { minLength: 300, maxLength: 300 })));
      fc.assert(
        fc.property(arb, ([config, tuples]) => {
          const ref = new ReferenceClassifier(config);
          const cmp = new CompiledClassifier(config);
          for (const t of tuples) expect(decisionOf(cmp, t)).toEqual(decisionOf(ref, t));
        }),
        // A counterexample of hundreds of rules takes long to shrink: report it as found.
        { numRuns: 25, endOnFailure: true },
      );
    });
  }

  it('decision ids are stable: the same tuple gives the same id again', () => {
    fc.assert(
      fc.property(
        arbAppConfig().chain((c) => fc.tuple(fc.constant(c), fc.array(arbTuple(c), { minLength: 10, maxLength: 10 }))),
        ([config, tuples]) => {
          const cmp = new CompiledClassifier(config);
          const first = tuples.map((t) => cmp.classify(t));
          expect(tuples.map((t) => cmp.classify(t))).toEqual(first);
        },
      ),
      { numRuns: 300 },
    );
  });
});
