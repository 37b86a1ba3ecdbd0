import { describe, expect, it } from 'vitest';
import { CompiledClassifier } from '../../../policy/classify/index.js';
import { configOf, decisionOf, ruleOf, tupleOf } from '../../testing/index.js';

// Zones: Default_LAN_Zone 0, Untrusted_Internet_Zone 1, Internet_Zone 2.
const config = configOf({
  policies: [
    ruleOf('web', { match: { dst: ['192.0.2.0/24'], dstPort: [443], protocol: 6 } }),
    ruleOf('count-lan', { action: 'count-and-continue', match: { fromZone: 'Default_LAN_Zone' } }),
    ruleOf('no-frag', { action: 'drop', match: { src: ['10.0.0.0/8'], allowFragments: false } }),
  ],
  defaultAction: 'drop',
});

// Derived by hand from program.ts: a small policy stays in one partition, bits in list order;
// each field's classes are the sets of bits whose condition holds there, numbered in the order
// the build first meets them (values ascending).
const GOLDEN = `compiled classifier: 4 entries, 3 sub-rules, 1 bitset words
partitions (words): other [0,1)
sub-rules (by bit):
  b0 #0 [site] web → allow
  b1 #1 [site] count-lan → count-and-continue
  b2 #2 [site] no-frag → drop
  default #3 → drop
src: c0 {b0 b1} c1 {b0 b1 b2}
  IPv4: 0.0.0.0 c0, 10.0.0.0 c1, 11.0.0.0 c0
  IPv6: :: c0
dst: c0 {b1 b2} c1 {b0 b1 b2}
  IPv4: 0.0.0.0 c0, 192.0.2.0 c1, 192.0.3.0 c0
  IPv6: :: c0
srcPort: c0 {b0 b1 b2}
  0-65535 c0
dstPort: c0 {b1 b2} c1 {b0 b1 b2}
  0-442 c0, 443 c1, 444-65535 c0
fromZone: c0 {b0 b2} c1 {b0 b1 b2}
  Default_LAN_Zone c1, other c0
toZone: c0 {b0 b1 b2}
  other c0
srcService: c0 {b0 b1 b2}
  other c0
dstService: c0 {b0 b1 b2}
  other c0
protocol: c0 {b1 b2} c1 {b0 b1 b2}
  6 c1, other c0
fragment: c0 {b0 b1 b2} c1 {b0 b1}
  0 c0, 1 c1
vlan: c0 {b0 b1 b2}
  other c0
dscp: c0 {b0 b1 b2}
  other c0
zones×services: c0 {b0 b2} c1 {b0 b1 b2}
protocol×fragment×vlan×dscp: c0 {b1 b2} c1 {b1} c2 {b0 b1 b2} c3 {b0 b1}
`;

describe('CompiledClassifier.describe', () => {
  it('prints the program of a small config (golden)', () => {
    expect(new CompiledClassifier(config).describe()).toBe(GOLDEN);
  });

  it('the program it prints decides as its tables say', () => {
    const c = new CompiledClassifier(config);
    expect(decisionOf(c, tupleOf({ src: '10.1.1.1', dst: '192.0.2.5', dstPort: 443, fromZone: 0 }))).toEqual({ rule: 0, continued: [] });
    expect(decisionOf(c, tupleOf({ src: '10.1.1.1', dst: '192.0.2.5', dstPort: 80, fromZone: 0 }))).toEqual({ rule: 2, continued: [1] });
    expect(decisionOf(c, tupleOf({ src: '10.1.1.1', dst: '192.0.2.5', dstPort: 80, fromZone: 0, fragment: 1 }))).toEqual({ rule: 3, continued: [1] });
    expect(decisionOf(c, tupleOf({ src: '11.0.0.0', dst: '192.0.3.0', dstPort: 443, fromZone: 1 }))).toEqual({ rule: 3, continued: [] });
  });
});
