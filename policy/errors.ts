/**
 * One small error factory for the whole project (undici's way): every error chainsim raises on
 * purpose carries a literal `code`, and its message starts with what was being done.
 * Exceptions are for misuse and bad input files; a bad packet is never an exception.
 */

export type ChainsimErrorCode =
  | 'CHAINSIM_USAGE' // bad command line
  | 'CHAINSIM_CONFIG' // config file unreadable or invalid
  | 'CHAINSIM_SCENARIO' // scenario file invalid
  | 'CHAINSIM_CAPTURE' // capture unreadable: bad magic, broken header or block
  | 'CHAINSIM_MANAGEMENT' // a management command refused by the VM lifecycle
  | 'CHAINSIM_NATIVE' // a native addon (cap, raw-socket) missing or refusing
  | 'CHAINSIM_INTERNAL'; // a bug: an invariant broke

/** The exit code a command returns when this error ends it (SPEC.md: Exit codes). */
export const EXIT_CODE: Readonly<Record<ChainsimErrorCode, number>> = {
  CHAINSIM_USAGE: 2,
  CHAINSIM_CONFIG: 2,
  CHAINSIM_SCENARIO: 2,
  CHAINSIM_CAPTURE: 3,
  CHAINSIM_MANAGEMENT: 2,
  CHAINSIM_NATIVE: 2,
  CHAINSIM_INTERNAL: 70,
};

export class ChainsimError extends Error {
  readonly code: ChainsimErrorCode;
  /** Extra lines (one per problem) when one error stands for several, as config errors do. */
  readonly details: readonly string[];

  constructor(code: ChainsimErrorCode, message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'ChainsimError';
    this.code = code;
    this.details = details;
  }
}

export function chainsimError(
  code: ChainsimErrorCode,
  message: string,
  details: readonly string[] = [],
): ChainsimError {
  return new ChainsimError(code, message, details);
}

export function isChainsimError(err: unknown): err is ChainsimError {
  return err instanceof ChainsimError;
}
