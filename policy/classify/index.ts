// policy/classify: tuple → decision. Two classifiers with one meaning: the reference (a plain
// scan, the oracle) and the compiled one (bit vectors, for the packet path).
export type { Classifier } from './decisions.js';
export { DecisionTable } from './decisions.js';
export { ReferenceClassifier, applicationEntryHolds, matchHolds } from './reference.js';
export { CompiledClassifier } from './compiled.js';
