/**
 * Scenario times: a decimal number immediately followed by a unit (`90s`, `1500ms`, `2m`), read
 * into whole nanoseconds, the unit of the clock the VM and the player run on.
 *
 * The units and wording are those of the config's durations (policy/config/units.ts, which reads
 * seconds and is not exported through policy's door); this reader exists beside it only because
 * it must give exact nanoseconds. A bare number is refused, as in the config: `at: 90` could mean
 * seconds or milliseconds.
 */
import { show } from '../../policy/index.js';

interface Unit {
  readonly name: string;
  /** The unit in nanoseconds as a power of ten, or a plain factor for minutes and hours. */
  readonly exp10?: number;
  readonly factor?: number;
}

const UNITS: readonly Unit[] = [
  { name: 'us', exp10: 3 },
  { name: 'ms', exp10: 6 },
  { name: 's', exp10: 9 },
  { name: 'm', factor: 60e9 },
  { name: 'h', factor: 3600e9 },
];

const UNIT_LIST = 'us, ms, s, m or h';
const EXAMPLE = '90s';
const DURATION_EXPECTED = `a duration (a number with ${UNIT_LIST}, like ${EXAMPLE})`;

const NUMBER_WITH_UNIT = /^(\d+(?:\.\d+)?)([A-Za-z]+)$/;

/** The longest time a double holds to the nanosecond (2^53 − 1 ns, about 104 days). */
const MAX_NS = Number.MAX_SAFE_INTEGER;

export type DurationResult = { readonly ok: true; readonly ns: number } | { readonly ok: false; readonly error: string };

export function readDurationNs(value: unknown): DurationResult {
  if (typeof value === 'number') {
    return { ok: false, error: `${show(value)} is not a duration: a unit is required (${UNIT_LIST}, like ${EXAMPLE})` };
  }
  const m = typeof value === 'string' ? NUMBER_WITH_UNIT.exec(value) : null;
  if (m === null) return { ok: false, error: `${show(value)} is not ${DURATION_EXPECTED}` };
  const mantissa = m[1] as string;
  const unitName = m[2] as string;
  const unit = UNITS.find((u) => u.name === unitName);
  if (unit === undefined) {
    const sameLetters = UNITS.find((u) => u.name === unitName.toLowerCase());
    const hint = sameLetters ? `; did you mean ${mantissa}${sameLetters.name}?` : '';
    return { ok: false, error: `${show(value)} is not a duration (units: ${UNIT_LIST}${hint})` };
  }
  // `<mantissa>e<exp>` keeps decimal units exact (`0.3s` is 300000000, not 300000000.00000006);
  // a fraction of a nanosecond is rounded away.
  const exact = unit.exp10 !== undefined ? Number(`${mantissa}e${unit.exp10}`) : Number(mantissa) * (unit.factor as number);
  const ns = Math.round(exact);
  if (!(ns <= MAX_NS)) return { ok: false, error: `${show(value)} is too long (the clock holds at most 2501h)` };
  return { ok: true, ns };
}
