/**
 * The result of parsing one config value: pure parse functions return it and the caller decides
 * (the validator turns a failure into a located error; the exported helpers throw).
 */
import { chainsimError } from '../errors.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail(error: string): Parsed<never> {
  return { ok: false, error };
}

/** For callers outside the validator (CLI flags, tests): a failure becomes a CHAINSIM_CONFIG error. */
export function orThrow<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw chainsimError('CHAINSIM_CONFIG', parsed.error);
}
