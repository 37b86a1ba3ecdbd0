// vwire/scenario/: management events on the virtual clock (SPEC.md, Scenario).
export { SCENARIO_EVENTS, SCENARIO_EVENT_STATES, isScenarioEvent } from './events.js';
export type { Scenario, ScenarioEvent, ScenarioEventName } from './events.js';
export { parseScenario } from './parse.js';
export { ScenarioPlayer } from './player.js';
export type { VmStateTarget } from './player.js';
