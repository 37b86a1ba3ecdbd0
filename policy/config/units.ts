/**
 * Rates, sizes and durations as the config writes them: a decimal number immediately followed by
 * a unit (`100Mbps`, `62500B`, `125KiB`, `50ms`). SI prefixes are decimal (`100Mbps` is 10^8
 * bit/s, `KB` 1000 bytes) and `KiB`/`MiB`/`GiB` binary, as SPEC.md (Ceiling) pins. A bare number
 * is refused: `queue: 50` could mean seconds or milliseconds, and a ceiling off by 1000 is a
 * silent wrong answer.
 *
 * Decimal units are applied by building the number text `<mantissa>e<exponent>` so that
 * `0.3Mbps` is exactly 300000, not 300000.00000000006.
 */
import { fail, ok, orThrow, type Parsed } from './parsed.js';
import { show } from './show.js';

interface Unit {
  readonly name: string;
  /** Power of ten (decimal units) or a plain factor (binary units, minutes, hours). */
  readonly exp10?: number;
  readonly factor?: number;
}

interface UnitKind {
  /** What the value is, for messages: "a rate". */
  readonly what: string;
  readonly units: readonly Unit[];
  readonly example: string;
}

const RATE: UnitKind = {
  what: 'a rate',
  units: [
    { name: 'bps', exp10: 0 },
    { name: 'kbps', exp10: 3 },
    { name: 'Mbps', exp10: 6 },
    { name: 'Gbps', exp10: 9 },
  ],
  example: '100Mbps',
};

const SIZE: UnitKind = {
  what: 'a size',
  units: [
    { name: 'B', exp10: 0 },
    { name: 'KB', exp10: 3 },
    { name: 'KiB', factor: 1024 },
    { name: 'MB', exp10: 6 },
    { name: 'MiB', factor: 1024 ** 2 },
    { name: 'GB', exp10: 9 },
    { name: 'GiB', factor: 1024 ** 3 },
  ],
  example: '62500B',
};

const DURATION: UnitKind = {
  what: 'a duration',
  units: [
    { name: 'us', exp10: -6 },
    { name: 'ms', exp10: -3 },
    { name: 's', exp10: 0 },
    { name: 'm', factor: 60 },
    { name: 'h', factor: 3600 },
  ],
  example: '50ms',
};

/** Durations on the virtual clock (scenario times): whole nanoseconds. */
const DURATION_NS: UnitKind = {
  what: 'a duration',
  units: [
    { name: 'us', exp10: 3 },
    { name: 'ms', exp10: 6 },
    { name: 's', exp10: 9 },
    { name: 'm', factor: 60e9 },
    { name: 'h', factor: 3600e9 },
  ],
  example: '90s',
};

const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)([A-Za-z]+)$/;

function unitList(kind: UnitKind): string {
  const names = kind.units.map((u) => u.name);
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The expected form, for "missing" and "is not" messages. */
export function unitExpectation(kind: UnitKind): string {
  return `${kind.what} (a number with ${unitList(kind)}, like ${kind.example})`;
}

function parseWithUnit(kind: UnitKind, value: unknown): Parsed<number> {
  if (typeof value === 'number') {
    return fail(`${show(value)} is not ${kind.what}: a unit is required (${unitList(kind)}, like ${kind.example})`);
  }
  const m = typeof value === 'string' ? NUMBER_WITH_UNIT.exec(value) : null;
  if (m === null) return fail(`${show(value)} is not ${unitExpectation(kind)}`);
  const [, mantissa, unitName] = m as unknown as [string, string, string];
  const unit = kind.units.find((u) => u.name === unitName);
  if (unit === undefined) {
    const sameLetters = kind.units.find((u) => u.name.toLowerCase() === unitName.toLowerCase());
    const hint = sameLetters ? `; did you mean ${mantissa}${sameLetters.name}?` : '';
    return fail(`${show(value)} is not ${kind.what} (units: ${unitList(kind)}${hint})`);
  }
  const result =
    unit.exp10 !== undefined ? Number(`${mantissa}e${unit.exp10}`) : Number(mantissa) * (unit.factor as number);
  if (!Number.isFinite(result)) return fail(`${show(value)} is too large`);
  return ok(result);
}

/** Bits per second, above 0. */
export function readRate(value: unknown): Parsed<number> {
  const r = parseWithUnit(RATE, value);
  if (r.ok && r.value <= 0) return fail(`${show(value)} is not a rate above 0`);
  return r;
}

/** Bytes: a whole number above 0. */
export function readSize(value: unknown): Parsed<number> {
  const r = parseWithUnit(SIZE, value);
  if (!r.ok) return r;
  if (r.value <= 0) return fail(`${show(value)} is not a size above 0 bytes`);
  if (!Number.isInteger(r.value)) return fail(`${show(value)} is not a whole number of bytes`);
  return r;
}

/** Seconds, 0 or more. */
export function readDuration(value: unknown): Parsed<number> {
  return parseWithUnit(DURATION, value);
}

/**
 * Whole nanoseconds, 0 or more, for the virtual clock: exact for decimal units (`0.3s` is
 * 300000000), a fraction of a nanosecond rounded away, at most 2^53 − 1 ns (about 2501 h, the
 * most a double holds to the nanosecond).
 */
export function readDurationNs(value: unknown): Parsed<number> {
  const r = parseWithUnit(DURATION_NS, value);
  if (!r.ok) return r;
  const ns = Math.round(r.value);
  if (!(ns <= Number.MAX_SAFE_INTEGER)) return fail(`${show(value)} is too long (the clock holds at most 2501h)`);
  return ok(ns);
}

export const RATE_EXPECTED = unitExpectation(RATE);
export const SIZE_EXPECTED = unitExpectation(SIZE);
export const DURATION_EXPECTED = unitExpectation(DURATION);

/** `100Mbps` → 1e8 (bits per second). Throws CHAINSIM_CONFIG on anything else. */
export function parseRate(text: string): number {
  return orThrow(readRate(text));
}

/** `62500B` → 62500, `125KiB` → 128000 (bytes). Throws CHAINSIM_CONFIG on anything else. */
export function parseSize(text: string): number {
  return orThrow(readSize(text));
}

/** `50ms` → 0.05, `2m` → 120 (seconds). Throws CHAINSIM_CONFIG on anything else. */
export function parseDuration(text: string): number {
  return orThrow(readDuration(text));
}
