import { describe, expect, it } from 'vitest';
import type { Classifier } from '../../../policy/classify/index.js';
import { CompiledClassifier, ReferenceClassifier } from '../../../policy/classify/index.js';
import type { AppConfig } from '../../../policy/index.js';
import { prefixFromText } from '../../../policy/model/index.js';
import type { MatchInput, TupleInput } from '../../testing/index.js';
import { configOf, decisionOf, ruleOf, tupleOf } from '../../testing/index.js';

const classifiers: [string, (c: AppConfig) => Classifier][] = [
  ['reference', (c) => new ReferenceClassifier(c)],
  ['compiled', (c) => new CompiledClassifier(c)],
];

const web = {
  name: 'Web',
  match: [
    { src: null, dst: [prefixFromText('198.51.100.0/24')], srcPort: null, dstPort: [{ lo: 443, hi: 443 }], protocol: 6 },
    { src: null, dst: [prefixFromText('2001:db8:feed::/48')], srcPort: null, dstPort: null, protocol: 17 },
  ],
};

// zones: Default_LAN_Zone 0, Untrusted_Internet_Zone 1, Internet_Zone 2.
const cases: [string, MatchInput, TupleInput, boolean][] = [
  ['dst prefix holds', { dst: ['198.51.100.0/24'] }, {}, true],
  ['dst prefix misses', { dst: ['198.51.101.0/24'] }, {}, false],
  ['an IPv4 /0 never matches IPv6', { src: ['0.0.0.0/0'] }, { src: '2001:db8::1', dst: '2001:db8::2' }, false],
  ['::/0 matches IPv6', { src: ['::/0'] }, { src: '2001:db8::1', dst: '2001:db8::2' }, true],
  ['a mixed-family list matches either', { dst: ['10.0.0.0/8', '2001:db8::/32'] }, { src: '2001:db8:9::1', dst: '2001:db8::2' }, true],
  ['dstPort on TCP', { dstPort: [443] }, {}, true],
  ['dstPort on UDP', { dstPort: [443] }, { proto: 'udp' }, true],
  ['dstPort never matches ICMP, even when the echo id equals it', { dstPort: [443] }, { proto: 'icmp', srcPort: 443, dstPort: 443 }, false],
  ['srcPort never matches ICMPv6', { srcPort: ['0-65535'] }, { proto: 'icmpv6', src: '::1', dst: '::2' }, false],
  ['port range is inclusive', { srcPort: ['40000-40000'] }, {}, true],
  ['protocol icmp is 1', { protocol: 1 }, { proto: 'icmp', srcPort: 0, dstPort: 0 }, true],
  ['protocol tcp misses udp', { protocol: 6 }, { proto: 'udp' }, false],
  ['fromZone by id', { fromZone: 'Untrusted_Internet_Zone' }, { fromZone: 1 }, true],
  ['fromZone misses a packet with no zone', { fromZone: 'Default_LAN_Zone' }, { fromZone: -1 }, false],
  ['toZone', { toZone: 'Internet_Zone' }, { toZone: 2 }, true],
  ['dstService internet', { dstService: 'internet' }, { dstService: 'internet' }, true],
  ['a service never matches "no route"', { srcService: 'local' }, { srcService: 'none' }, false],
  ['vlan is the outer tag', { vlan: 100 }, { vlan: 100 }, true],
  ['vlan misses untagged', { vlan: 100 }, { vlan: -1 }, false],
  ['vlan 0 (priority tag) is not untagged', { vlan: 0 }, { vlan: -1 }, false],
  ['dscp', { dscp: 46 }, { dscp: 46 }, true],
  ['dscp misses', { dscp: 46 }, { dscp: 10 }, false],
  ['allowFragments false skips fragments', { allowFragments: false }, { fragment: 1 }, false],
  ['allowFragments false keeps whole datagrams', { allowFragments: false }, { fragment: 0 }, true],
  ['allowFragments (default) takes fragments', {}, { fragment: 1 }, true],
  ['application: its first entry', { application: 'Web' }, { dst: '198.51.100.9', dstPort: 443 }, true],
  ['application: its second entry (OR)', { application: 'Web' }, { src: '2001:db8::1', dst: '2001:db8:feed::1', proto: 'udp', dstPort: 9 }, true],
  ['application: an entry’s fields all hold (port)', { application: 'Web' }, { dst: '198.51.100.9', dstPort: 80 }, false],
  ['application: an entry’s protocol', { application: 'Web' }, { dst: '198.51.100.9', proto: 'udp', dstPort: 443 }, false],
  ['application and the rule’s own fields both hold', { application: 'Web', srcPort: [1] }, { dst: '198.51.100.9', dstPort: 443 }, false],
  ['an empty source list matches nothing', { src: [] }, {}, false],
  ['everything "any" matches anything', {}, { proto: 47, srcPort: 0, dstPort: 0 }, true],
];

describe.each(classifiers)('%s classifier: one field at a time', (_, make) => {
  it.each(cases)('%s', (_name, match, tuple, matches) => {
    const config = configOf({
      zones: ['Default_LAN_Zone', 'Untrusted_Internet_Zone'],
      applications: [web],
      policies: [ruleOf('r', { match })],
      defaultAction: 'drop',
    });
    expect(decisionOf(make(config), tupleOf(tuple)).rule).toBe(matches ? 0 : 1);
  });

  it('first match wins; count-and-continue rules are passed and listed', () => {
    const config = configOf({
      policies: [
        ruleOf('count-all', { action: 'count-and-continue' }),
        ruleOf('count-udp', { action: 'count-and-continue', match: { protocol: 17 } }),
        ruleOf('drop-443', { action: 'drop', match: { dstPort: [443] } }),
        ruleOf('count-late', { action: 'count-and-continue' }),
        ruleOf('allow-all'),
      ],
    });
    const c = make(config);
    expect(decisionOf(c, tupleOf({ dstPort: 443 }))).toEqual({ rule: 2, continued: [0] });
    expect(decisionOf(c, tupleOf({ proto: 'udp', dstPort: 443 }))).toEqual({ rule: 2, continued: [0, 1] });
    expect(decisionOf(c, tupleOf({ dstPort: 80 }))).toEqual({ rule: 4, continued: [0, 3] });
    expect(decisionOf(c, tupleOf({ proto: 'icmp' }))).toEqual({ rule: 4, continued: [0, 3] });
  });

  it('a config without rules: every tuple takes the default', () => {
    const c = make(configOf({ defaultAction: 'reject' }));
    expect(decisionOf(c, tupleOf({}))).toEqual({ rule: 0, continued: [] });
    expect(decisionOf(c, tupleOf({ src: '::1', dst: '::2', proto: 'icmpv6' }))).toEqual({ rule: 0, continued: [] });
  });

  it('nothing decides: the default entry, with the continued ones', () => {
    const config = configOf({ policies: [ruleOf('count', { action: 'count-and-continue', match: { protocol: 6 } })], defaultAction: 'reject' });
    const c = make(config);
    expect(decisionOf(c, tupleOf({}))).toEqual({ rule: 1, continued: [0] });
    expect(decisionOf(c, tupleOf({ proto: 'udp' }))).toEqual({ rule: 1, continued: [] });
  });

  it('a count-and-continue rule with an application counts once when several entries match', () => {
    const both = { name: 'Both', match: [web.match[0]!, { ...web.match[0]!, protocol: null }] };
    const config = configOf({ applications: [both], policies: [ruleOf('count', { action: 'count-and-continue', match: { application: 'Both' } })] });
    expect(decisionOf(make(config), tupleOf({ dst: '198.51.100.1', dstPort: 443 }))).toEqual({ rule: 1, continued: [0] });
  });
});
