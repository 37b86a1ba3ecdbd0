/**
 * The unreachable-rule analysis as first written, kept as the reference for the fast one
 * (policy/analysis/reachability.ts): every earlier deciding entry is tested with boxesMeet, box
 * sizes are worked out for each question, and each question is asked in full, even a second
 * time. It is O(n²) over a policy list, so the tests give it only lists of a few thousand
 * entries. The fast version must give exactly its answers: the same reaches, blockers and
 * witnesses, and `undecided` in the same places for any budget.
 */
import type { AppConfig, EntryReach, PolicyEntry, Reach } from '../../../policy/index.js';
import { buildPolicyList } from '../../../policy/index.js';
import { boxesMeet, matchBoxes, type Box } from '../../../policy/analysis/boxes.js';
import { Budget, COVERED, uncovered } from '../../../policy/analysis/cover.js';

function volume(b: Box): bigint {
  let v = 1n;
  for (const set of b.sets) {
    let n = 0n;
    for (let i = 0; i < set.length; i += 2) n += set[i + 1]! - set[i]! + 1n;
    v *= n;
  }
  return v;
}

function cutterBoxes(cutters: readonly number[], boxes: readonly (readonly Box[])[]): Box[] {
  const all = cutters.flatMap((j) => boxes[j]!.map((b) => ({ b, v: volume(b) })));
  all.sort((x, y) => (x.v > y.v ? -1 : x.v < y.v ? 1 : 0));
  return all.map((x) => x.b);
}

function covered(region: readonly Box[], cutters: readonly number[], boxes: readonly (readonly Box[])[], budget: Budget): boolean | null {
  const left = uncovered(region, cutterBoxes(cutters, boxes), budget);
  return left === null ? null : left === COVERED;
}

/** The earlier deciding entries with a box that meets `region`, by testing each. */
export function plainCandidates(region: readonly Box[], earlier: readonly number[], boxes: readonly (readonly Box[])[]): number[] {
  return earlier.filter((j) => boxes[j]!.some((c) => region.some((b) => boxesMeet(b, c))));
}

function reachOf(region: readonly Box[], earlier: readonly number[], boxes: readonly (readonly Box[])[], budget: Budget): Reach {
  if (region.length === 0) return { kind: 'empty' };
  const candidates = plainCandidates(region, earlier, boxes);
  for (const j of candidates) {
    if (covered(region, [j], boxes, budget) === true) return { kind: 'blocked', blockers: [j] };
  }
  const left = uncovered(region, cutterBoxes(candidates, boxes), budget);
  if (left === null) return { kind: 'undecided' };
  if (left !== COVERED) return { kind: 'reachable', witness: left };
  let keep = candidates;
  for (let k = keep.length - 1; k >= 0; k--) {
    const trial = keep.filter((_, i) => i !== k);
    const still = covered(region, trial, boxes, budget);
    if (still === null) break;
    if (still) keep = trial;
  }
  return { kind: 'blocked', blockers: keep };
}

export function plainEntryReachability(config: AppConfig, budget?: number, entries: readonly PolicyEntry[] = buildPolicyList(config)): EntryReach[] {
  const boxes = entries.map((e) => matchBoxes(e.match, config.zones.length));
  const out: EntryReach[] = [];
  const deciding: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.rule !== null && e.group !== 'default') out.push({ entry: i, reach: reachOf(boxes[i]!, deciding, boxes, new Budget(budget)) });
    if (e.action !== 'count-and-continue') deciding.push(i);
  }
  return out;
}

/** Per entry, the earlier deciding entries whose boxes meet its boxes (every entry, judged or
 * not). */
export function plainCandidateLists(boxes: readonly (readonly Box[])[], deciding: readonly boolean[]): number[][] {
  const earlier: number[] = [];
  return boxes.map((region, i) => {
    const c = plainCandidates(region, earlier, boxes);
    if (deciding[i]) earlier.push(i);
    return c;
  });
}
