import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Ceiling } from '../../../dataplane/engine/ceiling.js';
import type { CeilingConfig } from '../../../policy/index.js';

const MBPS100: CeilingConfig = { rateBitsPerSecond: 1e8, burstBytes: 62_500, queueSeconds: 0, scope: 'aggregate' };

describe('Ceiling (police)', () => {
  it('passes the burst at once, then exactly what the rate refills', () => {
    const c = new Ceiling(MBPS100);
    // 500,000 bits of bucket: 41 frames of 1514 bytes (12,112 bits) fit, the 42nd does not.
    let passed = 0;
    for (let i = 0; i < 50; i++) if (c.offer(12_112, 0, 0)) passed++;
    expect(passed).toBe(41);
    // 100 Mbit/s refills 12,112 bits in 121,120 ns; the bucket holds 3,408 bits after 41 frames.
    expect(c.offer(12_112, 87_039, 0)).toBe(false); // 3,408 + 8,703.9 < 12,112
    expect(c.offer(12_112, 87_040, 0)).toBe(true); // 3,408 + 8,704 = 12,112
  });

  it('never delivers more than rate × window + burst in any window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 200_000 }), bytes: fc.integer({ min: 60, max: 1518 }) }), {
          minLength: 1,
          maxLength: 400,
        }),
        fc.integer({ min: 1, max: 50 }).map((ms) => ms * 1e6),
        (packets, window) => {
          const c = new Ceiling(MBPS100);
          const departures: { t: number; bits: number }[] = [];
          let now = 0;
          for (const p of packets) {
            now += p.gap;
            if (c.offer(p.bytes * 8, now, 0)) departures.push({ t: c.departure, bits: p.bytes * 8 });
          }
          for (let i = 0; i < departures.length; i++) {
            let bits = 0;
            for (let j = i; j < departures.length && departures[j].t < departures[i].t + window; j++) bits += departures[j].bits;
            expect(bits).toBeLessThanOrEqual((1e8 * window) / 1e9 + 62_500 * 8 + 1e-6);
          }
        },
      ),
    );
  });
});

describe('Ceiling (shape)', () => {
  const shape: CeilingConfig = { ...MBPS100, queueSeconds: 0.05 };

  it('queues what the bucket cannot take, FIFO, waits bounded by the queue, refusing on arrival beyond it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 100_000 }), bytes: fc.integer({ min: 60, max: 1518 }) }), {
          minLength: 1,
          maxLength: 600,
        }),
        (packets) => {
          const c = new Ceiling(shape);
          let now = 0;
          let lastDeparture = -1;
          for (const p of packets) {
            now += p.gap;
            if (c.offer(p.bytes * 8, now, 0)) {
              expect(c.departure).toBeGreaterThanOrEqual(now);
              expect(c.departure - now).toBeLessThanOrEqual(0.05e9);
              expect(c.departure).toBeGreaterThanOrEqual(lastDeparture);
              lastDeparture = c.departure;
            }
          }
        },
      ),
    );
  });

  it('delays a packet by exactly the time its missing tokens take', () => {
    const c = new Ceiling(shape);
    for (let i = 0; i < 41; i++) expect(c.offer(12_112, 0, 0)).toBe(true);
    // 3,408 bits left: 8,704 missing bits take 87,040 ns at 100 Mbit/s.
    expect(c.offer(12_112, 0, 0)).toBe(true);
    expect(c.departure).toBe(87_040);
    // The next one waits a whole frame time more behind it.
    expect(c.offer(12_112, 0, 0)).toBe(true);
    expect(c.departure).toBe(87_040 + 121_120);
  });

  it('per-direction scope gives each direction its own bucket', () => {
    const c = new Ceiling({ ...MBPS100, scope: 'per-direction' });
    let passed0 = 0;
    let passed1 = 0;
    for (let i = 0; i < 50; i++) if (c.offer(12_112, 0, 0)) passed0++;
    for (let i = 0; i < 50; i++) if (c.offer(12_112, 0, 1)) passed1++;
    expect([passed0, passed1]).toEqual([41, 41]);
  });
});
