// The fast reachability (index, sizes worked out once, questions not asked twice) against the
// plain algorithm kept in plain-reachability.ts: exactly the same reaches — blockers, witnesses,
// order — and, for any work budget, `undecided` on exactly the same entries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, EntryReach, PolicyRule } from '../../../policy/index.js';
import { entryReachability, unreachableRuleFindings } from '../../../policy/analysis/index.js';
import type { RuleShape } from '../../testing/index.js';
import { arbAppConfig, arbPolicyRule, configOf, ruleContextOf, ruleOf, withPolicies } from '../../testing/index.js';
import { plainEntryReachability } from './plain-reachability.js';

interface Tally {
  alone: number;
  together: number;
  reachable: number;
  undecided: number;
}

function tally(reaches: readonly EntryReach[], into: Tally): void {
  for (const { reach } of reaches) {
    if (reach.kind === 'blocked') into[reach.blockers.length === 1 ? 'alone' : 'together']++;
    else if (reach.kind === 'reachable') into.reachable++;
    else if (reach.kind === 'undecided') into.undecided++;
  }
}

function expectSame(config: AppConfig, budget: number | undefined, into: Tally): void {
  const fast = entryReachability(config, budget === undefined ? {} : { budget });
  expect(fast).toEqual(plainEntryReachability(config, budget));
  tally(fast, into);
}

/** `count` rules drawn with `shape` from `seed`, as the site policies of a random config. */
function manyRules(seed: number, count: number, shape: RuleShape): AppConfig {
  const [config] = fc.sample(arbAppConfig({ maxRulesPerTier: 3, maxTemplates: 2 }), { seed, numRuns: 1 });
  const rules = fc.sample(arbPolicyRule(ruleContextOf(config!), 'rule', 'firewall.policies[0]', shape), { seed, numRuns: count });
  return withPolicies(config!, rules);
}

/** The benchmark's rule list (bench/rules-config.ts): distinct ACL-like drop/allow rules, one
 * /24 of 240.0.0.0/4 each with a port and a protocol; then repeats of some of them (each
 * blocked by its original), a /23 split over two rules and a rule on it (blocked by the two
 * together), and rules on any packet, which every filler meets. */
function fillerConfig(count: number): AppConfig {
  const filler = (k: number, name = `filler-${k}`): PolicyRule =>
    ruleOf(name, {
      action: k % 2 === 0 ? 'drop' : 'allow',
      match: { dst: [`${240 + (k >> 16)}.${(k >> 8) & 255}.${k & 255}.0/24`], dstPort: [1 + (k % 65000)], protocol: k % 3 === 2 ? 17 : 6 },
    });
  const rules = Array.from({ length: count }, (_, k) => filler(k));
  for (let k = 7; k < count; k += 97) rules.push(filler(k, `repeat-${k}`));
  rules.push(
    ruleOf('half-low', { action: 'drop', match: { dst: ['250.0.0.0/24'] } }),
    ruleOf('half-high', { action: 'drop', match: { dst: ['250.0.1.0/24'] } }),
    ruleOf('both-halves', { match: { dst: ['250.0.0.0/23'], protocol: 6 } }),
    ruleOf('any-counted', { action: 'count-and-continue' }),
    ruleOf('any-outbound', { action: 'drop', match: { fromZone: 'Default_LAN_Zone' } }),
    ruleOf('any', { action: 'allow' }),
  );
  return configOf({ policies: rules.map((r, i) => ({ ...r, path: `firewall.policies[${i}]` })) });
}

describe('fast reachability against the plain algorithm', () => {
  it('gives the same reaches on random configs, for any budget', () => {
    const seen: Tally = { alone: 0, together: 0, reachable: 0, undecided: 0 };
    fc.assert(
      fc.property(
        arbAppConfig({ maxRulesPerTier: 5, maxTemplates: 2 }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        (config, budget) => expectSame(config, budget, seen),
      ),
      { numRuns: 200 },
    );
    // Every path must have come up, the budget running out among them (covers by several rules
    // together are rare here: the lists below have them).
    expect(seen.alone).toBeGreaterThan(50);
    expect(seen.reachable).toBeGreaterThan(500);
    expect(seen.undecided).toBeGreaterThan(30);
  });

  it('gives the same reaches on generated lists of hundreds of rules', () => {
    const seen: Tally = { alone: 0, together: 0, reachable: 0, undecided: 0 };
    for (const [seed, shape] of [
      [1, 'overlapping'],
      [2, 'narrow'],
      [3, 'overlapping'],
    ] as const) {
      const config = manyRules(seed, 300, shape);
      expectSame(config, undefined, seen);
      expectSame(config, 300, seen);
    }
    expect(seen.alone).toBeGreaterThan(500);
    expect(seen.together).toBeGreaterThan(0);
    expect(seen.reachable).toBeGreaterThan(300);
    expect(seen.undecided).toBeGreaterThan(20);
  });

  it('gives the same findings on the benchmark\'s kind of list', () => {
    const config = fillerConfig(1500);
    const seen: Tally = { alone: 0, together: 0, reachable: 0, undecided: 0 };
    expectSame(config, undefined, seen);
    // By hand: each repeat blocked by its original, both-halves by the two halves together.
    const blocked = unreachableRuleFindings(config).map((f) => [f.rule!.name, f.blockedBy!.map((b) => b.name)]);
    const repeats = Array.from({ length: Math.ceil((1500 - 7) / 97) }, (_, n) => 7 + 97 * n);
    expect(blocked).toEqual([...repeats.map((k) => [`repeat-${k}`, [`filler-${k}`]]), ['both-halves', ['half-low', 'half-high']]]);
  });

  it('runs out of budget where the plain algorithm does on the benchmark\'s kind of list', () => {
    const config = fillerConfig(200);
    const seen: Tally = { alone: 0, together: 0, reachable: 0, undecided: 0 };
    for (const budget of [3, 8, 30, 250, 1000, 5000]) expectSame(config, budget, seen);
    expect(seen.together).toBeGreaterThan(0);
    expect(seen.undecided).toBeGreaterThan(0);
  });
});
