/**
 * Model-based test: random packet sequences over a small key pool run through a FlowTable and
 * through a plain Map-based model written straight from SPEC (named phases, FIN sides as
 * booleans, a linear scan for expiry and eviction). After every step both must agree on which
 * slot each key finds, its id, direction, state and deadline, the counters, and the order of
 * expiries and evictions.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FlowTable, connStateName } from '../../../policy/conn/index.js';
import type { Timeouts } from '../../../policy/config/types.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../../policy/model/tuple.js';

const SEC = 1e9;
const TIMEOUTS: Timeouts = {
  tcpInitial: 4,
  tcpIdle: 9,
  tcpClosing: 3,
  tcpTimeWait: 2,
  tcpClosed: 3,
  udpInitial: 3,
  udpIdle: 6,
  icmpIdle: 5,
  genericIdle: 7,
};
const TIMEOUT_OF: Record<string, number> = {
  'tcp-initial': TIMEOUTS.tcpInitial,
  'tcp-established': TIMEOUTS.tcpIdle,
  'tcp-closing': TIMEOUTS.tcpClosing,
  'tcp-time-wait': TIMEOUTS.tcpTimeWait,
  'tcp-closed': TIMEOUTS.tcpClosed,
  'udp-initial': TIMEOUTS.udpInitial,
  'udp-idle': TIMEOUTS.udpIdle,
  'icmp-idle': TIMEOUTS.icmpIdle,
  'generic-idle': TIMEOUTS.genericIdle,
};

interface PoolKey {
  family: number;
  proto: number;
  src: Uint32Array;
  dst: Uint32Array;
  sp: number;
  dp: number;
}
const w4 = (a: number): Uint32Array => Uint32Array.of(a, 0, 0, 0);
const w6 = (...w: number[]): Uint32Array => Uint32Array.from(w);
const POOL: PoolKey[] = [
  { family: 4, proto: 6, src: w4(0x0a000001), dst: w4(0x0a000002), sp: 1000, dp: 80 },
  { family: 4, proto: 6, src: w4(0x0a000001), dst: w4(0x0a000002), sp: 1001, dp: 80 },
  { family: 4, proto: 6, src: w4(0x0a000002), dst: w4(0x0a000001), sp: 80, dp: 65535 },
  { family: 4, proto: 17, src: w4(0x0a000001), dst: w4(0x0a000002), sp: 1000, dp: 80 },
  { family: 4, proto: 17, src: w4(0xc0a80001), dst: w4(0xc0a80001), sp: 53, dp: 53 },
  { family: 4, proto: 17, src: w4(0xc0a80001), dst: w4(0xc0a80001), sp: 40000, dp: 53 },
  { family: 4, proto: 1, src: w4(0x0a000001), dst: w4(0xfe000001), sp: 7, dp: 7 },
  { family: 4, proto: 47, src: w4(0x0a000001), dst: w4(0x0a000002), sp: 0, dp: 0 },
  { family: 6, proto: 6, src: w4(0x0a000001), dst: w4(0x0a000002), sp: 1000, dp: 80 },
  { family: 6, proto: 6, src: w6(0x20010db8, 0, 0, 1), dst: w6(0x20010db8, 0, 1, 1), sp: 443, dp: 443 },
  { family: 6, proto: 6, src: w6(0x20010db8, 0, 0, 1), dst: w6(0x20010db8, 0, 0, 2), sp: 443, dp: 443 },
  { family: 6, proto: 58, src: w6(0x20010db8, 0, 0, 1), dst: w6(0x20010db8, 0, 0, 2), sp: 9, dp: 9 },
];

// ---- the model ----

interface Conn {
  slot: number;
  id: number;
  kind: 'tcp' | 'udp' | 'icmp' | 'generic';
  phase: string;
  finInitiator: boolean;
  finResponder: boolean;
  /** The initiator's source endpoint, as text. */
  initiator: string;
  last: number;
  touch: number;
}

const endpoint = (addr: Uint32Array, port: number, family: number): string =>
  `${family === 6 ? Array.from(addr).join('.') : addr[0]}#${port}`;

function modelKey(k: PoolKey): string {
  const a = endpoint(k.src, k.sp, k.family);
  const b = endpoint(k.dst, k.dp, k.family);
  return `${k.family}/${k.proto}/${[a, b].sort().join('|')}`;
}

function stateName(c: Conn): string {
  if (c.kind === 'tcp') return `tcp-${c.phase}`;
  if (c.kind === 'udp') return c.phase === 'idle' ? 'udp-idle' : 'udp-initial';
  return c.kind === 'icmp' ? 'icmp-idle' : 'generic-idle';
}

const deadlineOf = (c: Conn): number => c.last + TIMEOUT_OF[stateName(c)] * SEC;

function step(c: Conn, fromInitiator: boolean, flags: number): void {
  if (c.kind === 'udp') {
    if (!fromInitiator) c.phase = 'idle';
    return;
  }
  if (c.kind !== 'tcp') return;
  if (flags & TCP_RST) {
    c.phase = 'closed';
    return;
  }
  if (c.phase === 'closed' || c.phase === 'time-wait') return;
  if (flags & TCP_FIN) {
    if (fromInitiator) c.finInitiator = true;
    else c.finResponder = true;
  }
  if (c.finInitiator && c.finResponder) c.phase = 'time-wait';
  else if (c.finInitiator || c.finResponder) c.phase = 'closing';
  else if (c.phase === 'initial' && !fromInitiator) c.phase = 'established';
}

class Model {
  conns = new Map<string, Conn>();
  created = 0;
  expired = 0;
  evicted = 0;
  peak = 0;
  touches = 0;
  expiredIds: number[] = [];
  evictedIds: number[] = [];
  constructor(readonly capacity: number, readonly evictWhenFull: boolean) {}

  expire(now: number): void {
    const due = [...this.conns.entries()]
      .filter(([, c]) => deadlineOf(c) <= now)
      .sort(([, a], [, b]) => deadlineOf(a) - deadlineOf(b) || a.touch - b.touch);
    for (const [key, c] of due) {
      this.conns.delete(key);
      this.expired++;
      this.expiredIds.push(c.id);
    }
  }

  /** Returns false when the table is full and may not evict. */
  makeRoom(): boolean {
    if (this.conns.size < this.capacity) return true;
    if (!this.evictWhenFull) return false;
    let victim: [string, Conn] | null = null;
    for (const entry of this.conns) if (victim === null || entry[1].touch < victim[1].touch) victim = entry;
    this.conns.delete(victim![0]);
    this.evicted++;
    this.evictedIds.push(victim![1].id);
    return true;
  }
}

// ---- the run ----

type Op =
  | { op: 'packet'; key: number; reverse: boolean; flags: number; dt: number }
  | { op: 'lookup'; key: number; reverse: boolean }
  | { op: 'expire'; dt: number }
  | { op: 'remove'; key: number }
  | { op: 'clear' };

// Half-second steps, mostly short (connections survive) and sometimes past every timeout.
const dt = fc
  .oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 20 }) })
  .map((n) => n * 0.5 * SEC);
// Mostly a few keys, so that connections live long enough to walk their state machines.
const keyIndex = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: POOL.length - 1 }) },
);
const flags = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(TCP_ACK, TCP_FIN | TCP_ACK) },
  { weight: 2, arbitrary: fc.constantFrom(0, TCP_SYN, TCP_SYN | TCP_ACK, TCP_PSH | TCP_ACK, TCP_RST, TCP_RST | TCP_ACK, TCP_FIN | TCP_RST) },
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant('packet' as const), key: keyIndex, reverse: fc.boolean(), flags, dt }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('lookup' as const), key: keyIndex, reverse: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('expire' as const), dt }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), key: keyIndex }) },
  { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
);

function oriented(k: PoolKey, reverse: boolean): [Uint32Array, Uint32Array, number, number] {
  return reverse ? [k.dst, k.src, k.dp, k.sp] : [k.src, k.dst, k.sp, k.dp];
}

function run(capacity: number, initialSize: number, evictWhenFull: boolean, ops: Op[]): void {
  const model = new Model(capacity, evictWhenFull);
  const expiredIds: number[] = [];
  const evictedIds: number[] = [];
  const table: FlowTable = new FlowTable({
    capacity,
    initialSize,
    evictWhenFull,
    timeouts: TIMEOUTS,
    userWidth: 1,
    onExpire: (slot) => expiredIds.push(table.flowId[slot]),
    onEvict: (slot) => evictedIds.push(table.flowId[slot]),
  });
  let now = 0;

  for (const o of ops) {
    if (o.op === 'packet') {
      now += o.dt;
      table.expire(now);
      model.expire(now);
      const k = POOL[o.key];
      const [src, dst, sp, dp] = oriented(k, o.reverse);
      const mk = modelKey(k);
      let c = model.conns.get(mk);
      let slot = table.lookup(k.family, k.proto, src, dst, sp, dp);
      expect(slot).toBe(c === undefined ? -1 : c.slot);
      if (c === undefined) {
        const room = model.makeRoom();
        slot = table.create(k.family, k.proto, src, dst, sp, dp, now);
        if (!room) {
          expect(slot).toBe(-1);
          continue;
        }
        expect(slot).toBeGreaterThanOrEqual(0);
        const kind = k.proto === 6 ? 'tcp' : k.proto === 17 ? 'udp' : k.proto === 1 || k.proto === 58 ? 'icmp' : 'generic';
        c = { slot, id: ++model.created, kind, phase: 'initial', finInitiator: false, finResponder: false, initiator: endpoint(src, sp, k.family), last: now, touch: 0 };
        model.conns.set(mk, c);
        model.peak = Math.max(model.peak, model.conns.size);
        table.userData[slot] = c.id;
      }
      const fromInitiator = endpoint(src, sp, k.family) === c.initiator;
      expect(table.lastDirection).toBe(fromInitiator ? 0 : 1);
      table.update(slot, table.lastDirection, o.flags, now);
      step(c, fromInitiator, o.flags);
      c.last = now;
      c.touch = ++model.touches;
    } else if (o.op === 'lookup') {
      const k = POOL[o.key];
      const [src, dst, sp, dp] = oriented(k, o.reverse);
      const c = model.conns.get(modelKey(k));
      expect(table.lookup(k.family, k.proto, src, dst, sp, dp)).toBe(c === undefined ? -1 : c.slot);
      if (c !== undefined) expect(table.lastDirection).toBe(endpoint(src, sp, k.family) === c.initiator ? 0 : 1);
    } else if (o.op === 'expire') {
      now += o.dt;
      table.expire(now);
      model.expire(now);
    } else if (o.op === 'remove') {
      const c = model.conns.get(modelKey(POOL[o.key]));
      if (c !== undefined) {
        table.remove(c.slot);
        model.conns.delete(modelKey(POOL[o.key]));
      }
    } else {
      table.clear();
      model.conns.clear();
    }

    // Everything observable agrees after every step.
    expect([table.created, table.active, table.expired, table.evicted, table.peak]).toEqual([
      model.created,
      model.conns.size,
      model.expired,
      model.evicted,
      model.peak,
    ]);
    expect(expiredIds).toEqual(model.expiredIds);
    expect(evictedIds).toEqual(model.evictedIds);
    expect(table.storageSize).toBeLessThanOrEqual(capacity);
    for (const k of POOL) {
      const c = model.conns.get(modelKey(k));
      const slot = table.lookup(k.family, k.proto, k.src, k.dst, k.sp, k.dp);
      if (c === undefined) {
        expect(slot).toBe(-1);
        continue;
      }
      expect(slot).toBe(c.slot);
      expect(table.lastDirection).toBe(endpoint(k.src, k.sp, k.family) === c.initiator ? 0 : 1);
      expect(table.flowId[slot]).toBe(c.id);
      expect(table.userData[slot]).toBe(c.id);
      expect(connStateName(table.state[slot])).toBe(stateName(c));
      expect(table.lastSeen[slot]).toBe(c.last);
      expect(table.deadline(slot)).toBe(deadlineOf(c));
    }
  }
}

describe('FlowTable against a Map-based model', () => {
  it('agrees on slots, ids, directions, states, deadlines, counters, expiries and evictions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.array(opArb, { maxLength: 80 }),
        (capacity, initialSize, evictWhenFull, ops) => run(capacity, initialSize, evictWhenFull, ops),
      ),
      { numRuns: 600 },
    );
  });
});
