/**
 * "Did you mean …?" for unknown scenario keys and events: a candidate that differs only in
 * case, else the closest within two edits (optimal string alignment: swapping two neighbours
 * is one edit), never one the edits would rewrite entirely. The same rule as the config's
 * (policy/config/suggest.ts, not exported through policy's door): the two may be folded.
 */
function editDistance(a: string, b: string): number {
  const cols = b.length + 1;
  const d: number[] = new Array<number>((a.length + 1) * cols).fill(0);
  for (let i = 0; i <= a.length; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[a.length * cols + b.length];
}

/** The candidate closest to `word`, or null when none is close; ties go to the first listed. */
export function suggest(word: string, candidates: readonly string[]): string | null {
  const lower = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    if (Math.abs(c.length - word.length) > 2) continue;
    const dist = editDistance(word, c);
    if (dist < bestDistance && dist < c.length) {
      best = c;
      bestDistance = dist;
    }
  }
  return best;
}

/** ` (did you mean x?)`, or the empty string when no candidate is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const close = suggest(word, candidates);
  return close === null ? '' : ` (did you mean ${close}?)`;
}
