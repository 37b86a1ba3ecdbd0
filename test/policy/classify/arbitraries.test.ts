import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_ZONES } from '../../../policy/index.js';
import { CompiledClassifier } from '../../../policy/classify/index.js';
import { buildPolicyList, maskWord } from '../../../policy/model/index.js';
import { arbAddressWords, arbAppConfig, arbPrefix, arbTuple } from '../../testing/index.js';

// The arbitraries users import as chainsim/testing: they must make valid configs that
// exercise every feature, and tuples that hit the rules.
describe('chainsim/testing arbitraries', () => {
  const configs = fc.sample(arbAppConfig(), { seed: 42, numRuns: 300 });

  it('make configs the policy list accepts, with unique rule names and all zones', () => {
    for (const c of configs) {
      const list = buildPolicyList(c);
      const names = list.filter((e) => e.rule !== null).map((e) => e.name);
      expect(new Set(names).size).toBe(names.length);
      expect(new Set(c.zones).size).toBe(c.zones.length);
      for (const z of BUILTIN_ZONES) expect(c.zones).toContain(z);
    }
  });

  it('cover every tier, action and option across samples', () => {
    const lists = configs.map(buildPolicyList).flat();
    const seen = new Set(lists.flatMap((e) => [e.group, e.action, e.reverse ? 'reverse' : '', e.match.application ? 'application' : '']));
    const wanted = ['auto', 'pre-appliance', 'site', 'post-appliance', 'default']
      .concat(['allow', 'drop', 'reject', 'count-and-continue', 'redirect', 'reverse', 'application']);
    for (const x of wanted) {
      expect(seen, x).toContain(x);
    }
    expect(new Set(configs.map((c) => c.global.connectionMatchType))).toEqual(new Set(['symmetric', 'directional']));
    expect(configs.some((c) => c.global.office365Breakout)).toBe(true);
  });

  it('make tuples that rules decide, not only the default', () => {
    let ruled = 0;
    let total = 0;
    for (const c of configs.slice(0, 100)) {
      const cls = new CompiledClassifier(c);
      for (const t of fc.sample(arbTuple(c), { seed: 7, numRuns: 20 })) {
        total++;
        if (cls.decisionRule(cls.classify(t)) !== cls.policies.length - 1) ruled++;
      }
    }
    expect(ruled / total).toBeGreaterThan(0.3);
  });

  it('prefixes have host bits cleared and the family asked for', () => {
    for (const f of [4, 6] as const) {
      for (const p of fc.sample(arbPrefix(f), { seed: 1, numRuns: 500 })) {
        expect(p.family).toBe(f);
        p.words.forEach((w, i) => expect((w & ~maskWord(p.length, i)) >>> 0).toBe(0));
      }
    }
  });

  it('IPv4 address words use word 0 only', () => {
    for (const a of fc.sample(arbAddressWords(4), { seed: 1, numRuns: 500 })) expect([a[1], a[2], a[3]]).toEqual([0, 0, 0]);
  });
});
