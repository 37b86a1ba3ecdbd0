import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../dataplane/engine/event-queue.js';

describe('EventQueue', () => {
  it('pops in time order, ties in insertion order, whatever the pushes', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<number>();
        times.forEach((t, i) => q.push(t, t % 3, i));
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        for (const e of expected) {
          expect(q.nextAt()).toBe(e.t);
          expect(q.peekKind()).toBe(e.t % 3);
          expect(q.pop()).toBe(e.i);
        }
        expect(q.size).toBe(0);
        expect(q.nextAt()).toBe(Infinity);
      }),
    );
  });

  it('interleaves pushes and pops correctly', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }), { maxLength: 300 }), (ops) => {
        const q = new EventQueue<number>();
        const model: { t: number; i: number }[] = [];
        ops.forEach((op, i) => {
          if (op === null) {
            if (model.length === 0) return;
            model.sort((a, b) => a.t - b.t || a.i - b.i);
            expect(q.pop()).toBe(model.shift()!.i);
          } else {
            q.push(op, 0, i);
            model.push({ t: op, i });
          }
        });
        expect(q.size).toBe(model.length);
      }),
    );
  });
});
