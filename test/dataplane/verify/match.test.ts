// Expectations and dotted paths, checked as properties: an operator holds exactly when its
// comparison does, a literal exactly on deep equality, and a path finds what was put there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { holds, MISSING, resolve, satisfies, type Expectation, type Operator } from '../../../dataplane/verify/index.js';

const COMPARE: Record<Operator, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  ne: (a, b) => a !== b,
};

describe('holds', () => {
  it('an operator holds exactly when its comparison does; never on a non-number (ne aside)', () => {
    fc.assert(
      fc.property(fc.constantFrom<Operator>('gt', 'gte', 'lt', 'lte', 'ne'), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }), (op, actual, bound) => {
        expect(holds({ op, value: bound }, actual)).toBe(COMPARE[op](actual, bound));
        if (op !== 'ne') expect(holds({ op, value: bound }, String(actual))).toBe(false);
      }),
    );
  });

  it('a literal holds on deep equality only', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        const e: Expectation = { op: 'eq', value: a };
        expect(holds(e, structuredClone(a))).toBe(true);
        expect(holds(e, [a])).toBe(false);
        expect(holds(e, { v: a })).toBe(false);
        expect(holds({ op: 'ne', value: a }, b)).toBe(!holds({ op: 'eq', value: a }, b));
      }),
    );
    expect(holds({ op: 'eq', value: 1 }, '1')).toBe(false);
    expect(holds({ op: 'eq', value: null }, undefined)).toBe(false);
  });
});

describe('resolve', () => {
  const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
  it('finds a value put at a dotted path, and MISSING one step off it', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (parts, value) => {
        const root = parts.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
        expect(resolve(root, parts.join('.'))).toEqual(value);
        expect(resolve(root, [...parts.slice(0, -1), `${parts.at(-1)}X`].join('.'))).toBe(MISSING);
      }),
    );
  });

  it('gives null through a null (a trace record without redirect) and MISSING through a number', () => {
    expect(resolve({ redirect: null }, 'redirect.interface')).toBeNull();
    expect(resolve({ i: 3 }, 'i.x')).toBe(MISSING);
    expect(resolve({ policies: [{ packets: 4 }] }, 'policies.0.packets')).toBe(4);
  });
});

describe('satisfies (requires.chainsim)', () => {
  it('compares x.y.z numerically, not as text', () => {
    expect(satisfies('0.10.0', '>=0.9.0')).toBe(true);
    expect(satisfies('0.1.0', '>=0.1.0')).toBe(true);
    expect(satisfies('0.1.0', '>0.1.0')).toBe(false);
    expect(satisfies('0.1.0', '<0.1.1')).toBe(true);
    expect(satisfies('0.1.0', '0.1.0')).toBe(true);
    expect(satisfies('1.0.0', '<=0.99.99')).toBe(false);
  });
});
