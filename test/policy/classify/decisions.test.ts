import { describe, expect, it } from 'vitest';
import { CompiledClassifier, DecisionTable } from '../../../policy/classify/index.js';
import { configOf, ruleOf, tupleOf } from '../../testing/index.js';

function decide(d: DecisionTable, rule: number, passed: number[]): number {
  d.begin();
  for (const p of passed) d.pass(p);
  return d.finish(rule);
}

describe('DecisionTable', () => {
  it('a decision without continued entries is the entry index itself', () => {
    const d = new DecisionTable(10, 3);
    expect(decide(d, 4, [])).toBe(4);
    expect(d.rule(4)).toBe(4);
    expect(d.continued(4)).toEqual([]);
  });

  it('interns (rule, continued) pairs: equal pairs, equal ids; different pairs, different ids', () => {
    const d = new DecisionTable(10, 3);
    const a = decide(d, 5, [1, 2]);
    const b = decide(d, 5, [1]);
    const c = decide(d, 6, [1, 2]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect([a, b, c].every((id) => id >= 10)).toBe(true);
    expect(decide(d, 5, [1, 2])).toBe(a);
    expect([d.rule(a), d.continued(a)]).toEqual([5, [1, 2]]);
    expect([d.rule(b), d.continued(b)]).toEqual([5, [1]]);
    expect([d.rule(c), d.continued(c)]).toEqual([6, [1, 2]]);
  });

  it('an entry passed twice in a row (two application entries) is listed once', () => {
    const d = new DecisionTable(10, 3);
    expect(d.continued(decide(d, 9, [1, 1, 2, 2]))).toEqual([1, 2]);
  });

  it('keeps every pair apart as the table grows', () => {
    const n = 2000;
    const d = new DecisionTable(n + 1, n);
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) ids.set(i, decide(d, n, [i]));
    expect(new Set(ids.values()).size).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(decide(d, n, [i])).toBe(ids.get(i));
      expect(d.continued(ids.get(i)!)).toEqual([i]);
    }
  });

  it('refuses an id it never gave', () => {
    const d = new DecisionTable(3, 1);
    expect(() => d.rule(3)).toThrow(/no such decision/);
  });
});

describe('classifier decision ids', () => {
  it('are entry indices when no count-and-continue rule matched', () => {
    const c = new CompiledClassifier(configOf({ policies: [ruleOf('a', { match: { dstPort: [80] } }), ruleOf('b', { action: 'drop' })] }));
    expect(c.classify(tupleOf({ dstPort: 80 }))).toBe(0);
    expect(c.classify(tupleOf({ dstPort: 81 }))).toBe(1);
  });
});
