import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyIndex } from '../../../policy/conn/key-index.js';
import { hashKey, hashStored, KEY_WORDS, keyMeta, keyPorts } from '../../../policy/conn/key.js';
import { newTuple } from '../../../policy/model/tuple.js';

// 48 keys, IPv4 and IPv6 (IPv4 with junk in the unused address words, which must not matter).
const POOL = Array.from({ length: 48 }, (_, i) => ({
  family: i % 4 === 0 ? 6 : 4,
  proto: i % 3 === 0 ? 17 : 6,
  src: Uint32Array.of(0x0a000000 + (i >> 2), 0, i % 4 === 0 ? i : 0, 1),
  dst: Uint32Array.of(0x0a000000 + (i >> 1), 0, 0, 2),
  sp: 1000 + i,
  dp: 80,
}));

describe('KeyIndex', () => {
  it('hashStored agrees with hashKey on the stored words', () => {
    const index = new KeyIndex(4);
    const a = Uint32Array.of(0x20010db8, 1, 2, 3);
    const b = Uint32Array.of(0x20010db8, 4, 5, 6);
    expect(index.find(6, 6, b, a, 443, 40000)).toBe(-1);
    index.insert(2);
    expect(hashStored(index.keys, 2 * KEY_WORDS)).toBe(hashKey(keyMeta(6, 6), keyPorts(40000, 443), a, b, true));
    expect(index.find(6, 6, a, b, 40000, 443)).toBe(2);
    expect(index.swapped).toBe(0);
    expect(index.find(6, 6, b, a, 443, 40000)).toBe(2);
    expect(index.swapped).toBe(1);
    const out = newTuple();
    index.read(2, true, out);
    expect([out.family, out.proto, ...out.src, ...out.dst, out.srcPort, out.dstPort]).toEqual([6, 6, ...b, ...a, 443, 40000]);
  });

  // 32 slots: long probe runs; 4 slots (8 entries): runs wrap around the end all the time.
  it.each([32, 4])('finds exactly the inserted keys through inserts and removals (%i slots)', (size) => {
    const op = fc.record({ key: fc.integer({ min: 0, max: POOL.length - 1 }), reverse: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const index = new KeyIndex(size);
        const slotOf = new Map<number, number>();
        const free = Array.from({ length: size }, (_, i) => size - 1 - i);
        for (const { key, reverse } of ops) {
          const k = POOL[key];
          const found = reverse ? index.find(k.family, k.proto, k.dst, k.src, k.dp, k.sp) : index.find(k.family, k.proto, k.src, k.dst, k.sp, k.dp);
          expect(found).toBe(slotOf.get(key) ?? -1);
          if (found >= 0) {
            index.remove(found);
            slotOf.delete(key);
            free.push(found);
          } else if (free.length > 0) {
            const slot = free.pop()!;
            index.insert(slot);
            slotOf.set(key, slot);
          }
          for (let j = 0; j < POOL.length; j++) {
            const p = POOL[j];
            expect(index.find(p.family, p.proto, p.src, p.dst, p.sp, p.dp)).toBe(slotOf.get(j) ?? -1);
          }
        }
      }),
      { numRuns: 120 },
    );
  });

  it('keeps every key through growth', () => {
    const index = new KeyIndex(2);
    for (let i = 0; i < 2; i++) {
      const p = POOL[i];
      index.find(p.family, p.proto, p.src, p.dst, p.sp, p.dp);
      index.insert(i);
    }
    index.grow(40, 2);
    for (let i = 2; i < 40; i++) {
      const p = POOL[i];
      expect(index.find(p.family, p.proto, p.src, p.dst, p.sp, p.dp)).toBe(-1);
      index.insert(i);
    }
    for (let i = 0; i < 40; i++) {
      const p = POOL[i];
      expect(index.find(p.family, p.proto, p.dst, p.src, p.dp, p.sp)).toBe(i);
    }
  });
});
