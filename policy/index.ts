// policy/: what the appliance is told to do. Pure but for reading its config file: no clock, no
// packets, no sockets. Other rooms import policy through this door only.
export * from './errors.js';
export type * from './config/types.js';
export { BUILTIN_ZONES, DEFAULT_TIMEOUTS, SERVICE_TYPES, VM_STATES } from './config/types.js';
export * from './config/index.js';
export * from './conn/index.js';
export * from './model/index.js';
export * from './classify/index.js';
export * from './analysis/index.js';
// Both config and model can print an address; the door offers model's (family, words) form.
export { formatAddress } from './model/index.js';
