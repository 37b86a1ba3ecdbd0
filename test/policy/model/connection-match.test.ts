import { describe, expect, it } from 'vitest';
import type { Tuple } from '../../../policy/model/index.js';
import { UNDECIDED, connectionDecision, connectionMatchOf, decisionSlot, mustClassify } from '../../../policy/model/index.js';
import { configOf } from '../../testing/index.js';

/** A classifier that answers from a queue and counts its calls. */
function scripted(...answers: number[]) {
  const seen: Tuple[] = [];
  return {
    seen,
    classify(t: Tuple) {
      seen.push(t);
      return answers[seen.length - 1]!;
    },
  };
}

const t1 = { tag: 'initiator' } as unknown as Tuple;
const t2 = { tag: 'reply' } as unknown as Tuple;

describe('connection match type', () => {
  it('comes from global.connectionMatchType', () => {
    expect(connectionMatchOf(configOf({ connectionMatchType: 'directional' }))).toBe('directional');
    expect(connectionMatchOf(configOf({ connectionMatchType: 'symmetric' }))).toBe('symmetric');
  });

  it('symmetric: both directions share one slot; directional: one each', () => {
    expect([decisionSlot('symmetric', true), decisionSlot('symmetric', false)]).toEqual([0, 0]);
    expect([decisionSlot('directional', true), decisionSlot('directional', false)]).toEqual([0, 1]);
  });

  it('symmetric: the reply inherits the initiator’s decision without being classified', () => {
    const slots = new Int32Array([7, 7, UNDECIDED, UNDECIDED]);
    const c = scripted(3, 4);
    expect(connectionDecision('symmetric', slots, 2, true, c, t1)).toBe(3);
    expect(mustClassify('symmetric', slots, 2, false)).toBe(false);
    expect(connectionDecision('symmetric', slots, 2, false, c, t2)).toBe(3);
    expect(connectionDecision('symmetric', slots, 2, true, c, t1)).toBe(3);
    expect(c.seen).toEqual([t1]);
    expect([...slots]).toEqual([7, 7, 3, UNDECIDED]);
  });

  it('symmetric: when the reply is the first packet classified, the initiator inherits from it', () => {
    const slots = new Int32Array([UNDECIDED, UNDECIDED]);
    const c = scripted(5);
    expect(connectionDecision('symmetric', slots, 0, false, c, t2)).toBe(5);
    expect(connectionDecision('symmetric', slots, 0, true, c, t1)).toBe(5);
    expect(c.seen).toEqual([t2]);
  });

  it('directional: each direction is classified once, on its own tuple, and cached', () => {
    const slots = new Int32Array([UNDECIDED, UNDECIDED]);
    const c = scripted(3, 4);
    expect(mustClassify('directional', slots, 0, true)).toBe(true);
    expect(connectionDecision('directional', slots, 0, true, c, t1)).toBe(3);
    expect(mustClassify('directional', slots, 0, false)).toBe(true);
    expect(connectionDecision('directional', slots, 0, false, c, t2)).toBe(4);
    expect(connectionDecision('directional', slots, 0, false, c, t2)).toBe(4);
    expect(connectionDecision('directional', slots, 0, true, c, t1)).toBe(3);
    expect(c.seen).toEqual([t1, t2]);
  });
});
