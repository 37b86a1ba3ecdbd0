import { describe, expect, it } from 'vitest';
import { CompiledClassifier, ReferenceClassifier } from '../../../policy/classify/index.js';
import type { PolicyRule } from '../../../policy/index.js';
import { configOf, decisionOf, ruleOf, tupleOf } from '../../testing/index.js';

// A policy big enough to be partitioned (layout.ts): 150 rules keyed on their destination and
// 150 on their source (destination any), alternating — the first 64 form the head partition —
// and among them count-and-continue rules that land in three different partitions,
// interleaved in list order, and a decider.
const fillers: PolicyRule[] = [];
for (let i = 0; i < 150; i++) {
  fillers.push(ruleOf(`dst-${i}`, { action: 'drop', match: { dst: [`198.18.${i}.0/24`] } }));
  fillers.push(ruleOf(`src-${i}`, { action: 'drop', match: { src: [`198.19.${i}.0/24`] } }));
}

const counters = [
  ruleOf('count-by-src', { action: 'count-and-continue', match: { src: ['10.0.0.0/8'] } }), // src partition
  ruleOf('count-by-dst', { action: 'count-and-continue', match: { dst: ['192.0.2.0/24'] } }), // dst partition
  ruleOf('count-tcp', { action: 'count-and-continue', match: { protocol: 6 } }), // other
  ruleOf('count-by-dst-2', { action: 'count-and-continue', match: { dst: ['192.0.2.128/25'] } }), // dst partition
];

const config = configOf({
  policies: [
    ...fillers.slice(0, 70),
    counters[0]!,
    counters[1]!,
    ...fillers.slice(70, 80),
    counters[2]!,
    ...fillers.slice(80),
    counters[3]!,
    ruleOf('allow-web', { match: { dstPort: [443] } }),
  ],
  defaultAction: 'drop',
});

describe('partitioned compiled classifier', () => {
  const compiled = new CompiledClassifier(config);
  const reference = new ReferenceClassifier(config);
  const index = (name: string) => compiled.policies.findIndex((e) => e.name === name);

  it('partitions a large policy by the most selective field', () => {
    expect(compiled.describe()).toMatch(/^partitions \(words\): head \[0,2\) dst \[2,6\) src \[6,10\) other \[10,11\)$/m);
  });

  it('lists count-and-continue entries from several partitions in list order', () => {
    const t = tupleOf({ src: '10.1.2.3', dst: '192.0.2.200', dstPort: 443 });
    const expected = {
      rule: index('allow-web'),
      continued: ['count-by-src', 'count-by-dst', 'count-tcp', 'count-by-dst-2'].map(index),
    };
    expect(decisionOf(compiled, t)).toEqual(expected);
    expect(decisionOf(reference, t)).toEqual(expected);
  });

  it('the earliest decider wins across partitions', () => {
    // dst-41 (dst partition) comes before src-60 (src partition) in the list; both match.
    const t = tupleOf({ src: '198.19.60.1', dst: '198.18.41.1', proto: 'udp', dstPort: 80 });
    expect(decisionOf(compiled, t)).toEqual({ rule: index('dst-41'), continued: [] });
    // src-45 comes before dst-50: src-45 wins although its partition is scanned after.
    const u = tupleOf({ src: '198.19.45.1', dst: '198.18.50.1', proto: 'udp' });
    expect(decisionOf(compiled, u)).toEqual({ rule: index('src-45'), continued: [] });
    expect(decisionOf(reference, u)).toEqual({ rule: index('src-45'), continued: [] });
  });

  it('a decision in the head partition skips the others', () => {
    const t = tupleOf({ src: '198.19.3.1', dst: '198.18.100.1', proto: 'udp' });
    expect(decisionOf(compiled, t)).toEqual({ rule: index('src-3'), continued: [] });
  });
});
