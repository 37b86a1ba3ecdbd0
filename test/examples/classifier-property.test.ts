import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CompiledClassifier } from 'chainsim/policy';
import { OracleClassifier, arbAppConfig, arbTuple } from 'chainsim/testing';

// Any config, any tuple aimed at its rules: the compiled classifier decides exactly as the
// reference scan does (the same deciding rule, the same count-and-continue rules passed).
test('compiled classifier ≡ reference oracle', () => {
  const scenario = arbAppConfig().chain((config) => fc.tuple(fc.constant(config), fc.array(arbTuple(config), { minLength: 1, maxLength: 20 })));
  fc.assert(
    fc.property(scenario, ([config, tuples]) => {
      const compiled = new CompiledClassifier(config);
      const oracle = new OracleClassifier(config);
      for (const t of tuples) {
        const a = compiled.classify(t);
        const b = oracle.classify(t);
        expect(compiled.decisionRule(a)).toBe(oracle.decisionRule(b));
        expect(compiled.decisionContinued(a)).toEqual(oracle.decisionContinued(b));
      }
    }),
    { numRuns: 200 },
  );
});
