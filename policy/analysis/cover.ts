/**
 * Region arithmetic with a work cap: is anything of a union of boxes left once other boxes are
 * taken away, and if so, what (a witness box)? Depth first: a piece is carried past the cutters
 * in order, split where one cuts it, and the first piece to get past them all is the witness —
 * so a reachable rule is usually answered after a few splits, and only a proof of cover has to
 * visit every piece.
 *
 * Subtraction can fragment (a cut may split a box into one piece per field), so every question
 * gets a budget; when it runs out the answer is "unknown" (null), and callers then report
 * nothing — a finding must be proved, never guessed.
 */
import { boxesMeet, fieldsOutside, subtractBox, type Box } from './boxes.js';

/** Steps one question may take (a step: one piece tested against one cutter, or one piece cut
 * off), and the most pieces waiting at once. Real configs stay orders of magnitude below both;
 * they bound adversarial ones to a few tens of milliseconds a rule. */
export const DEFAULT_BUDGET = 200_000;
export const MAX_PIECES = 5_000;

export class Budget {
  private left: number;

  constructor(steps: number = DEFAULT_BUDGET) {
    this.left = steps;
  }

  /** Steps left (negative once overdrawn). */
  remaining(): number {
    return this.left;
  }

  /** Spends `n` steps; false once the budget is overdrawn. */
  spend(n: number): boolean {
    this.left -= n;
    return this.left >= 0;
  }
}

export const COVERED = 'covered';

/** A box of `region` that no box of `cutters` meets; COVERED when the cutters hold all of
 * `region`; null when the budget ran out first. */
export function uncovered(region: readonly Box[], cutters: readonly Box[], budget: Budget): Box | typeof COVERED | null {
  // Pending pieces with the index of the first cutter they still have to pass.
  const pieces: Box[] = [...region];
  const next: number[] = region.map(() => 0);
  const split: Box[] = [];
  while (pieces.length > 0) {
    let piece = pieces.pop()!;
    let k = next.pop()!;
    for (; k < cutters.length; k++) {
      if (!budget.spend(1)) return null;
      const c = cutters[k]!;
      if (!boxesMeet(piece, c)) continue;
      split.length = 0;
      subtractBox(piece, c, split);
      if (!budget.spend(split.length) || pieces.length + split.length > MAX_PIECES) return null;
      if (split.length === 0) break;
      // Go on with one piece; the others wait for the cutters after this one.
      piece = split.pop()!;
      for (const s of split) {
        pieces.push(s);
        next.push(k + 1);
      }
    }
    if (k === cutters.length) return piece;
  }
  return COVERED;
}

/**
 * `uncovered(region, [cutter]) === COVERED` without building pieces: the same answer and the
 * same steps spent (null when the budget runs out where uncovered's would). With one cutter,
 * uncovered takes the region's boxes last first; each costs a step for the test, and if it meets
 * the cutter, a step per piece cut off: one per field where it has values the cutter lacks. The
 * first box that misses the cutter, or sticks out of it, is left over: not covered.
 */
export function coveredByOne(region: readonly Box[], cutter: Box, budget: Budget): boolean | null {
  for (let r = region.length - 1; r >= 0; r--) {
    if (!budget.spend(1)) return null;
    const piece = region[r]!;
    if (!boxesMeet(piece, cutter)) return false;
    const pieces = fieldsOutside(piece, cutter);
    // r boxes of the region still wait, as in uncovered's MAX_PIECES test.
    if (!budget.spend(pieces) || r + pieces > MAX_PIECES) return null;
    if (pieces > 0) return false;
  }
  return true;
}
