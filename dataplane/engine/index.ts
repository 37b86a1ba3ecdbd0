// dataplane/engine: the packet path of the appliance and the drivers that feed it.
export { Pipeline, type ExternalFirewall, type PipelineOptions } from './pipeline.js';
export { NO_PORTS, type PacketPorts } from './ports.js';
export { replay, type ReplayInput, type ReplayOptions, type ReplayResult, type Speed } from './replay.js';
export { buildSummary, type Summary, type InputInfo, type RunInfo } from './summary.js';
export { formatSummary } from './summary-text.js';
export { DROP, DROP_REASONS, DROP_NAME, CONSUMED, CONSUMED_NAME, VERDICT, VERDICT_NAME } from './reasons.js';
export { Ceiling } from './ceiling.js';
export { PacketContext } from './context.js';
