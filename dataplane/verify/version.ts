/** `requires.chainsim` ranges: one comparison against x.y.z (`>=0.1.0`, `<1.0.0`, `0.1.0`). */

export function satisfies(version: string, range: string): boolean {
  const m = /^(>=|<=|>|<|=)?\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m) return false;
  const c = compare(version, m[2]);
  switch (m[1] ?? '=') {
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

/** Numeric comparison of the x.y.z core (a pre-release suffix is ignored). */
function compare(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}
