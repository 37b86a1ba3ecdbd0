/**
 * Connection match type (SPEC "Connections"): which packets of a connection are classified and
 * which inherit a decision.
 *
 * - symmetric: one decision per connection, made on the first of its packets that reaches
 *   classification (whichever direction that is), with that packet's own tuple; every later
 *   packet, both directions, inherits it. The hosted firewall needs this: it must see both
 *   halves of a connection.
 * - directional (the default): each direction is classified on its own tuple once and the
 *   decision cached for that direction.
 *
 * Both are one rule: a connection keeps two decision slots; a packet uses
 * `decisionSlot(type, fromInitiator)`, classifies when that slot is empty and inherits
 * otherwise. `connectionDecision` does exactly that and is what the dataplane calls.
 */
import type { AppConfig, ConnectionMatchType } from '../config/types.js';
import type { Tuple } from './tuple.js';

/** A decision slot that holds no decision yet. */
export const UNDECIDED = -1;

export function connectionMatchOf(config: AppConfig): ConnectionMatchType {
  return config.global.connectionMatchType;
}

/** The slot (0 or 1) a packet's decision lives in: symmetric shares slot 0 between the
 * directions; directional gives the responder slot 1. */
export function decisionSlot(type: ConnectionMatchType, fromInitiator: boolean): 0 | 1 {
  return type === 'symmetric' || fromInitiator ? 0 : 1;
}

/** Whether a packet must be classified (its slot is empty) or inherits the slot's decision. */
export function mustClassify(
  type: ConnectionMatchType,
  slots: Int32Array,
  base: number,
  fromInitiator: boolean,
): boolean {
  return slots[base + decisionSlot(type, fromInitiator)] === UNDECIDED;
}

/** The decision for a packet of a connection whose two slots are `slots[base]` and
 * `slots[base + 1]` (both UNDECIDED for a new connection): classified into the slot when it is
 * empty, else inherited. No allocation. */
export function connectionDecision(
  type: ConnectionMatchType,
  slots: Int32Array,
  base: number,
  fromInitiator: boolean,
  classifier: { classify(t: Tuple): number },
  tuple: Tuple,
): number {
  const i = base + decisionSlot(type, fromInitiator);
  let d = slots[i]!;
  if (d === UNDECIDED) {
    d = classifier.classify(tuple);
    slots[i] = d;
  }
  return d;
}
