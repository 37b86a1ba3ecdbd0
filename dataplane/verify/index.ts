// dataplane/verify/: verify cases (SPEC.md: Verify case) — replay a folder, check its outputs.
export { runVerify, capturePath, caseInputs, replayCase, type VerifyOptions } from './run.js';
export { parseExpect, readExpect, type Check, type ExpectFile, type SummaryCheck, type TraceCheck, type CaptureCheck } from './expect.js';
export { evaluate, observed, type CheckResult, type RunOutputs } from './checks.js';
export { junitXml, xmlEscape, type CaseReport } from './junit.js';
export { holds, MISSING, OPERATORS, resolve, type Expectation, type Operator } from './match.js';
export { satisfies } from './version.js';
