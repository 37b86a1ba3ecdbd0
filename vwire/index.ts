// vwire/: the hosted firewall (a Palo Alto VM-50 / VM-100 in virtual-wire mode) and its lifecycle.
export * from './lifecycle/index.js';
export * from './scenario/index.js';
export * from './firewall/index.js';
export * from './analysis/index.js';
