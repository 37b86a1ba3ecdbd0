// policy/: what the appliance is told to do. Pure: no I/O, no clock, no packets.
export * from './errors.js';
export type * from './config/types.js';
export { BUILTIN_ZONES, DEFAULT_TIMEOUTS, SERVICE_TYPES, VM_STATES } from './config/types.js';
