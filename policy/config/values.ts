/**
 * Readers for the kinds of values the config is made of: names, booleans, bounded integers,
 * fixed choices, units, addresses, ports, protocols, DSCP and services. Each says what it expects
 * in the words the error messages use.
 */
import { isSeq } from 'yaml';
import type { PortRange, Prefix, ServiceType } from './types.js';
import { SERVICE_TYPES } from './types.js';
import { emptyList, hinted, notA, notOneOf } from './messages.js';
import { items, plainValue, type Reader } from './reader.js';
import { fail, ok, type Parsed } from './parsed.js';
import { show } from './show.js';
import { DURATION_EXPECTED, RATE_EXPECTED, SIZE_EXPECTED, readDuration, readRate, readSize } from './units.js';
import {
  ADDRESS_EXPECTED,
  INTERFACE_ADDRESS_EXPECTED,
  PREFIX_EXPECTED,
  readAddress,
  readInterfaceAddress,
  readPrefix,
} from './addresses.js';

/** A reader from a check on the plain value that returns the message tail on failure. */
function simple<T>(expected: string, check: (value: unknown) => Parsed<T>): Reader<T> {
  return {
    expected,
    read(issues, f, node) {
      const r = check(plainValue(node));
      if (r.ok) return r.value;
      issues.at(f, r.error);
      return undefined;
    },
  };
}

/** A reader that accepts the plain value as it is when `test` holds. */
function is<T>(expected: string, test: (v: unknown) => boolean): Reader<T> {
  return simple(expected, (v) => (test(v) ? ok(v as T) : fail(notA(v, expected))));
}

/** A name of something (`what`: "a zone name"): a string with more than blanks. */
export function nameOf(what: string): Reader<string> {
  return is<string>(what, (v) => typeof v === 'string' && v.trim() !== '');
}

export const NAME = nameOf('a name');
export const TEXT = is<string>('a string', (v) => typeof v === 'string');
export const BOOL = is<boolean>('true or false', (v) => typeof v === 'boolean');

export function intIn(lo: number, hi: number, expected: string): Reader<number> {
  return is<number>(expected, (v) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi);
}

export const VLAN_ID = intIn(0, 4094, 'a VLAN id (0-4094)');

/** One of a fixed set of words; `what` names the set ("a VM state"). */
export function oneOf<T extends string>(what: string, allowed: readonly T[]): Reader<T> {
  return simple(`${what} (${allowed.join(', ')})`, (v) =>
    typeof v === 'string' && (allowed as readonly string[]).includes(v) ? ok(v as T) : fail(notOneOf(v, what, allowed)),
  );
}

/** A list whose items are each read by `item`. An unusable item (already reported) is left out,
 * or replaced by `placeholder` where later checks find items by their index. */
export function listOf<T>(item: Reader<T>, expected = `a list of ${item.expected}`, placeholder?: T): Reader<T[]> {
  return {
    expected,
    read(issues, f) {
      const out: T[] = [];
      for (const it of items(issues, f, expected)) {
        if (it.node === null) issues.at(it, notA(null, item.expected));
        const v = it.node === null ? undefined : item.read(issues, it, it.node);
        if (v !== undefined) out.push(v);
        else if (placeholder !== undefined) out.push(placeholder);
      }
      return out;
    },
  };
}

/** A list of names (zones, images, applied templates); a bad item stays as '' so that items keep
 * their index (crossref.ts locates them by it) and is skipped by the name checks. */
export function namesList(expected: string): Reader<string[]> {
  return listOf(NAME, expected, '');
}

/** Stands in for a required prefix that was missing or wrong: the error is already recorded and
 * the config will be thrown away, but the rest of the file is still checked. */
export const PLACEHOLDER_PREFIX: Prefix = { family: 4, words: [0, 0, 0, 0], length: 32, text: '' };

/** A single value or a non-empty list (match criteria: `dst: 10.0.0.0/8` or `dst: [a, b]`). */
function oneOrMany<T>(item: Reader<T>): Reader<T[]> {
  const expected = `${item.expected}, or a list of them`;
  return {
    expected,
    read(issues, f, node) {
      if (isSeq(node) && node.items.length === 0) {
        issues.at(f, emptyList());
        return undefined;
      }
      const out: T[] = [];
      let bad = false;
      for (const it of items(issues, f, expected, true)) {
        const v = it.node === null ? undefined : item.read(issues, it, it.node);
        if (it.node === null) issues.at(it, notA(null, item.expected));
        if (v === undefined) bad = true;
        else out.push(v);
      }
      return bad ? undefined : out;
    },
  };
}

export const RATE = simple(RATE_EXPECTED, readRate);
export const SIZE = simple(SIZE_EXPECTED, readSize);
export const DURATION = simple(DURATION_EXPECTED, readDuration);
export const SECONDS = is<number>(
  'a number of seconds (like 120)',
  (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
);

export const PREFIX = simple<Prefix>(PREFIX_EXPECTED, readPrefix);
export const ADDRESS = simple<Prefix>(ADDRESS_EXPECTED, readAddress);
export const INTERFACE_ADDRESS = simple(INTERFACE_ADDRESS_EXPECTED, readInterfaceAddress);
export const PREFIXES = oneOrMany(PREFIX);

const PORT_EXPECTED = 'a port (0-65535)';
const PORT_OR_RANGE_EXPECTED = `${PORT_EXPECTED} or a port range (like "1000-2000")`;
const PORT_RANGE = /^(\d{1,5})-(\d{1,5})$/;

/** `443` (also quoted, as JSON users write it) or `"1000-2000"`. */
function readPort(v: unknown): Parsed<PortRange> {
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= 0 && v <= 65535 ? ok({ lo: v, hi: v }) : fail(notA(v, PORT_EXPECTED));
  }
  if (typeof v === 'string' && /^\d{1,5}$/.test(v)) return readPort(Number(v));
  const m = typeof v === 'string' ? PORT_RANGE.exec(v) : null;
  if (m === null) return fail(notA(v, PORT_OR_RANGE_EXPECTED));
  const lo = Number(m[1]);
  const hi = Number(m[2]);
  if (hi > 65535) return fail(`${show(v)} is not a port range: ${hi} is above 65535`);
  if (lo > hi) return fail(`${show(v)} is not a port range: ${lo} is above ${hi}`);
  return ok({ lo, hi });
}

export const PORTS = oneOrMany(simple(PORT_OR_RANGE_EXPECTED, readPort));

const PROTOCOL_NAMES: Readonly<Record<string, number | null>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, any: null };
const PROTOCOL_EXPECTED = 'a protocol (tcp, udp, icmp, icmpv6, any or a number 0-255)';

/** Protocol number, or null for `any`. */
export const PROTOCOL = byNameOrNumber(PROTOCOL_NAMES, 255, PROTOCOL_EXPECTED);

function dscpNames(): Record<string, number | null> {
  const names: Record<string, number | null> = { any: null, ef: 46, va: 44 };
  for (let x = 1; x <= 4; x++) for (let y = 1; y <= 3; y++) names[`af${x}${y}`] = 8 * x + 2 * y;
  for (let n = 0; n <= 7; n++) names[`cs${n}`] = 8 * n;
  return names;
}

/** DSCP code point, or null for `any`. */
export const DSCP = byNameOrNumber(dscpNames(), 63, 'a DSCP (any, af11…af43, cs0…cs7, ef, va or a number 0-63)');

function byNameOrNumber(names: Readonly<Record<string, number | null>>, max: number, expected: string): Reader<number | null> {
  const known = Object.keys(names);
  return simple(expected, (v) => {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return ok(v);
    if (typeof v === 'string' && Object.hasOwn(names, v)) return ok(names[v] as number | null);
    return fail(hinted(notA(v, expected), v, known));
  });
}

/** A route's service type. */
export const SERVICE = oneOf<ServiceType>('a service', SERVICE_TYPES);

const MATCH_SERVICES = oneOf('a service', ['any', ...SERVICE_TYPES] as const);

/** A match criterion on a service: null for `any`. */
export const MATCH_SERVICE: Reader<ServiceType | null> = {
  expected: MATCH_SERVICES.expected,
  read(issues, f, node) {
    const v = MATCH_SERVICES.read(issues, f, node);
    return v === 'any' ? null : v;
  },
};

/** Interface-1 or Interface-2 of the hosted firewall. */
export const FW_INTERFACE = is<1 | 2>('a hosted firewall interface (1 or 2)', (v) => v === 1 || v === 2);
