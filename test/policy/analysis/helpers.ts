/**
 * Shared by the analysis tests: configs as YAML (the default config with sections replaced, so
 * paths and locations are real), and packets drawn from inside a box — the way to aim thousands
 * of tuples at one rule's match space.
 */
import fc from 'fast-check';
import type { AppConfig, LoadedConfig, Tuple } from '../../../policy/index.js';
import { bigIntToWords, newTuple, parseConfigText } from '../../../policy/index.js';
import type { Box } from '../../../policy/analysis/boxes.js';
import { FIELD_INDEX as F } from '../../../policy/analysis/boxes.js';
import type { Intervals } from '../../../policy/analysis/intervals.js';
import { DEFAULT_TEXT, yamlWith } from '../../support/default-config.js';

export { DEFAULT_TEXT, yamlWith };

export function loadedWith(sections: Record<string, string> = {}): LoadedConfig {
  return parseConfigText(yamlWith(sections), 'test.yaml');
}

export function configWith(sections: Record<string, string> = {}): AppConfig {
  return loadedWith(sections).config;
}

/** A firewall section: one template `T` with these pre- and post-appliance rules (YAML flow
 * maps), applied, and these site policies. */
export function firewallSection(opts: { pre?: string[]; post?: string[]; site?: string[]; defaultAction?: string }): string {
  const list = (rules: string[] | undefined, indent: string) =>
    rules === undefined || rules.length === 0 ? ' []' : '\n' + rules.map((r) => `${indent}- ${r}`).join('\n');
  return `firewall:
  templates:
    - name: T
      preAppliance:${list(opts.pre, '        ')}
      postAppliance:${list(opts.post, '        ')}
  apply: [T]
  policies:${list(opts.site, '    ')}
  defaultAction: ${opts.defaultAction ?? 'allow'}`;
}

/** Whether a tuple lies in a box (read straight from the Tuple, for checking boxes). */
export function boxHolds(box: Box, t: Tuple): boolean {
  if (t.family !== box.family) return false;
  const toBig = (words: Uint32Array) =>
    t.family === 4 ? BigInt(words[0]!) : words.reduce((v, w) => (v << 32n) | BigInt(w), 0n);
  const values = [toBig(t.src), toBig(t.dst), t.proto, t.srcPort, t.dstPort, t.fromZone, t.toZone, t.srcService, t.dstService, t.vlan, t.dscp, t.fragment];
  return values.every((v, i) => inSet(box.sets[i]!, BigInt(v)));
}

export function inSet(set: Intervals, v: bigint): boolean {
  for (let i = 0; i < set.length; i += 2) if (v >= set[i]! && v <= set[i + 1]!) return true;
  return false;
}

/** A member of a non-empty set: often an interval's edge, else anywhere in one. */
export function arbMember(set: Intervals): fc.Arbitrary<bigint> {
  return fc.integer({ min: 0, max: set.length / 2 - 1 }).chain((k) => {
    const lo = set[2 * k]!;
    const hi = set[2 * k + 1]!;
    return fc.oneof(fc.constant(lo), fc.constant(hi), fc.bigInt({ min: lo, max: hi }));
  });
}

export function tupleAt(family: 4 | 6, values: readonly bigint[]): Tuple {
  const t = newTuple();
  t.family = family;
  bigIntToWords(family, values[F.src]!, t.src);
  bigIntToWords(family, values[F.dst]!, t.dst);
  t.proto = Number(values[F.proto]);
  t.srcPort = Number(values[F.srcPort]);
  t.dstPort = Number(values[F.dstPort]);
  t.fromZone = Number(values[F.fromZone]);
  t.toZone = Number(values[F.toZone]);
  t.srcService = Number(values[F.srcService]);
  t.dstService = Number(values[F.dstService]);
  t.vlan = Number(values[F.vlan]);
  t.dscp = Number(values[F.dscp]);
  t.fragment = Number(values[F.fragment]);
  return t;
}

/** Tuples inside a box. */
export function arbTupleIn(box: Box): fc.Arbitrary<Tuple> {
  return fc.tuple(...box.sets.map(arbMember)).map((values) => tupleAt(box.family, values));
}

/** Tuples inside one of the boxes. */
export function arbTupleInAny(boxes: readonly Box[]): fc.Arbitrary<Tuple> {
  return fc.oneof(...boxes.map(arbTupleIn));
}
