/**
 * The wording of config errors, in one place so that every section says the same thing the
 * same way: `<value> is not <expected>`, `missing (expected …)`, `unknown key (did you mean …?)`.
 * Each message is the part after `<file>:<line>:<col>: <path>: `.
 */
import { show } from './show.js';
import { didYouMean, suggest } from './suggest.js';

const MAX_LISTED = 12;

function listed(names: readonly string[]): string {
  if (names.length <= MAX_LISTED) return names.join(', ');
  return `${names.slice(0, MAX_LISTED).join(', ')}, …`;
}

export function notA(value: unknown, expected: string): string {
  return `${show(value)} is not ${expected}`;
}

export function missing(expected: string): string {
  return `missing (expected ${expected})`;
}

export function empty(expected: string): string {
  return `empty (expected ${expected})`;
}

export function unknownKey(key: string, known: readonly string[]): string {
  return `unknown key${didYouMean(key, known) || ` (known keys: ${listed(known)})`}`;
}

/** Adds "did you mean x?" for a string close to one of `candidates`: inside a closing
 * parenthesis when the text ends with one, so that messages never stack two of them. */
export function hinted(text: string, value: unknown, candidates: readonly string[]): string {
  const s = typeof value === 'string' ? suggest(value, candidates) : null;
  if (s === null) return text;
  return text.endsWith(')') ? `${text.slice(0, -1)}; did you mean ${s}?)` : `${text} (did you mean ${s}?)`;
}

/** A value outside a fixed set (`state: Up`): the set is short, so it is always listed. */
export function notOneOf(value: unknown, what: string, allowed: readonly string[]): string {
  return hinted(notA(value, `${what} (${allowed.join(', ')})`), value, allowed);
}

/** A name that refers to something not defined (zone, interface, template…); `where` narrows
 * the place it was looked up (" in template PAN-Branch"). */
export function unknownName(kind: string, name: string, defined: readonly string[], where = ''): string {
  const hint = didYouMean(name, defined) || (defined.length === 0 ? ' (none is defined)' : ` (defined: ${listed(defined)})`);
  return `unknown ${kind} ${show(name)}${where}${hint}`;
}

export function duplicate(kind: string, name: string, firstPath: string): string {
  return duplicateOf(`${kind} ${show(name)}`, firstPath);
}

/** A repeated combination that is not a name ("sub-interface 1, VLAN 100"). */
export function duplicateOf(description: string, firstPath: string): string {
  return `duplicate ${description} (first at ${firstPath})`;
}

export function emptyList(): string {
  return 'an empty list matches nothing (leave the key out to match any)';
}

export function invalidYaml(yamlMessage: string): string {
  return `invalid YAML: ${yamlMessage}`;
}

/** The summary line of the one error that stands for all of a file's. */
export function errorCount(file: string, n: number): string {
  return `${file}: ${n} ${n === 1 ? 'error' : 'errors'}`;
}
