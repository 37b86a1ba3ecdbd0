/**
 * Scenario events and the VM state each one forces (SPEC.md, Scenario): `provision`, `start`,
 * `enable` → booting; `up` → up; `shutdown`, `down` → down; `disable` → disabled.
 */
import type { VmState } from '../../policy/index.js';

export const SCENARIO_EVENT_STATES = {
  provision: 'booting',
  start: 'booting',
  enable: 'booting',
  up: 'up',
  shutdown: 'down',
  down: 'down',
  disable: 'disabled',
} as const satisfies Readonly<Record<string, VmState>>;

export type ScenarioEventName = keyof typeof SCENARIO_EVENT_STATES;

export const SCENARIO_EVENTS = Object.keys(SCENARIO_EVENT_STATES) as readonly ScenarioEventName[];

export function isScenarioEvent(value: unknown): value is ScenarioEventName {
  return typeof value === 'string' && Object.hasOwn(SCENARIO_EVENT_STATES, value);
}

/** One event of a parsed scenario. */
export interface ScenarioEvent {
  /** Nanoseconds after the first packet. */
  readonly atNs: number;
  readonly event: ScenarioEventName;
  /** The state it forces. */
  readonly state: VmState;
  /** Its 0-based position in the file (the tie-break for equal times). */
  readonly index: number;
  /** Its line in the file (1-based), for traces and messages. */
  readonly line: number;
}

export interface Scenario {
  readonly file: string;
  /** Sorted by time; equal times keep file order. */
  readonly events: readonly ScenarioEvent[];
}
