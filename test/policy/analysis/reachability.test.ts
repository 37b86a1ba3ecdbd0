// Unreachable rules against the reference classifier: a rule reported unreachable is never the
// deciding (or counting) rule of any packet, its named blockers match every packet aimed at it,
// and a rule not reported is reached by the packets of its witness — so the analysis is both
// sound and exact. Catch-alls and split covers are planted to make sure findings happen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, PolicyAction, PolicyEntry, PolicyRule, Tuple } from '../../../policy/index.js';
import { ReferenceClassifier, buildPolicyList, matchHolds } from '../../../policy/index.js';
import { entryReachability, unreachableRuleFindings } from '../../../policy/analysis/index.js';
import { matchBoxes } from '../../../policy/analysis/boxes.js';
import { arbAppConfig, arbPolicyRule, arbTuple, configOf, ruleContextOf, ruleOf } from '../../testing/index.js';
import { arbTupleIn, arbTupleInAny } from './helpers.js';

function reached(ref: ReferenceClassifier, index: number, t: Tuple): boolean {
  const id = ref.classify(t);
  return ref.decisionRule(id) === index || ref.decisionContinued(id).includes(index);
}

function sample<T>(arb: fc.Arbitrary<T>, seed: number, n: number): T[] {
  return fc.sample(arb, { seed, numRuns: n });
}

interface Tally {
  blocked: number;
  together: number;
  reachable: number;
}

/** Checks every judged entry of `config` against the reference classifier. */
function checkAgainstReference(config: AppConfig, seed: number, tally: Tally): void {
  const entries = buildPolicyList(config);
  const ref = new ReferenceClassifier(config);
  const boxesOf = (e: PolicyEntry) => matchBoxes(e.match, config.zones.length);
  for (const { entry, reach } of entryReachability(config)) {
    expect(reach.kind).not.toBe('undecided');
    const e = entries[entry]!;
    if (reach.kind === 'empty') {
      expect(boxesOf(e)).toEqual([]);
      for (const t of sample(arbTuple(config), seed, 30)) expect(matchHolds(e.match, t)).toBe(false);
    } else if (reach.kind === 'blocked') {
      tally.blocked++;
      if (reach.blockers.length > 1) tally.together++;
      for (const j of reach.blockers) {
        expect(j).toBeLessThan(entry);
        expect(entries[j]!.action).not.toBe('count-and-continue');
      }
      // Aimed at the rule: each packet matches it, matches a named blocker, and is decided earlier.
      for (const t of sample(arbTupleInAny(boxesOf(e)), seed, 60)) {
        expect(matchHolds(e.match, t)).toBe(true);
        expect(reach.blockers.some((j) => matchHolds(entries[j]!.match, t))).toBe(true);
        expect(reached(ref, entry, t)).toBe(false);
      }
    } else if (reach.kind === 'reachable') {
      tally.reachable++;
      for (const t of sample(arbTupleIn(reach.witness), seed, 5)) expect(reached(ref, entry, t)).toBe(true);
    }
  }
}

/** `list` with `rule` inserted at `at` (clamped). */
function insert(list: readonly PolicyRule[], at: number, rule: PolicyRule): PolicyRule[] {
  const i = Math.min(at, list.length);
  return [...list.slice(0, i), rule, ...list.slice(i)];
}

/** Paths follow positions (the finding's path must be the rule's). */
function repath(list: readonly PolicyRule[], base: string): PolicyRule[] {
  return list.map((r, i) => ({ ...r, path: `${base}[${i}]` }));
}

/**
 * A config with a catch-all (matches every packet, action allow/drop/reject) and, after it in
 * evaluation order, a rule `victim`: in the same site list, or the catch-all in an earlier tier
 * (pre-appliance of an applied template) than the victim (site or post-appliance).
 */
const arbCatchAllCase = arbAppConfig({ maxRulesPerTier: 3, maxTemplates: 2 }).chain((config) =>
  fc.record({
    config: fc.constant(config),
    victim: arbPolicyRule(ruleContextOf(config), 'victim'),
    action: fc.constantFrom<PolicyAction>('allow', 'drop', 'reject'),
    placement: fc.constantFrom('same-tier', 'pre-then-site', 'site-then-post', 'pre-then-post'),
    at: fc.nat(12),
    after: fc.nat(12),
    seed: fc.integer(),
  }),
);

function plantCatchAll(c: { config: AppConfig; victim: PolicyRule; action: PolicyAction; placement: string; at: number; after: number }): AppConfig {
  const catchAll = ruleOf('catch-all', { action: c.action });
  const fw = c.config.firewall;
  let policies = [...fw.policies];
  let pre: PolicyRule[] = [];
  let post: PolicyRule[] = [];
  if (c.placement === 'same-tier') {
    policies = insert(policies, c.at, catchAll);
    const i = policies.indexOf(catchAll);
    policies = insert(policies, i + 1 + c.after, c.victim);
  } else {
    if (c.placement.startsWith('pre')) pre = [catchAll];
    else policies = insert(policies, c.at, catchAll);
    if (c.placement.endsWith('post')) post = [c.victim];
    else policies = insert(policies, c.after, c.victim);
  }
  const planted = { name: 'Planted', preAppliance: repath(pre, 'firewall.templates[9].preAppliance'), postAppliance: repath(post, 'firewall.templates[9].postAppliance') };
  return {
    ...c.config,
    firewall: {
      ...fw,
      templates: [...fw.templates, planted],
      apply: [...fw.apply.slice(0, c.at % (fw.apply.length + 1)), 'Planted', ...fw.apply.slice(c.at % (fw.apply.length + 1))],
      policies: repath(policies, 'firewall.policies'),
    },
  };
}

describe('unreachable rules against the reference classifier', () => {
  it('reports a rule after a catch-all (same or earlier tier), and it never matches', () => {
    fc.assert(
      fc.property(arbCatchAllCase, (c) => {
        const config = plantCatchAll(c);
        const findings = unreachableRuleFindings(config);
        const names = c.victim.reverseAlso ? ['victim', 'victim (reverse)'] : ['victim'];
        for (const name of names) expect(findings.map((f) => f.rule?.name)).toContain(name);
        const entries = buildPolicyList(config);
        const ref = new ReferenceClassifier(config);
        for (const name of names) {
          const index = entries.findIndex((e) => e.name === name);
          for (const t of sample(arbTuple(config), c.seed, 200)) expect(reached(ref, index, t)).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is sound and exact: blocked rules are never reached, reachable ones are reached by their witness', () => {
    const tally: Tally = { blocked: 0, together: 0, reachable: 0 };
    fc.assert(
      fc.property(arbAppConfig({ maxRulesPerTier: 5, maxTemplates: 2 }), fc.integer(), (config, seed) => {
        checkAgainstReference(config, seed, tally);
      }),
      { numRuns: 200 },
    );
    // The property is only as good as its cases: both outcomes must have come up.
    expect(tally.blocked).toBeGreaterThan(50);
    expect(tally.reachable).toBeGreaterThan(300);
  });

  it('finds covers that only several earlier rules make together (split ranges), and names them', () => {
    // The victim's match with one field split into pieces, one earlier rule per piece.
    const arbSplit = fc.record({
      field: fc.constantFrom('dst', 'dstPort', 'srcPort'),
      cut: fc.integer({ min: 1, max: 65534 }),
      bits: fc.integer({ min: 9, max: 30 }),
      fromZone: fc.constantFrom(null, 'Default_LAN_Zone'),
      seed: fc.integer(),
    });
    const tally: Tally = { blocked: 0, together: 0, reachable: 0 };
    fc.assert(
      fc.property(arbSplit, ({ field, cut, bits, fromZone, seed }) => {
        const base = { fromZone, protocol: 6 };
        const split =
          field === 'dst'
            ? splitPrefix(bits).map((p) => ({ ...base, dst: [p] }))
            : [
                { ...base, [field]: [`0-${cut - 1}`] },
                { ...base, [field]: [`${cut}-65535`] },
              ];
        const victimMatch = field === 'dst' ? { ...base, dst: ['10.0.0.0/8'] } : base;
        const config = configOf({
          policies: [...split.map((m, i) => ruleOf(`piece-${i}`, { action: 'drop', match: m })), ruleOf('victim', { match: victimMatch })],
        });
        const f = unreachableRuleFindings(config).find((x) => x.rule?.name === 'victim');
        expect(f).toBeDefined();
        expect(f!.blockedBy!.map((r) => r.name)).toEqual(split.map((_, i) => `piece-${i}`));
        checkAgainstReference(config, seed, tally);
      }),
      { numRuns: 100 },
    );
    expect(tally.together).toBe(100);
  });

  it('reports nothing when the work cap is hit before a cover is proved', () => {
    const config = configOf({
      policies: [
        ruleOf('low', { action: 'drop', match: { dst: ['10.0.0.0/9'] } }),
        ruleOf('high', { action: 'drop', match: { dst: ['10.128.0.0/9'] } }),
        ruleOf('victim', { match: { dst: ['10.0.0.0/8'] } }),
      ],
    });
    expect(unreachableRuleFindings(config).map((f) => f.rule?.name)).toEqual(['victim']);
    expect(unreachableRuleFindings(config, { budget: 1 })).toEqual([]);
    const victim = buildPolicyList(config).findIndex((e) => e.name === 'victim');
    expect(entryReachability(config, { budget: 1 }).find((r) => r.entry === victim)!.reach).toEqual({ kind: 'undecided' });
  });
});

/** Prefixes that tile 10.0.0.0/8 without any one holding another: 10.0.0.0/`bits`, then for
 * each length from `bits` down to 9 the sibling of 10.0.0.0 at that length. */
function splitPrefix(bits: number): string[] {
  const out = [`10.0.0.0/${bits}`];
  for (let len = bits; len >= 9; len--) {
    const sibling = (10 * 2 ** 24 + 2 ** (32 - len)) >>> 0;
    out.push(`${[24, 16, 8, 0].map((s) => (sibling >>> s) & 255).join('.')}/${len}`);
  }
  return out;
}
