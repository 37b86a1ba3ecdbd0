// The shipped verify cases (fixtures/cases): each passes, and each of their expectations can
// fail — perturbing any one literal, or moving any bound just past the observed value, makes
// the check fail, so no check is vacuous.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseInputs, evaluate, observed, readExpect, replayCase, type Check, type Expectation, type RunOutputs } from '../../../dataplane/verify/index.js';
import { isCI, publicCaptures } from '../../support/env.js';
import { casesDir, SHIPPED, verify } from './helpers.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'chainsim-verify-cases-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const needsShared = (name: string): boolean => readExpect(path.join(casesDir, name, 'expect.yaml')).captures.some((c) => c.startsWith('$SHARED/'));
const sharedMissing = !existsSync(publicCaptures);

describe('shipped verify cases', () => {
  it('are at least the fifteen promised ones, each with a config, an expect.yaml and small local captures', () => {
    expect(SHIPPED.length).toBeGreaterThanOrEqual(15);
    for (const name of [
      'usecase1-redirect-all', 'usecase2-internet-only', 'directional-half-connection', 'symmetric-replies-interface-2', 'vm-down', 'vm-restart',
      'ceiling-police', 'ceiling-shape', 'office365-breakout', 'management-server-exempt', 'ipv6', 'qinq', 'fragments',
      'malformed', 'truncated-capture', 'public-tcpreplay',
    ]) {
      expect(SHIPPED).toContain(name);
    }
    for (const name of SHIPPED) {
      const e = readExpect(path.join(casesDir, name, 'expect.yaml'));
      expect(existsSync(path.join(casesDir, name, 'config.yaml'))).toBe(true);
      expect(e.checks.length).toBeGreaterThan(0);
      for (const c of e.captures.filter((c) => !c.startsWith('$SHARED/'))) expect(existsSync(path.join(casesDir, name, c))).toBe(true);
    }
  });

  for (const name of SHIPPED) {
    it(`${name} passes`, async () => {
      const { code, out } = await verify([path.join(casesDir, name)]);
      if (needsShared(name) && sharedMissing && !isCI) {
        console.warn(`${name}: skipped, missing ${publicCaptures}`);
        expect(out).toContain(`SKIP ${name} (missing capture`);
        expect(code).toBe(0);
        return;
      }
      expect(out).toContain(`PASS ${name}\n`);
      expect(out.endsWith('1 passed, 0 failed, 0 skipped\n')).toBe(true);
      expect(code).toBe(0);
    });
  }

  it('run together, the last line counts cases', async () => {
    const { code, out } = await verify(SHIPPED.map((n) => path.join(casesDir, n)));
    const skipped = sharedMissing && !isCI ? SHIPPED.filter(needsShared).length : 0;
    expect(out.trim().split('\n').at(-1)).toBe(`${SHIPPED.length - skipped} passed, 0 failed, ${skipped} skipped`);
    expect(code).toBe(0);
  });
});

/** A value that differs from `v` (a literal perturbed). */
function perturb(v: unknown): unknown {
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string') return `${v}-x`;
  if (v === null) return 'x';
  return { perturbed: v };
}

/** The expectation moved just past the value seen (or its literal perturbed). */
function moved(e: Expectation, seen: unknown): Expectation {
  if (e.op === 'eq') return { op: 'eq', value: perturb(e.value) };
  const n = seen as number;
  if (e.op === 'gte') return { op: 'gte', value: n + 1 };
  if (e.op === 'gt') return { op: 'gt', value: n };
  if (e.op === 'lte') return { op: 'lte', value: n - 1 };
  if (e.op === 'lt') return { op: 'lt', value: n };
  return { op: 'ne', value: n };
}

/** Every single-expectation mutation of a check, with a label. */
function mutations(check: Check, out: RunOutputs): [string, Check][] {
  const result: [string, Check][] = [];
  if (check.kind === 'summary') {
    check.entries.forEach((entry, k) => {
      const entries = check.entries.map((e, j) => (j === k ? { key: e.key, expected: moved(e.expected, observed(check, out, e.key)) } : e));
      result.push([entry.key, { ...check, entries }]);
    });
  } else if (check.kind === 'capture') {
    result.push(['packets', { ...check, packets: moved(check.packets, observed(check, out, '')) }]);
  } else {
    if (check.count) result.push(['count', { ...check, count: moved(check.count, observed(check, out, '')) }]);
    for (const part of ['all', 'any'] as const) {
      const obj = check[part];
      for (const key of Object.keys(obj ?? {})) result.push([`${part}.${key}`, { ...check, [part]: { ...obj, [key]: moved(obj![key], null) } }]);
    }
  }
  return result;
}

describe('every expectation of every shipped case can fail', () => {
  for (const name of SHIPPED) {
    it.skipIf(needsShared(name) && sharedMissing && !isCI)(`${name}: each perturbed expectation fails its check`, async () => {
      const dir = path.join(casesDir, name);
      const e = readExpect(path.join(dir, 'expect.yaml'));
      const caseTmp = mkdtempSync(path.join(tmp, `${name}-`));
      const out = await replayCase(dir, caseInputs(dir, e), caseTmp);
      let tried = 0;
      for (const check of e.checks) {
        expect(evaluate(check, out).failures).toEqual([]);
        for (const [label, mutant] of mutations(check, out)) {
          tried++;
          expect(evaluate(mutant, out).failures, `${name}: ${label}`).not.toEqual([]);
        }
      }
      expect(tried).toBeGreaterThan(e.checks.length);
    });
  }
});
