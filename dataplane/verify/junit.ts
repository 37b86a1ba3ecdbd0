/**
 * `--junit F.xml`: one <testsuite> per case, one <testcase> per check (CI systems show them as
 * tests), <failure message=…> per failed check, <skipped/> for a skipped case's checks.
 */
import { checkName, type CheckResult } from './checks.js';
import type { Check } from './expect.js';

export interface CaseReport {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped, or why it failed before any check ran; '' otherwise. */
  reason: string;
  checks: Check[];
  /** Per check, in order; a single `replay` result when the case failed before its checks. */
  results: CheckResult[];
}

export function xmlEscape(s: string): string {
  // Characters XML 1.0 cannot carry at all are dropped, the rest escaped.
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => ENTITY[c]);
}

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function junitXml(reports: readonly CaseReport[]): string {
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = reports.map(testcases);
  const total = (k: 'tests' | 'failures' | 'skipped'): number => all.reduce((n, s) => n + s[k], 0);
  lines.push(`<testsuites name="chainsim verify" tests="${total('tests')}" failures="${total('failures')}" skipped="${total('skipped')}">`);
  reports.forEach((r, i) => {
    const s = all[i];
    lines.push(`  <testsuite name="${xmlEscape(r.name)}" tests="${s.tests}" failures="${s.failures}" skipped="${s.skipped}" errors="0">`);
    lines.push(...s.lines);
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

function testcases(r: CaseReport): { tests: number; failures: number; skipped: number; lines: string[] } {
  const lines: string[] = [];
  const open = (name: string): string => `    <testcase classname="${xmlEscape(r.name)}" name="${xmlEscape(name)}"`;
  if (r.status === 'skipped') {
    for (const [i, c] of r.checks.entries()) lines.push(`${open(`checks[${i}] ${checkName(c)}`)}><skipped message="${xmlEscape(r.reason)}"/></testcase>`);
    return { tests: r.checks.length, failures: 0, skipped: r.checks.length, lines };
  }
  let failures = 0;
  for (const [i, res] of r.results.entries()) {
    const name = res.name === 'replay' ? 'replay' : `checks[${i}] ${res.name}`;
    if (res.failures.length === 0) {
      lines.push(`${open(name)}/>`);
      continue;
    }
    failures++;
    const text = res.failures.join('\n');
    lines.push(`${open(name)}><failure message="${xmlEscape(res.failures[0])}">${xmlEscape(text)}</failure></testcase>`);
  }
  return { tests: r.results.length, failures, skipped: 0, lines };
}
