/**
 * The probe verdicts without a socket: a probe fails only once it was written and no reply had
 * been read an interval (90 %) later; three failures in a row → down, a reply → up. The
 * schedules are simulated on a clock of their own (ticks every interval, as the prober's timer).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROBE_MISSES_DOWN, ProbeVerdicts } from '../../../dataplane/live/probe-verdicts.js';

const I = 200; // interval, ms

interface Probe {
  /** After its tick: when the socket wrote it (null: never), and when its reply was read (null: none). */
  writeAfter: number | null;
  replyAfter: number | null;
}

/** Runs probe j at tick j·I; at each tick first the events due by then, then the verdict, then the next probe. */
function simulate(probes: readonly Probe[]): { v: ProbeVerdicts; downAtTick: number | null; changes: string[] } {
  const v = new ProbeVerdicts(I);
  const events: { t: number; probe: number; order: number; run: () => void }[] = [];
  const changes: string[] = [];
  let downAtTick: number | null = null;
  probes.forEach((p, j) => {
    const seq = j + 1;
    if (p.writeAfter === null) return;
    const w = j * I + p.writeAfter;
    events.push({ t: w, probe: j, order: 0, run: () => v.written(seq, w) });
    if (p.replyAfter !== null) events.push({ t: w + p.replyAfter, probe: j, order: 1, run: () => void (v.reply(seq) === 'up' && changes.push('up')) });
  });
  events.sort((a, b) => a.t - b.t || a.probe - b.probe || a.order - b.order);
  let e = 0;
  for (let j = 0; j <= probes.length + 3; j++) {
    const t = j * I;
    // What happened by now for the probes already requested; then the verdict; then probe j
    // (whose write may be at this very instant).
    for (; e < events.length && (events[e].t < t || (events[e].t === t && events[e].probe < j)); e++) events[e].run();
    if (v.judge(t) === 'down') {
      changes.push('down');
      downAtTick ??= j;
    }
    if (j < probes.length) v.requested(j + 1);
    for (; e < events.length && events[e].t <= t; e++) events[e].run();
  }
  for (; e < events.length; e++) events[e].run();
  return { v, downAtTick, changes };
}

describe('probe verdicts', () => {
  it('three unanswered probes written at once: down at the third verdict, not before', () => {
    const { v, downAtTick, changes } = simulate(Array.from({ length: 5 }, () => ({ writeAfter: 0, replyAfter: null })));
    // Probe 1 (tick 0) is judged at tick 1, probe 3 at tick 3.
    expect(downAtTick).toBe(3);
    expect(changes).toEqual(['down']);
    expect(v.sent).toBe(5);
    expect(v.replies).toBe(0);
    expect(PROBE_MISSES_DOWN).toBe(3);
  });

  it('a reply read after its probe was judged still proves the path: no down when each comes before the next verdict', () => {
    // Replies read 1.5 intervals after the request: every probe is judged failed first.
    const { v, downAtTick } = simulate(Array.from({ length: 20 }, () => ({ writeAfter: 0, replyAfter: 1.5 * I })));
    expect(downAtTick).toBeNull();
    expect(v.replies).toBe(20);
    expect(v.down).toBe(false);
  });

  it('a probe the socket wrote late waits a verdict more; one never written is never judged', () => {
    // Written 60 ms after its tick: at the next tick only 140 ms have passed (< 180).
    const late = simulate(Array.from({ length: 4 }, () => ({ writeAfter: 60, replyAfter: null })));
    expect(late.downAtTick).toBe(4);
    const never = simulate(Array.from({ length: 10 }, () => ({ writeAfter: null, replyAfter: null })));
    expect(never.downAtTick).toBeNull();
    expect(never.v.sent).toBe(10);
  });

  it('down, then one reply: up', () => {
    const probes: Probe[] = [
      ...Array.from({ length: 3 }, () => ({ writeAfter: 0, replyAfter: null })),
      { writeAfter: 0, replyAfter: 5 },
    ];
    const { v, changes } = simulate(probes);
    expect(changes).toEqual(['down', 'up']);
    expect(v.down).toBe(false);
    expect(v.misses).toBe(0);
  });

  it('ignores replies to probes it never sent and counts a duplicate once', () => {
    const v = new ProbeVerdicts(I);
    v.requested(7);
    v.written(7, 0);
    expect(v.reply(8)).toBeNull();
    expect(v.replies).toBe(0);
    v.reply(7);
    v.reply(7);
    expect(v.replies).toBe(1);
    expect(v.judge(10 * I)).toBeNull();
    expect(v.misses).toBe(0);
  });

  it('(property) answered probes never make it down, whatever the read delays; lost ones always do', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ w: fc.integer({ min: 0, max: 3 * I }), late: fc.integer({ min: 0, max: I - 1 }), r: fc.integer({ min: 0, max: 3 * I }) }), { minLength: 1, maxLength: 30 }),
        (ds) => {
          // Any write delay, a reply within 90 % of an interval of the write: never a failure.
          const prompt = simulate(ds.map((d) => ({ writeAfter: d.w, replyAfter: Math.min(d.r, 0.9 * I) })));
          expect(prompt.v.misses).toBe(0);
          expect(prompt.downAtTick).toBeNull();
          // Written before the next tick, a reply read up to 1.5 intervals later (after its verdict):
          // each late reply ends the run of failures before a third.
          const late = simulate(ds.map((d) => ({ writeAfter: d.late, replyAfter: Math.min(d.r, 1.5 * I) })));
          expect(late.downAtTick).toBeNull();
          expect(late.v.replies).toBe(ds.length);
          // The same writes, no reply at all: down once three have been written and judged.
          const lost = simulate(ds.map((d) => ({ writeAfter: d.w, replyAfter: null })));
          expect(lost.downAtTick !== null).toBe(ds.length >= PROBE_MISSES_DOWN);
        },
      ),
    );
  });
});
