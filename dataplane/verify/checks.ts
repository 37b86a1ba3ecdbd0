/**
 * One verify check against one run's outputs: each failure is a readable line naming the key,
 * what was expected and what came (`hostedFirewall.packetsSent: expected 10, got 8`).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { openCapture } from '../capture/index.js';
import type { Check, TraceCheck } from './expect.js';
import { holds, matchesAll, MISSING, resolve, show, showExpectation, type Expectation } from './match.js';

/** What a case's replay produced, read once for all its checks. */
export interface RunOutputs {
  summary: unknown;
  trace: Record<string, unknown>[];
  outDir: string;
}

export interface CheckResult {
  /** A short name for reports: the check's kind and keys. */
  name: string;
  failures: string[];
}

/** The keys of every trace record (SPEC.md: Trace), for telling a typo from an empty trace. */
const TRACE_KEYS = ['i', 't', 'in', 'vlan', 'proto', 'src', 'dst', 'flow', 'dir', 'rule', 'action', 'redirect', 'fw', 'ceiling', 'out', 'verdict', 'reason'];

export function checkName(check: Check): string {
  if (check.kind === 'summary') return `summary ${check.entries.map((e) => e.key).join(', ')}`;
  if (check.kind === 'capture') return `capture ${check.iface}`;
  return `trace where ${showKeys(check.where)}`;
}

function showKeys(obj: Record<string, Expectation>): string {
  const parts = Object.entries(obj).map(([k, e]) => `${k}: ${showExpectation(e)}`);
  return `{${parts.join(', ')}}`;
}

export function evaluate(check: Check, out: RunOutputs): CheckResult {
  const name = checkName(check);
  const failures: string[] = [];
  if (check.kind === 'summary') {
    for (const { key, expected } of check.entries) {
      const actual = resolve(out.summary, key);
      if (actual === MISSING) failures.push(`${key}: the summary has no such key`);
      else if (!holds(expected, actual)) failures.push(`${key}: expected ${showExpectation(expected)}, got ${show(actual)}`);
    }
  } else if (check.kind === 'capture') {
    const actual = countRecords(out.outDir, check.iface);
    if (actual === null) failures.push(`capture ${check.iface}: no ${check.iface}.pcapng among the outputs (${outputNames(out.outDir)})`);
    else if (!holds(check.packets, actual)) failures.push(`capture ${check.iface}.packets: expected ${showExpectation(check.packets)}, got ${actual}`);
  } else {
    failures.push(...evaluateTrace(check, out.trace, name));
  }
  return { name, failures };
}

/** The current value a literal of the check stands for, for `--update`; MISSING if none. */
export function observed(check: Check, out: RunOutputs, key: string): unknown {
  if (check.kind === 'summary') return resolve(out.summary, key);
  if (check.kind === 'capture') return countRecords(out.outDir, check.iface) ?? MISSING;
  return out.trace.filter((r) => matchesAll(r, check.where)).length;
}

function evaluateTrace(check: TraceCheck, trace: Record<string, unknown>[], name: string): string[] {
  const lacking: string[] = [];
  for (const part of [check.where, check.all, check.any, check.none]) {
    for (const key in part ?? {}) if (lacksKey(trace, key)) lacking.push(key);
  }
  if (lacking.length > 0) return lacking.map((k) => `${name}: the trace has no key ${k}`);
  const failures: string[] = [];
  const matched = trace.filter((r) => matchesAll(r, check.where));
  if (check.count && !holds(check.count, matched.length)) failures.push(`${name}: count expected ${showExpectation(check.count)}, got ${matched.length}`);
  if (check.all) {
    const bad = matched.filter((r) => !matchesAll(r, check.all!));
    if (bad.length > 0) failures.push(`${name}: all ${showKeys(check.all)}: ${bad.length} of ${matched.length} records differ, first i=${show(bad[0].i)}: ${firstDifference(bad[0], check.all)}`);
  }
  if (check.any && !matched.some((r) => matchesAll(r, check.any!))) failures.push(`${name}: any ${showKeys(check.any)}: none of ${matched.length} records matches`);
  if (check.none) {
    const bad = matched.filter((r) => matchesAll(r, check.none!));
    if (bad.length > 0) failures.push(`${name}: none ${showKeys(check.none)}: ${bad.length} records match, first i=${show(bad[0].i)}`);
  }
  return failures;
}

function firstDifference(record: unknown, wanted: Record<string, Expectation>): string {
  for (const key in wanted) {
    const actual = resolve(record, key);
    if (!holds(wanted[key], actual)) return `${key}: expected ${showExpectation(wanted[key])}, got ${show(actual)}`;
  }
  return '';
}

/** A key the trace lacks: an object on its path lacks it (records all have the same keys). */
function lacksKey(trace: Record<string, unknown>[], key: string): boolean {
  if (trace.length === 0) return !TRACE_KEYS.includes(key.split('.')[0]);
  return trace.some((r) => resolve(r, key) === MISSING);
}

function countRecords(outDir: string, iface: string): number | null {
  const file = path.join(outDir, `${iface}.pcapng`);
  if (!existsSync(file)) return null;
  const reader = openCapture(file);
  try {
    let n = 0;
    while (reader.next() !== null) n++;
    return n;
  } finally {
    reader.close();
  }
}

function outputNames(outDir: string): string {
  return readdirSync(outDir)
    .filter((f) => f.endsWith('.pcapng'))
    .map((f) => f.slice(0, -'.pcapng'.length))
    .join(', ');
}
