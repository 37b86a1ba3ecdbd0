// chainsim/testing: fast-check arbitraries for configs and tuples, config builders, and the
// reference classifier as the oracle for users' own property tests. No test-runner imports.
export * from './arb-rules.js';
export * from './arb-config.js';
export * from './arb-tuple.js';
export * from './builders.js';
export * from './oracle.js';
