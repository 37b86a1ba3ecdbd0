import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppConfig, Tuple, VwireRule } from '../../../policy/index.js';
import { PROTO_TCP } from '../../../policy/index.js';
import { FW_ALLOW, FW_DENY, FW_DROP, Firewall } from '../../../vwire/firewall/index.js';
import {
  DEFAULT_CONFIG,
  PROPERTY_SUBINTERFACES,
  PROPERTY_VLANS,
  S,
  SYN_ACK,
  TCP_ACK,
  TCP_SYN,
  arbPacket,
  arbRulebase,
  packet,
  propertyZone,
  referenceAction,
  referenceRule,
  reply,
  withFlags,
  withVwire,
} from './helpers.js';

const RUNS = { numRuns: 300 };

function configOf(rules: readonly VwireRule[], rejectNonSynTcp = true): AppConfig {
  return withVwire(DEFAULT_CONFIG, { subinterfaces: PROPERTY_SUBINTERFACES, rules, rejectNonSynTcp });
}

const ALLOW_ALL: VwireRule = {
  name: 'allow-all',
  from: 'any',
  to: 'any',
  src: null,
  dst: null,
  srcPort: null,
  dstPort: null,
  protocol: null,
  action: 'allow',
  path: 'vwire.rules[0]',
};

/** Rulebases that sometimes start by allowing everything, so that allowed first packets (the
 * premise of the session properties) are common. */
const arbRulesOften = fc.tuple(fc.boolean(), arbRulebase()).map(([all, rules]) => (all ? [ALLOW_ALL, ...rules] : rules));
const arbIface = fc.constantFrom(1 as const, 2 as const);
const arbWiredVlan = fc.constantFrom(100, 200, -1);

/** A first packet: TCP starts with a SYN. */
function opening(t: Tuple): Tuple {
  return t.proto === PROTO_TCP ? withFlags(t, TCP_SYN) : t;
}

function canonicalKey(t: Tuple): string {
  const a = `${Array.from(t.src).join('.')}:${t.srcPort}`;
  const b = `${Array.from(t.dst).join('.')}:${t.dstPort}`;
  return `${t.family}/${t.proto}/${a < b ? `${a}|${b}` : `${b}|${a}`}`;
}

/** Sixteen UDP flows from the LAN, for the capacity property. */
const UDP_FLOWS: Tuple[] = Array.from({ length: 16 }, (_, k) =>
  packet({ proto: 'udp', src: '172.16.10.5', srcPort: 40000 + k, dst: '52.96.1.1', dstPort: 53 }),
);

describe('firewall properties', () => {
  it('an allowed first packet makes a session that admits the reply on the other side, either way round', () => {
    fc.assert(
      fc.property(arbRulesOften, fc.boolean(), arbIface, arbWiredVlan, fc.context(), (rules, reject, i, vlan, ctx) =>
        fc.assert(
          fc.property(arbPacket(rules), (t) => {
            const fw = new Firewall(configOf(rules, reject), { initialSessions: 8 });
            const first = opening(t);
            if (fw.process(i, vlan, first, 60, 0) !== FW_ALLOW) return;
            const { sessionId, ruleIndex } = fw;
            ctx.log(`allowed by ${fw.ruleName(ruleIndex)}`);
            const back = reply(first, t.proto === PROTO_TCP ? SYN_ACK : 0);
            expect(fw.process((3 - i) as 1 | 2, vlan, back, 60, S)).toBe(FW_ALLOW);
            expect([fw.sessionId, fw.ruleIndex, fw.sessionCreated]).toEqual([sessionId, ruleIndex, false]);
            expect(fw.process(i, vlan, t.proto === PROTO_TCP ? withFlags(t, TCP_ACK) : t, 60, 2 * S)).toBe(FW_ALLOW);
            expect(fw.sessionId).toBe(sessionId);
          }),
          { numRuns: 20 },
        ),
      ),
      { numRuns: 60 },
    );
  });

  it('a TCP packet that is not a SYN and finds no session: dropped fw-non-syn before any rule, or looked up when the check is off', () => {
    const notSyn = fc.integer({ min: 0, max: 63 }).filter((f) => (f & (TCP_SYN | TCP_ACK)) !== TCP_SYN);
    fc.assert(
      fc.property(arbRulebase(), fc.boolean(), arbIface, arbWiredVlan, notSyn, fc.context(), (rules, reject, i, vlan, flags, ctx) => {
        const config = configOf(rules, reject);
        fc.assert(
          fc.property(arbPacket(rules), (p) => {
            const t = withFlags(p, flags);
            t.proto = PROTO_TCP;
            const fw = new Firewall(config, { initialSessions: 8 });
            const v = fw.process(i, vlan, t, 60, 0);
            ctx.log(`verdict ${v} reason ${fw.reason}`);
            if (reject) {
              expect([v, fw.reason, fw.ruleIndex, fw.activeSessions]).toEqual([FW_DROP, 'fw-non-syn', -1, 0]);
            } else {
              expect(fw.ruleIndex).toBeGreaterThanOrEqual(0);
              expect(fw.reason).not.toBe('fw-non-syn');
              expect(v).toBe(fw.ruleAction(fw.ruleIndex) === 'allow' ? FW_ALLOW : FW_DENY);
            }
          }),
          { numRuns: 10 },
        );
      }),
      RUNS,
    );
  });

  it('the compiled rulebase decides as the reference scan does (first match, then the defaults)', () => {
    fc.assert(
      fc.property(arbRulebase(), arbIface, arbWiredVlan, (rules, i, vlan) => {
        const fw = new Firewall(configOf(rules, false), { initialSessions: 8 });
        const from = propertyZone(i, vlan)!;
        const to = propertyZone(3 - i, vlan)!;
        fc.assert(
          fc.property(arbPacket(rules), (t) => {
            fw.clearSessions();
            const v = fw.process(i, vlan, t, 60, 0);
            const expected = referenceRule(rules, from, to, t);
            expect(fw.ruleIndex).toBe(expected);
            expect(v).toBe(referenceAction(rules, expected) === 'allow' ? FW_ALLOW : FW_DENY);
            expect([fw.zoneName(fw.fromZone), fw.zoneName(fw.toZone)]).toEqual([from, to]);
          }),
          { numRuns: 40 },
        );
      }),
      RUNS,
    );
  });

  it('over any sequence: sessions come only from allowed packets, blocked packets never pass, the VLAN is kept and egress is 3 − ingress', () => {
    const step = fc.record({
      flow: fc.integer({ min: 0, max: 5 }),
      fromResponder: fc.boolean(),
      i: arbIface,
      vlan: fc.constantFrom(...PROPERTY_VLANS),
      flags: fc.constantFrom(TCP_SYN, SYN_ACK, TCP_ACK, 0x11, 0x14, 0),
      gap: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(
        arbRulebase().chain((r) => fc.tuple(fc.constant(r), fc.array(arbPacket(r), { minLength: 6, maxLength: 6 }))),
        fc.boolean(),
        fc.array(step, { minLength: 1, maxLength: 40 }),
        ([rules, flows], reject, steps) => {
          const fw = new Firewall(configOf(rules, reject), { initialSessions: 8 });
          const sessions = new Set<string>(); // no timeout runs out in under 40 µs
          let now = 0;
          for (const s of steps) {
            now += s.gap;
            const base = flows[s.flow]!;
            const t = s.fromResponder ? reply(base, s.flags) : withFlags(base, s.flags);
            if (t.proto !== PROTO_TCP) t.tcpFlags = 0;
            const before = fw.activeSessions;
            const v = fw.process(s.i, s.vlan, t, 60, now);
            expect([fw.egressInterface, fw.egressVlan]).toEqual([3 - s.i, s.vlan]);
            const from = propertyZone(s.i, s.vlan);
            const to = propertyZone(3 - s.i, s.vlan);
            if (from === null || to === null) {
              expect([v, fw.reason, fw.activeSessions]).toEqual([FW_DROP, 'fw-vlan-not-allowed', before]);
              continue;
            }
            const key = canonicalKey(t);
            if (sessions.has(key)) {
              expect([v, fw.sessionCreated]).toEqual([FW_ALLOW, false]);
              continue;
            }
            if (reject && t.proto === PROTO_TCP && (t.tcpFlags & (TCP_SYN | TCP_ACK)) !== TCP_SYN) {
              expect([v, fw.reason, fw.activeSessions]).toEqual([FW_DROP, 'fw-non-syn', before]);
              continue;
            }
            const rule = referenceRule(rules, from, to, t);
            expect(fw.ruleIndex).toBe(rule);
            if (referenceAction(rules, rule) === 'allow') {
              expect([v, fw.sessionCreated, fw.activeSessions]).toEqual([FW_ALLOW, true, before + 1]);
              sessions.add(key);
            } else {
              expect([v, fw.reason, fw.sessionId, fw.activeSessions]).toEqual([FW_DENY, 'fw-deny', -1, before]);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('never holds more sessions than its capacity; fw-session-limit only when full', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.record({ flow: fc.integer({ min: 0, max: 15 }), fromResponder: fc.boolean(), gap: fc.integer({ min: 0, max: 30 * S }) }), {
          minLength: 1,
          maxLength: 60,
        }),
        (capacity, steps) => {
          const fw = new Firewall(configOf([ALLOW_ALL]), { capacityOverride: capacity, initialSessions: 1 });
          let now = 0;
          for (const s of steps) {
            now += s.gap;
            // UDP, so every packet may open a session and sessions also age out (udpInitial 30 s).
            const t = UDP_FLOWS[s.flow]!;
            fw.expire(now); // so that `before` is what the packet finds
            const before = fw.activeSessions;
            const v = fw.process(s.fromResponder ? 2 : 1, 100, s.fromResponder ? reply(t, 0) : t, 60, now);
            expect(fw.activeSessions).toBeLessThanOrEqual(capacity);
            if (fw.reason === 'fw-session-limit') {
              expect([before, fw.activeSessions]).toEqual([capacity, capacity]);
            } else {
              expect(v).toBe(FW_ALLOW);
              // A new session only fits beside the others: none is pushed out to make room.
              if (fw.sessionCreated) expect(before).toBeLessThan(capacity);
            }
          }
        },
      ),
      RUNS,
    );
  });
});
