import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompiledClassifier, ReferenceClassifier, matchHolds } from '../../../policy/classify/index.js';
import type { AppConfig, ApplicationConfig, PolicyRule, RuleMatch } from '../../../policy/index.js';
import type { Tuple } from '../../../policy/model/index.js';
import { UNDECIDED, connectionDecision } from '../../../policy/model/index.js';
import { arbAppConfig, arbTuple, decisionOf, reverseTuple, ruleOf } from '../../testing/index.js';

const withTuples = (config: fc.Arbitrary<AppConfig>, n: number) =>
  config.chain((c) => fc.tuple(fc.constant(c), fc.array(arbTuple(c), { minLength: n, maxLength: n })));

/** Decisions by name, so that lists of different shape compare. */
function named(c: CompiledClassifier, t: Tuple) {
  const id = c.classify(t);
  return {
    rule: c.policies[c.decisionRule(id)]!.name,
    continued: c.decisionContinued(id).map((i) => c.policies[i]!.name),
  };
}

describe('connection match', () => {
  it('symmetric: every reply inherits the initiator’s decision; it is classified once', () => {
    fc.assert(
      fc.property(withTuples(arbAppConfig(), 10), ([config, tuples]) => {
        const c = new CompiledClassifier(config);
        let calls = 0;
        const counting = { classify: (t: Tuple) => (calls++, c.classify(t)) };
        for (const t of tuples) {
          calls = 0;
          const slots = new Int32Array([UNDECIDED, UNDECIDED]);
          const first = connectionDecision('symmetric', slots, 0, true, counting, t);
          expect(connectionDecision('symmetric', slots, 0, false, counting, reverseTuple(t))).toBe(first);
          expect(connectionDecision('symmetric', slots, 0, true, counting, t)).toBe(first);
          expect(calls).toBe(1);
          expect(first).toBe(c.classify(t));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('directional: the reply is classified on its own tuple', () => {
    fc.assert(
      fc.property(withTuples(arbAppConfig(), 10), ([config, tuples]) => {
        const c = new CompiledClassifier(config);
        const ref = new ReferenceClassifier(config);
        for (const t of tuples) {
          const slots = new Int32Array([UNDECIDED, UNDECIDED]);
          connectionDecision('directional', slots, 0, true, c, t);
          const reply = reverseTuple(t);
          const id = connectionDecision('directional', slots, 0, false, c, reply);
          expect({ rule: c.decisionRule(id), continued: [...c.decisionContinued(id)] }).toEqual(decisionOf(ref, reply));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The mirror of a rule match, written out field by field (not through mirrorMatch). */
function mirrorByHand(m: RuleMatch, app: string | null): RuleMatch {
  return {
    fromZone: m.toZone,
    toZone: m.fromZone,
    src: m.dst,
    dst: m.src,
    srcPort: m.dstPort,
    dstPort: m.srcPort,
    protocol: m.protocol,
    application: app,
    dscp: m.dscp,
    srcService: m.dstService,
    dstService: m.srcService,
    vlan: m.vlan,
    allowFragments: m.allowFragments,
  };
}

/** `config` with every reverseAlso rule replaced by itself and its hand-written mirror (with
 * a mirrored copy of its application). */
function handMirrored(config: AppConfig): AppConfig {
  const apps: ApplicationConfig[] = [...config.applications];
  const mirroredApp = (name: string | null): string | null => {
    if (name === null) return null;
    const mirror = `${name} mirrored`;
    if (!apps.some((a) => a.name === mirror)) {
      const app = apps.find((a) => a.name === name)!;
      apps.push({
        name: mirror,
        match: app.match.map((e) => ({ src: e.dst, dst: e.src, srcPort: e.dstPort, dstPort: e.srcPort, protocol: e.protocol })),
      });
    }
    return mirror;
  };
  const expand = (rules: readonly PolicyRule[]): PolicyRule[] =>
    rules.flatMap((r) =>
      r.reverseAlso
        ? [
            { ...r, reverseAlso: false },
            { ...r, reverseAlso: false, name: `${r.name} (reverse)`, match: mirrorByHand(r.match, mirroredApp(r.match.application)) },
          ]
        : [r],
    );
  const firewall = {
    ...config.firewall,
    templates: config.firewall.templates.map((t) => ({ ...t, preAppliance: expand(t.preAppliance), postAppliance: expand(t.postAppliance) })),
    policies: expand(config.firewall.policies),
  };
  return { ...config, applications: apps, firewall };
}

describe('policy list properties', () => {
  it('reverseAlso ≡ writing the mirrored rule by hand', () => {
    fc.assert(
      fc.property(withTuples(arbAppConfig(), 20), ([config, tuples]) => {
        const auto = new CompiledClassifier(config);
        const hand = new CompiledClassifier(handMirrored(config));
        expect(hand.policies.map((e) => e.name)).toEqual(auto.policies.map((e) => e.name));
        for (const t of tuples) {
          expect(named(hand, t)).toEqual(named(auto, t));
          expect(named(hand, reverseTuple(t))).toEqual(named(auto, reverseTuple(t)));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a rule placed after a catch-all never matches', () => {
    const arb = arbAppConfig().chain((config) =>
      fc.tuple(
        fc.constant(config),
        fc.constantFrom('allow' as const, 'drop' as const, 'reject' as const),
        fc.array(arbTuple(config), { minLength: 20, maxLength: 20 }),
      ),
    );
    fc.assert(
      fc.property(arb, ([config, action, tuples]) => {
        const cut = config.firewall.policies.length >> 1;
        const policies = [...config.firewall.policies];
        policies.splice(cut, 0, ruleOf('catch-all', { action }));
        const c = new CompiledClassifier({ ...config, firewall: { ...config.firewall, policies } });
        const catchAll = c.policies.findIndex((e) => e.name === 'catch-all');
        for (const t of tuples) {
          const id = c.classify(t);
          expect(c.decisionRule(id)).toBeLessThanOrEqual(catchAll);
          expect(c.decisionContinued(id).every((i) => i < catchAll)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('shuffling rules within a tier changes a decision only for tuples that ≥ 2 of its rules match', () => {
    const arb = arbAppConfig({ maxRulesPerTier: 8 }).chain((config) => {
      const n = config.firewall.policies.length;
      return fc.tuple(
        fc.constant(config),
        fc.shuffledSubarray([...config.firewall.policies], { minLength: n, maxLength: n }),
        fc.array(arbTuple(config), { minLength: 20, maxLength: 20 }),
      );
    });
    let changed = 0;
    fc.assert(
      fc.property(arb, ([config, shuffled, tuples]) => {
        const before = new CompiledClassifier(config);
        const after = new CompiledClassifier({ ...config, firewall: { ...config.firewall, policies: shuffled } });
        const site = before.policies.filter((e) => e.group === 'site');
        for (const t of tuples) {
          const a = named(before, t);
          const b = named(after, t);
          const same = a.rule === b.rule && [...a.continued].sort().join() === [...b.continued].sort().join();
          if (same) continue;
          changed++;
          expect(site.filter((e) => matchHolds(e.match, t)).length).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 500 },
    );
    // The property is only worth something if shuffles do change decisions.
    expect(changed).toBeGreaterThan(50);
  });
});
