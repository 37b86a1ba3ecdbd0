/**
 * Plays a scenario onto the hosted VM on a clock the caller drives (ns since the first packet,
 * the clock of the events' `at`). `advance(now)` applies every event due at or before `now`, so
 * the caller that advances before handling a packet at time t has the event at t applied first
 * (SPEC.md: a scenario event at time t applies before a packet at time t). Each event forces its
 * state at its own time; none is ever refused.
 *
 * Per packet the caller need only compare `now` with `nextAt()`: both are plain numbers.
 */
import type { VmState } from '../../policy/index.js';
import type { Scenario, ScenarioEvent } from './events.js';

/** What the player drives: the hosted VM (HostedVm fits) or a test double. */
export interface VmStateTarget {
  forceState(state: VmState, nowNs: number): void;
}

export class ScenarioPlayer {
  private readonly events: readonly ScenarioEvent[];
  private next = 0;

  constructor(scenario: Scenario) {
    this.events = scenario.events;
  }

  /** The time of the next event not yet applied, ns; Infinity when all are applied. */
  nextAt(): number {
    return this.next < this.events.length ? this.events[this.next].atNs : Infinity;
  }

  /** Applies every event with `at ≤ now`, in order; returns how many it applied. */
  advance(nowNs: number, vm: VmStateTarget): number {
    const first = this.next;
    while (this.next < this.events.length && this.events[this.next].atNs <= nowNs) {
      const e = this.events[this.next];
      this.next += 1;
      vm.forceState(e.state, e.atNs);
    }
    return this.next - first;
  }
}
