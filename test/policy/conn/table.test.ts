import { describe, expect, it } from 'vitest';
import {
  CONN_FREE,
  CONN_ICMP,
  CONN_TCP_CLOSED,
  CONN_TCP_CLOSING_INITIATOR,
  CONN_TCP_ESTABLISHED,
  CONN_TCP_INITIAL,
  CONN_UDP_IDLE,
  CONN_UDP_INITIAL,
  FlowTable,
  connStateName,
  type FlowTableOptions,
} from '../../../policy/conn/index.js';
import { DEFAULT_TIMEOUTS } from '../../../policy/config/types.js';
import { newTuple, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../../policy/model/tuple.js';

const SEC = 1e9;
const v4 = (a: number): Uint32Array => Uint32Array.of(a, 0, 0, 0);
const v6 = (...w: number[]): Uint32Array => Uint32Array.from(w);
const CLIENT = v4(0xac100a05); // 172.16.10.5
const SERVER = v4(0x34600101); // 52.96.1.1

function table(over: Partial<FlowTableOptions> = {}): FlowTable {
  return new FlowTable({ capacity: 1000, timeouts: DEFAULT_TIMEOUTS, evictWhenFull: true, ...over });
}

/** The dataplane's per-packet sequence; returns the slot. */
function packet(t: FlowTable, proto: number, src: Uint32Array, dst: Uint32Array, sp: number, dp: number, flags: number, now: number, family = 4): number {
  t.expire(now);
  let slot = t.lookup(family, proto, src, dst, sp, dp);
  if (slot < 0) slot = t.create(family, proto, src, dst, sp, dp, now);
  if (slot >= 0) t.update(slot, t.lastDirection, flags, now);
  return slot;
}

describe('keys and directions', () => {
  it('finds one slot for both directions and tells the initiator from the responder', () => {
    const t = table();
    // The initiator is the "larger" endpoint here, so its key is stored swapped.
    const slot = t.create(4, 6, SERVER, CLIENT, 443, 51000, 0);
    expect(t.lastDirection).toBe(0);
    expect(t.lookup(4, 6, CLIENT, SERVER, 51000, 443)).toBe(slot);
    expect(t.lastDirection).toBe(1);
    expect(t.lookup(4, 6, SERVER, CLIENT, 443, 51000)).toBe(slot);
    expect(t.lastDirection).toBe(0);
    expect(t.flowId[slot]).toBe(1);
    const out = newTuple();
    t.readKey(slot, out);
    expect([out.family, out.proto, out.src[0], out.dst[0], out.srcPort, out.dstPort]).toEqual([4, 6, SERVER[0], CLIENT[0], 443, 51000]);
  });

  it('keeps protocol, ports and family apart', () => {
    const t = table();
    const tcp = t.create(4, 6, CLIENT, SERVER, 51000, 443, 0);
    expect(t.lookup(4, 17, CLIENT, SERVER, 51000, 443)).toBe(-1);
    expect(t.lookup(4, 6, CLIENT, SERVER, 51001, 443)).toBe(-1);
    expect(t.lookup(4, 6, CLIENT, SERVER, 443, 51000)).toBe(-1);
    expect(t.lookup(6, 6, CLIENT, SERVER, 51000, 443)).toBe(-1);
    const v6slot = t.create(6, 6, CLIENT, SERVER, 51000, 443, 0);
    expect(v6slot).not.toBe(tcp);
    expect(t.lookup(4, 6, CLIENT, SERVER, 51000, 443)).toBe(tcp);
    expect(t.lookup(6, 6, SERVER, CLIENT, 443, 51000)).toBe(v6slot);
  });

  it('IPv4 keys ignore address words 1..3 of the caller', () => {
    const t = table();
    const slot = t.create(4, 17, Uint32Array.of(1, 7, 7, 7), v4(2), 53, 53, 0);
    expect(t.lookup(4, 17, v4(2), Uint32Array.of(1, 9, 9, 9), 53, 53)).toBe(slot);
    expect(t.lastDirection).toBe(1);
    const out = newTuple();
    t.readKey(slot, out);
    expect(Array.from(out.src)).toEqual([1, 0, 0, 0]);
  });

  it('IPv6 keys use all four words of both addresses', () => {
    const t = table();
    const a = v6(0x20010db8, 1, 0, 5);
    const b = v6(0x20010db8, 0, 0, 0x52);
    const slot = t.create(6, 6, a, b, 40000, 443, 0);
    for (let w = 1; w < 4; w++) {
      const other = a.slice();
      other[w] ^= 1;
      expect(t.lookup(6, 6, other, b, 40000, 443)).toBe(-1);
      const otherB = b.slice();
      otherB[w] ^= 0x100;
      expect(t.lookup(6, 6, a, otherB, 40000, 443)).toBe(-1);
    }
    expect(t.lookup(6, 6, b, a, 443, 40000)).toBe(slot);
    expect(t.lastDirection).toBe(1);
    const out = newTuple();
    t.readKey(slot, out);
    expect([...out.src, ...out.dst, out.srcPort, out.dstPort]).toEqual([...a, ...b, 40000, 443]);
  });

  it('ICMP echo: the identifier as both ports joins request and reply', () => {
    const t = table();
    const slot = packet(t, 1, CLIENT, SERVER, 0x1234, 0x1234, 0, 0);
    expect(t.state[slot]).toBe(CONN_ICMP);
    expect(packet(t, 1, SERVER, CLIENT, 0x1234, 0x1234, 0, SEC)).toBe(slot);
    expect(t.lastDirection).toBe(1);
    expect(packet(t, 1, CLIENT, SERVER, 0x1235, 0x1235, 0, SEC)).not.toBe(slot);
  });

  it('refuses to create a key that is already there', () => {
    const t = table();
    t.create(4, 6, CLIENT, SERVER, 1, 2, 0);
    expect(() => t.create(4, 6, SERVER, CLIENT, 2, 1, 0)).toThrow(expect.objectContaining({ code: 'CHAINSIM_INTERNAL' }));
  });
});

describe('state and timeouts through the table', () => {
  it('walks a TCP connection and shortens its deadline when it closes', () => {
    const t = table();
    const s = packet(t, 6, CLIENT, SERVER, 51000, 443, TCP_SYN, 0);
    expect(t.state[s]).toBe(CONN_TCP_INITIAL);
    expect(t.deadline(s)).toBe(120 * SEC);
    packet(t, 6, SERVER, CLIENT, 443, 51000, TCP_SYN | TCP_ACK, 1 * SEC);
    expect(t.state[s]).toBe(CONN_TCP_ESTABLISHED);
    expect(t.deadline(s)).toBe((1 + 7440) * SEC);
    packet(t, 6, CLIENT, SERVER, 51000, 443, TCP_FIN | TCP_ACK, 100 * SEC);
    expect(t.state[s]).toBe(CONN_TCP_CLOSING_INITIATOR);
    expect(t.deadline(s)).toBe(110 * SEC);
    // The shorter timeout must be honoured although an earlier check saw 7441 s ahead.
    expect(t.expire(110 * SEC - 1)).toBe(0);
    expect(t.expire(110 * SEC)).toBe(1);
    expect(t.active).toBe(0);
  });

  it('a first packet with RST creates a closed connection that lives tcpClosed', () => {
    const t = table();
    const s = packet(t, 6, CLIENT, SERVER, 1, 2, TCP_RST, 5 * SEC);
    expect(t.state[s]).toBe(CONN_TCP_CLOSED);
    expect(t.deadline(s)).toBe(15 * SEC);
  });

  it('UDP: udpInitial until the responder sends, then udpIdle from the last packet', () => {
    const t = table();
    const s = packet(t, 17, CLIENT, SERVER, 5000, 53, 0, 0);
    expect(t.state[s]).toBe(CONN_UDP_INITIAL);
    packet(t, 17, CLIENT, SERVER, 5000, 53, 0, 20 * SEC);
    expect(t.deadline(s)).toBe(50 * SEC);
    packet(t, 17, SERVER, CLIENT, 53, 5000, 0, 21 * SEC);
    expect(t.state[s]).toBe(CONN_UDP_IDLE);
    expect(t.deadline(s)).toBe(321 * SEC);
  });

  it('expires at last + timeout exactly: a packet at that instant starts a new connection', () => {
    const t = table();
    const first = packet(t, 17, CLIENT, SERVER, 5000, 53, 0, 0);
    expect(packet(t, 17, CLIENT, SERVER, 5000, 53, 0, 30 * SEC - 1)).toBe(first);
    expect(t.flowId[first]).toBe(1);
    const again = packet(t, 17, SERVER, CLIENT, 53, 5000, 0, 60 * SEC - 1);
    expect(t.flowId[again]).toBe(2);
    // The new connection's initiator is the sender of the packet that started it.
    expect(t.lastDirection).toBe(0);
    expect(connStateName(t.state[again])).toBe('udp-initial');
    expect([t.created, t.active, t.expired, t.peak]).toEqual([2, 1, 1, 1]);
  });

  it('a touched connection outlives the early bound and expires at its real deadline', () => {
    const t = table();
    const s = packet(t, 17, CLIENT, SERVER, 1, 2, 0, 0);
    packet(t, 17, CLIENT, SERVER, 1, 2, 0, 20 * SEC);
    expect(t.expire(30 * SEC)).toBe(0);
    expect(t.lookup(4, 17, CLIENT, SERVER, 1, 2)).toBe(s);
    expect(t.expire(50 * SEC - 1)).toBe(0);
    expect(t.expire(50 * SEC)).toBe(1);
  });

  it('calls onExpire earliest deadline first, with the slot still readable', () => {
    const seen: string[] = [];
    const t: FlowTable = table({
      onExpire: (slot) => seen.push(`${t.flowId[slot]}:${connStateName(t.state[slot])}`),
    });
    packet(t, 6, CLIENT, SERVER, 1, 2, TCP_SYN, 0); // 1: deadline 120 s
    packet(t, 17, CLIENT, SERVER, 1, 2, 0, 0); // 2: 30 s
    packet(t, 1, CLIENT, SERVER, 0, 0, 0, 0); // 3: 60 s
    packet(t, 47, CLIENT, SERVER, 0, 0, 0, 0); // 4: 300 s
    packet(t, 6, CLIENT, SERVER, 3, 4, TCP_RST, 0); // 5: 10 s
    expect(t.expire(200 * SEC)).toBe(4);
    expect(seen).toEqual(['5:tcp-closed', '2:udp-initial', '3:icmp-idle', '1:tcp-initial']);
    expect([t.active, t.expired]).toEqual([1, 4]);
  });

  it('time never goes back: an earlier now counts as the latest', () => {
    const t = table();
    const s = packet(t, 17, CLIENT, SERVER, 1, 2, 0, 10 * SEC);
    t.update(s, 0, 0, 5 * SEC);
    expect(t.lastSeen[s]).toBe(10 * SEC);
    const other = t.create(4, 17, CLIENT, SERVER, 3, 4, 1 * SEC);
    expect(t.lastSeen[other]).toBe(10 * SEC);
  });
});

describe('capacity and eviction', () => {
  it('evicts the connection seen least recently, not the one created first', () => {
    const evictedIds: number[] = [];
    const t: FlowTable = table({ capacity: 3, onEvict: (slot) => evictedIds.push(t.flowId[slot]) });
    const a = packet(t, 6, CLIENT, SERVER, 1, 80, TCP_SYN, 0);
    const b = packet(t, 17, CLIENT, SERVER, 2, 53, 0, 1);
    const c = packet(t, 1, CLIENT, SERVER, 3, 3, 0, 2);
    packet(t, 6, SERVER, CLIENT, 80, 1, TCP_SYN | TCP_ACK, 3); // a is now the most recent
    const d = packet(t, 17, CLIENT, SERVER, 4, 53, 0, 4);
    expect(evictedIds).toEqual([2]);
    expect(d).toBe(b); // the freed slot is reused
    expect(t.flowId[d]).toBe(4);
    expect(t.lookup(4, 17, CLIENT, SERVER, 2, 53)).toBe(-1);
    expect(t.lookup(4, 6, CLIENT, SERVER, 1, 80)).toBe(a);
    expect(t.lookup(4, 1, CLIENT, SERVER, 3, 3)).toBe(c);
    packet(t, 17, CLIENT, SERVER, 5, 53, 0, 5);
    expect(evictedIds).toEqual([2, 3]);
    expect([t.created, t.active, t.evicted, t.expired, t.peak]).toEqual([5, 3, 2, 0, 3]);
  });

  it('with evictWhenFull: false, a new connection at capacity gets -1 and changes nothing', () => {
    const t = table({ capacity: 2, evictWhenFull: false });
    packet(t, 17, CLIENT, SERVER, 1, 53, 0, 0);
    packet(t, 17, CLIENT, SERVER, 2, 53, 0, 0);
    expect(t.create(4, 17, CLIENT, SERVER, 3, 53, 1)).toBe(-1);
    expect([t.created, t.active, t.evicted, t.peak]).toEqual([2, 2, 0, 2]);
    expect(t.lookup(4, 17, CLIENT, SERVER, 1, 53)).toBeGreaterThanOrEqual(0);
    // Once one expires there is room again.
    t.expire(30 * SEC);
    expect(t.create(4, 17, CLIENT, SERVER, 3, 53, 30 * SEC)).toBeGreaterThanOrEqual(0);
    expect(t.flowId[t.lookup(4, 17, CLIENT, SERVER, 3, 53)]).toBe(3);
  });

  it('grows by doubling up to capacity and keeps every connection, direction and user word', () => {
    const t = table({ capacity: 1000, initialSize: 2, userWidth: 2 });
    expect(t.storageSize).toBe(2);
    const sizes = new Set<number>();
    const slots: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v6key = i % 3 === 0;
      const src = v6key ? v6(0x20010db8, 1, 0, i) : v4(0x0a000000 + i);
      const slot = v6key ? t.create(6, 6, SERVER, src, 443, 40000 + i, i) : t.create(4, 17, src, SERVER, 40000 + i, 53, i);
      t.userData[slot * 2] = i;
      t.userData[slot * 2 + 1] = ~i;
      slots.push(slot);
      sizes.add(t.storageSize);
    }
    expect([...sizes]).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 1000]);
    for (let i = 0; i < 1000; i++) {
      const v6key = i % 3 === 0;
      const src = v6key ? v6(0x20010db8, 1, 0, i) : v4(0x0a000000 + i);
      const slot = v6key ? t.lookup(6, 6, src, SERVER, 40000 + i, 443) : t.lookup(4, 17, src, SERVER, 40000 + i, 53);
      expect(slot).toBe(slots[i]);
      expect(t.lastDirection).toBe(v6key ? 1 : 0);
      expect(t.flowId[slot]).toBe(i + 1);
      expect(t.lastSeen[slot]).toBe(i);
      expect([t.userData[slot * 2], t.userData[slot * 2 + 1]]).toEqual([i, ~i]);
    }
    expect(t.active).toBe(1000);
  });

  it('zeroes the user words of a reused slot', () => {
    const t = table({ userWidth: 1 });
    const s = t.create(4, 17, CLIENT, SERVER, 1, 2, 0);
    t.userData[s] = 99;
    t.remove(s);
    expect(t.create(4, 17, CLIENT, SERVER, 3, 4, 0)).toBe(s);
    expect(t.userData[s]).toBe(0);
  });
});

describe('remove and clear', () => {
  it('remove frees the slot for reuse with a new id, and refuses a free slot', () => {
    const t = table();
    const a = t.create(4, 17, CLIENT, SERVER, 1, 2, 0);
    const b = t.create(4, 17, CLIENT, SERVER, 3, 4, 0);
    t.remove(a);
    expect(t.state[a]).toBe(CONN_FREE);
    expect(t.lookup(4, 17, CLIENT, SERVER, 1, 2)).toBe(-1);
    expect(t.lookup(4, 17, CLIENT, SERVER, 3, 4)).toBe(b);
    expect([t.active, t.expired, t.evicted]).toEqual([1, 0, 0]);
    expect(() => t.remove(a)).toThrow(expect.objectContaining({ code: 'CHAINSIM_INTERNAL' }));
    expect(() => t.remove(500)).toThrow(expect.objectContaining({ code: 'CHAINSIM_INTERNAL' }));
    const c = t.create(4, 17, CLIENT, SERVER, 1, 2, 0);
    expect(c).toBe(a);
    expect(t.flowId[c]).toBe(3);
    // A removed connection never expires later.
    expect(t.expire(1000 * SEC)).toBe(2);
  });

  it('clear empties the table; ids and cumulative counters go on', () => {
    const t = table();
    t.create(4, 17, CLIENT, SERVER, 1, 2, 0);
    t.create(4, 6, CLIENT, SERVER, 1, 2, 0);
    t.clear();
    expect(t.active).toBe(0);
    expect(t.lookup(4, 17, CLIENT, SERVER, 1, 2)).toBe(-1);
    expect(t.expire(1e6 * SEC)).toBe(0);
    const s = t.create(4, 6, CLIENT, SERVER, 1, 2, 0);
    expect(t.flowId[s]).toBe(3);
    expect([t.created, t.active, t.peak]).toEqual([3, 1, 2]);
  });
});

describe('options', () => {
  it.each([
    [{ capacity: 0 }, /capacity 0/],
    [{ capacity: 1.5 }, /capacity 1.5/],
    [{ capacity: 2 ** 30 }, /capacity/],
    [{ initialSize: 0 }, /initialSize 0/],
    [{ userWidth: -1 }, /userWidth -1/],
    [{ timeouts: { ...DEFAULT_TIMEOUTS, udpIdle: -1 } }, /timeout udpIdle -1/],
    [{ timeouts: { ...DEFAULT_TIMEOUTS, tcpIdle: Number.NaN } }, /timeout tcpIdle NaN/],
  ] as const)('rejects %o', (over, message) => {
    expect(() => table(over)).toThrow(expect.objectContaining({ code: 'CHAINSIM_CONFIG', message: expect.stringMatching(message) }));
  });

  it('never allocates more than capacity', () => {
    expect(table({ capacity: 10 }).storageSize).toBe(10);
    expect(table({ capacity: 1_048_576 }).storageSize).toBe(1024);
  });
});
