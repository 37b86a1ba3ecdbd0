import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editDistance, suggest } from '../../../policy/config/suggest.js';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['managmentIp', 'managementIp', 1], // a dropped letter
    ['dts', 'dst', 1], // neighbours swapped: one edit, not two
    ['vlna', 'vlan', 1],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // OSA, unlike full Damerau-Levenshtein (2)
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it('is symmetric and zero exactly on equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});

describe('suggest', () => {
  const keys = ['name', 'model', 'managementIp', 'services', 'ha'];
  it('prefers a case-insensitive match', () => {
    expect(suggest('ManagementIP', keys)).toBe('managementIp');
  });
  it('offers the closest key within two edits', () => {
    expect(suggest('nmae', keys)).toBe('name');
    expect(suggest('servces', keys)).toBe('services');
  });
  it('offers nothing far away, nor a rewrite of a whole short word', () => {
    expect(suggest('location', keys)).toBeNull();
    expect(suggest('xy', keys)).toBeNull();
  });
});
