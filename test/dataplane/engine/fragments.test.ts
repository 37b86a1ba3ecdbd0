import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAGMENT_TABLE_SIZE, FragmentTable } from '../../../dataplane/engine/fragments.js';

// The reference: every first fragment remembered, the newest 4,096 kept, a lookup scanning back
// from the newest (what the table did before its hash index).
interface Entry {
  family: number;
  proto: number;
  id: number;
  src: readonly number[];
  dst: readonly number[];
  srcPort: number;
  dstPort: number;
  flags: number;
}

function plainFind(log: Entry[], family: number, proto: number, id: number, src: readonly number[], dst: readonly number[]): Entry | null {
  for (let n = log.length - 1; n >= Math.max(0, log.length - FRAGMENT_TABLE_SIZE); n--) {
    const e = log[n]!;
    if (e.family === family && e.proto === proto && e.id === id && e.src.every((w, i) => w === src[i]) && e.dst.every((w, i) => w === dst[i])) return e;
  }
  return null;
}

// Few distinct keys, so that keys repeat (newest must win) and collide in buckets.
const address = fc.constantFrom([0x0a000001, 0, 0, 0], [0x0a000002, 0, 0, 0], [0x20010db8, 0, 0, 1], [0xc0000201, 0, 0, 0]);
const entry = fc.record({
  family: fc.constantFrom(4, 6),
  proto: fc.constantFrom(6, 17),
  id: fc.integer({ min: 0, max: 40 }),
  src: address,
  dst: address,
  srcPort: fc.integer({ min: 0, max: 65535 }),
  dstPort: fc.integer({ min: 0, max: 65535 }),
  flags: fc.integer({ min: 0, max: 255 }),
});

describe('FragmentTable', () => {
  it('finds what a newest-first scan of the last 4,096 first fragments finds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), entry), { maxLength: 300 }), fc.integer({ min: 0, max: 5000 }), (ops, filler) => {
        const table = new FragmentTable();
        const log: Entry[] = [];
        const remember = (e: Entry) => {
          table.remember(e.family, e.proto, e.id, Uint32Array.from(e.src), Uint32Array.from(e.dst), e.srcPort, e.dstPort, e.flags);
          log.push(e);
        };
        // Distinct keys first, so that the ring wraps and overwrites during the operations.
        for (let n = 0; n < filler; n++) remember({ family: 4, proto: 17, id: 1000 + n, src: [0x0b000000 + n, 0, 0, 0], dst: [1, 0, 0, 0], srcPort: n, dstPort: 1, flags: 0 });
        for (const [isFirst, e] of ops) {
          if (isFirst) {
            remember(e);
            continue;
          }
          const want = plainFind(log, e.family, e.proto, e.id, e.src, e.dst);
          const found = table.find(e.family, e.proto, e.id, Uint32Array.from(e.src), Uint32Array.from(e.dst));
          expect(found).toBe(want !== null);
          if (want !== null) expect([table.srcPort, table.dstPort, table.tcpFlags]).toEqual([want.srcPort, want.dstPort, want.flags]);
        }
        // Every filler key still in the ring is found; the forgotten ones are not.
        for (let n = 0; n < filler; n += 97) {
          const src = [0x0b000000 + n, 0, 0, 0];
          expect(table.find(4, 17, 1000 + n, Uint32Array.from(src), Uint32Array.of(1, 0, 0, 0))).toBe(plainFind(log, 4, 17, 1000 + n, src, [1, 0, 0, 0]) !== null);
        }
      }),
      { numRuns: 150 },
    );
  });
});
