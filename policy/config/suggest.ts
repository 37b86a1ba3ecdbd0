/**
 * "Did you mean …?" for unknown keys, values and names: a candidate that differs only in case,
 * else the closest one within two edits (Damerau-Levenshtein, optimal string alignment: a swap of
 * two neighbours counts as one edit, the usual typo). A candidate is not offered when the edits
 * would rewrite all of it (`to` for `ip`).
 */

/** Optimal-string-alignment distance between a and b. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      }
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}

/** The closest candidate to `word`, or null when none is close; ties go to the first listed. */
export function suggest(word: string, candidates: Iterable<string>): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    // Long keys are cheap to compare; skip hopeless candidates before the quadratic table.
    if (Math.abs(c.length - word.length) > 2) continue;
    const dist = editDistance(word, c);
    if (dist < bestDistance && dist < c.length) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** ` (did you mean x?)` or the empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s === null ? '' : ` (did you mean ${s}?)`;
}
