/**
 * fast-check arbitraries for the pieces of a policy: prefixes, addresses, port ranges, rule
 * matches and rules. Values come mostly from small pools, so that rules overlap (a property
 * about first-match order needs rules that compete) and most fields are "any" (a rule with a
 * dozen conditions matches nothing and tests nothing).
 */
import fc from 'fast-check';
import type {
  ApplicationEntry,
  Family,
  PolicyAction,
  PolicyRule,
  PortRange,
  Prefix,
  RuleMatch,
} from '../../policy/index.js';
import { SERVICE_TYPES, maskWord, prefixFromText, prefixFromWords } from '../../policy/index.js';

export const V4_POOL: readonly Prefix[] = [
  '0.0.0.0/0',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.1.2.0/24',
  '10.1.2.3/32',
  '172.16.0.0/12',
  '192.0.2.0/24',
  '192.0.2.10/32',
  '52.96.0.0/14',
  '203.0.113.0/30',
].map(prefixFromText);

export const V6_POOL: readonly Prefix[] = [
  '::/0',
  '2001:db8::/32',
  '2001:db8:1::/48',
  '2001:db8:1:2::/64',
  '2001:db8:1::5/128',
  '2603:1000::/24',
].map(prefixFromText);

export const PORT_POOL: readonly PortRange[] = [
  { lo: 80, hi: 80 },
  { lo: 443, hi: 443 },
  { lo: 53, hi: 53 },
  { lo: 0, hi: 1023 },
  { lo: 1000, hi: 2000 },
  { lo: 8080, hi: 8090 },
  { lo: 1024, hi: 65535 },
  { lo: 65535, hi: 65535 },
];

export const PROTOCOL_POOL: readonly number[] = [6, 17, 1, 58, 47];
export const VLAN_POOL: readonly number[] = [0, 10, 100, 200];
export const DSCP_POOL: readonly number[] = [0, 10, 46];

const word = fc.integer({ min: 0, max: 0xffffffff });

/** "Usually null": a condition on one field in `1 / (nulls + 1)` of the rules. */
export function sometimes<T>(arb: fc.Arbitrary<T>, nulls = 3): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: nulls }, { arbitrary: arb, weight: 1 });
}

/** A prefix of the family (either when omitted): mostly from the pools, sometimes random. */
export function arbPrefix(family?: Family): fc.Arbitrary<Prefix> {
  const pool = family === 4 ? V4_POOL : family === 6 ? V6_POOL : [...V4_POOL, ...V6_POOL];
  const random = (f: Family) => arbRandomPrefix(f, 0, f === 4 ? 32 : 128);
  const randoms = family === undefined ? fc.oneof(random(4), random(6)) : random(family);
  return fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 4 }, { arbitrary: randoms, weight: 1 });
}

/** Address words of the family: inside one of `prefixes` of that family (often at its edges),
 * or anywhere. */
export function arbAddressWords(family: Family, prefixes: readonly Prefix[] = []): fc.Arbitrary<Uint32Array> {
  const own = prefixes.filter((p) => p.family === family);
  const pool = own.length > 0 ? own : family === 4 ? V4_POOL : V6_POOL;
  const host = fc.oneof(fc.constant(0), fc.constant(0xffffffff), word, word);
  const n = family === 4 ? 1 : 4;
  const inside = fc.tuple(fc.constantFrom(...pool), fc.array(host, { minLength: 4, maxLength: 4 })).map(([p, h]) => {
    const out = new Uint32Array(4);
    for (let i = 0; i < n; i++) {
      const m = maskWord(p.length, i);
      out[i] = ((p.words[i] & m) | (h[i]! & ~m)) >>> 0;
    }
    return out;
  });
  const anywhere = fc.array(word, { minLength: 4, maxLength: 4 }).map((w) => {
    const out = Uint32Array.from(w);
    out.fill(0, n);
    return out;
  });
  return fc.oneof({ arbitrary: inside, weight: 3 }, { arbitrary: anywhere, weight: 1 });
}

/** One to three port ranges: from the pool, or random. */
export function arbPortRanges(): fc.Arbitrary<PortRange[]> {
  const random = fc
    .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
    .map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) }));
  const range = fc.oneof({ arbitrary: fc.constantFrom(...PORT_POOL), weight: 4 }, { arbitrary: random, weight: 1 });
  return fc.array(range, { minLength: 1, maxLength: 3 });
}

function arbPrefixList(): fc.Arbitrary<Prefix[]> {
  return fc.array(arbPrefix(), { minLength: 1, maxLength: 3 });
}

/**
 * How rules are drawn. `overlapping` (the default, for properties): most fields "any",
 * prefixes and ports from the small pools, so rules compete. `narrow` (ACL-like, ClassBench's
 * spirit): every rule names destinations drawn at random (IPv4 /12–/28, IPv6 /32–/64), most
 * name a protocol and ports, so a tuple matches few rules and the first match lies anywhere in
 * the list.
 */
export type RuleShape = 'overlapping' | 'narrow';

/** A random prefix of length `min`–`max` of the family (narrow rules' destinations). */
function arbRandomPrefix(family: Family, min: number, max: number): fc.Arbitrary<Prefix> {
  return fc
    .tuple(fc.array(word, { minLength: 4, maxLength: 4 }), fc.integer({ min, max }))
    .map(([w, len]) => prefixFromWords(family, w, len));
}

function arbNarrowPrefixList(): fc.Arbitrary<Prefix[]> {
  const one = fc.oneof(
    { arbitrary: arbRandomPrefix(4, 12, 28), weight: 3 },
    { arbitrary: arbRandomPrefix(6, 32, 64), weight: 1 },
  );
  return fc.array(one, { minLength: 1, maxLength: 2 });
}

/** A rule match over `zones` (names) and `applications` (names; none when empty). */
export function arbRuleMatch(
  zones: readonly string[],
  applications: readonly string[] = [],
  shape: RuleShape = 'overlapping',
): fc.Arbitrary<RuleMatch> {
  const narrow = shape === 'narrow';
  const zone = zones.length > 0 ? sometimes(fc.constantFrom(...zones), 2) : fc.constant(null);
  const service = sometimes(fc.constantFrom(...SERVICE_TYPES), 4);
  return fc.record({
    fromZone: zone,
    toZone: zone,
    src: narrow ? sometimes(arbNarrowPrefixList(), 2) : sometimes(arbPrefixList(), 2),
    dst: narrow ? arbNarrowPrefixList() : sometimes(arbPrefixList(), 2),
    srcPort: sometimes(arbPortRanges(), 6),
    dstPort: sometimes(arbPortRanges(), narrow ? 1 : 2),
    protocol: sometimes(fc.constantFrom(...PROTOCOL_POOL), narrow ? 1 : 2),
    application: applications.length > 0 ? sometimes(fc.constantFrom(...applications), 5) : fc.constant(null),
    dscp: sometimes(fc.constantFrom(...DSCP_POOL), 8),
    srcService: service,
    dstService: service,
    vlan: sometimes(fc.constantFrom(...VLAN_POOL), 8),
    allowFragments: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
  });
}

/** One entry of an application definition. */
export function arbApplicationEntry(): fc.Arbitrary<ApplicationEntry> {
  return fc.record({
    src: sometimes(arbPrefixList(), 3),
    dst: sometimes(arbPrefixList(), 1),
    srcPort: sometimes(arbPortRanges(), 6),
    dstPort: sometimes(arbPortRanges(), 1),
    protocol: sometimes(fc.constantFrom(...PROTOCOL_POOL), 2),
  });
}

export interface RuleContext {
  readonly zones: readonly string[];
  readonly applications?: readonly string[];
  /** Hosted-firewall templates with their service redirection interfaces' names; redirect
   * rules are drawn only when there is one. */
  readonly hostedFirewalls?: readonly { readonly name: string; readonly serviceRedirectInterfaces: readonly string[] }[];
}

const ACTIONS: readonly PolicyAction[] = ['allow', 'drop', 'reject', 'count-and-continue'];

/** A policy rule named `name` at config path `path`: any action, count-and-continue and
 * redirects included, reverseAlso now and then; `shape` as for arbRuleMatch. */
export function arbPolicyRule(
  ctx: RuleContext,
  name = 'rule',
  path = 'firewall.policies[0]',
  shape: RuleShape = 'overlapping',
): fc.Arbitrary<PolicyRule> {
  const hfs = ctx.hostedFirewalls ?? [];
  const standard = fc.constantFrom(...ACTIONS).map((action) => ({
    type: 'standard' as const,
    action,
    hostedFirewall: null,
    serviceRedirectInterface: null,
  }));
  const redirect = hfs
    .filter((h) => h.serviceRedirectInterfaces.length > 0)
    .map((h) =>
      fc.constantFrom(...h.serviceRedirectInterfaces).map((sri) => ({
        type: 'hosted-firewall' as const,
        action: 'redirect' as const,
        hostedFirewall: h.name,
        serviceRedirectInterface: sri,
      })),
    );
  const kind =
    redirect.length > 0
      ? fc.oneof({ arbitrary: standard, weight: 3 }, { arbitrary: fc.oneof(...redirect), weight: 1 })
      : standard;
  return fc
    .record({
      kind,
      match: arbRuleMatch(ctx.zones, ctx.applications ?? [], shape),
      reverseAlso: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    })
    .map(({ kind: k, match, reverseAlso }) => ({ name, ...k, match, reverseAlso, log: false, path }));
}
