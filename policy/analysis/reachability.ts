/**
 * Which policy entries can ever decide (or, for count-and-continue, ever count) a packet —
 * Batfish's filterLineReachability for the SD-WAN policy list. An entry is reached by the
 * packets it matches minus those an earlier deciding entry (any action but count-and-continue:
 * evaluation goes on past those) matches first. With both as unions of boxes (boxes.ts) the
 * question is exact: the entry is unreachable when its boxes minus the earlier entries' boxes
 * leave nothing.
 *
 * For an unreachable entry the blockers are named: the first earlier entry that covers it alone
 * when there is one, else an irredundant set of earlier entries that cover it together (each
 * named one is needed: dropping it would leave some packet through). When the work cap is hit
 * the entry is `undecided` and no finding is made.
 */
import type { AppConfig } from '../config/types.js';
import type { PolicyEntry } from '../model/index.js';
import { buildPolicyList } from '../model/index.js';
import { matchBoxes, type Box } from './boxes.js';
import { Budget, COVERED, coveredByOne, uncovered } from './cover.js';
import { Cutters } from './cutters.js';
import { MeetIndex } from './meet-index.js';

export type Reach =
  /** No packet satisfies the match at all. */
  | { readonly kind: 'empty' }
  /** Earlier entries (indexes in the policy list, in order) match all its packets first. */
  | { readonly kind: 'blocked'; readonly blockers: readonly number[] }
  /** Some packet reaches it: every packet of `witness` matches it and no earlier deciding entry. */
  | { readonly kind: 'reachable'; readonly witness: Box }
  /** The work cap was hit: not decided, not reported. */
  | { readonly kind: 'undecided' };

export interface EntryReach {
  /** Index in the policy list. */
  readonly entry: number;
  readonly reach: Reach;
}

export interface ReachOptions {
  /** Work allowed per entry, in cover.ts steps (DEFAULT_BUDGET). */
  readonly budget?: number;
}

/** Whether the entries `cutters` hold all of `region`: true, false, or null (out of budget). */
function covered(region: readonly Box[], cutters: readonly number[], boxes: Cutters, budget: Budget): boolean | null {
  const left = uncovered(region, boxes.of(cutters), budget);
  return left === null ? null : left === COVERED;
}

/** Whether entry j alone holds all of `region`, as covered() answers it; without building pieces
 * when j has one box. */
function coveredAlone(region: readonly Box[], j: number, boxes: Cutters, budget: Budget): boolean | null {
  const only = boxes.only(j);
  return only === null ? covered(region, [j], boxes, budget) : coveredByOne(region, only, budget);
}

/** `candidates`: the earlier deciding entries with a box that meets `region`, ascending. */
function reachOf(region: readonly Box[], candidates: readonly number[], boxes: Cutters, budget: Budget): Reach {
  if (region.length === 0) return { kind: 'empty' };
  if (candidates.length === 1) {
    // "Each alone" and "all together" are then one question: asked once, its steps paid twice,
    // so the budget runs out where asking it twice would (it is deterministic).
    const j = candidates[0]!;
    const before = budget.remaining();
    const left = uncovered(region, boxes.of([j]), budget);
    if (left === COVERED) return { kind: 'blocked', blockers: [j] };
    if (left === null || !budget.spend(before - budget.remaining())) return { kind: 'undecided' };
    return { kind: 'reachable', witness: left };
  }
  // One rule alone is the common case and the cheap proof: try each before all together.
  for (const j of candidates) {
    if (coveredAlone(region, j, boxes, budget) === true) return { kind: 'blocked', blockers: [j] };
  }
  const left = uncovered(region, boxes.of(candidates), budget);
  if (left === null) return { kind: 'undecided' };
  if (left !== COVERED) return { kind: 'reachable', witness: left };
  // Irredundant: try dropping each, latest first, so the rules that catch the traffic first stay
  // named. Out of budget midway, the set so far still covers — it is only less tidy.
  let keep = candidates;
  for (let k = keep.length - 1; k >= 0; k--) {
    const trial = keep.filter((_, i) => i !== k);
    const still = covered(region, trial, boxes, budget);
    if (still === null) break;
    if (still) keep = trial;
  }
  return { kind: 'blocked', blockers: keep };
}

/** The reach of every entry that comes from a config rule (auto rules, the Office 365 breakout
 * and the default are the appliance's, not the user's, and are not judged), in list order. */
export function entryReachability(config: AppConfig, options: ReachOptions = {}, entries: readonly PolicyEntry[] = buildPolicyList(config)): EntryReach[] {
  const boxes = entries.map((e) => matchBoxes(e.match, config.zones.length));
  // Evaluation goes on past count-and-continue entries: the others decide, and can block.
  const deciding = entries.flatMap((e, i) => (e.action === 'count-and-continue' ? [] : [i]));
  const index = new MeetIndex(boxes, deciding);
  const cutters = new Cutters(boxes);
  const out: EntryReach[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.rule === null || e.group === 'default') continue;
    const candidates = boxes[i]!.length === 0 ? [] : index.meeting(i);
    out.push({ entry: i, reach: reachOf(boxes[i]!, candidates, cutters, new Budget(options.budget)) });
  }
  return out;
}
