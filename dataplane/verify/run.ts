/**
 * `chainsim verify CASE_DIR…` (SPEC.md: Verify case), suricata-verify style: each case folder
 * replays its captures through its config (and scenario) into a temporary out dir and trace,
 * then its checks run on the summary, the trace and the output captures. Every expect.yaml is
 * read before anything runs: a malformed one exits 2. Then 1 if any case failed, else 0.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isChainsimError, loadConfig, packageRoot } from '../../policy/index.js';
import { parseScenario } from '../../vwire/index.js';
import { packageVersion } from '../cli/package-info.js';
import { replay, type ReplayInput } from '../engine/index.js';
import { evaluate, type CheckResult, type RunOutputs } from './checks.js';
import { readExpect, type ExpectFile } from './expect.js';
import { junitXml, type CaseReport } from './junit.js';
import { updateExpect } from './update.js';
import { satisfies } from './version.js';

export interface VerifyOptions {
  junit?: string;
  update?: boolean;
  /** Where report lines go (default stdout); errors go to `err` (default stderr). */
  out?: (s: string) => void;
  err?: (s: string) => void;
}

export async function runVerify(caseDirs: string[], opts: VerifyOptions = {}): Promise<number> {
  const out = opts.out ?? ((s: string) => process.stdout.write(s));
  const err = opts.err ?? ((s: string) => process.stderr.write(s));
  let expects: ExpectFile[];
  try {
    expects = caseDirs.map((dir) => readExpect(path.join(dir, 'expect.yaml')));
  } catch (e) {
    if (!isChainsimError(e)) throw e;
    err(`chainsim: verify: ${e.message}\n`);
    return 2;
  }
  const reports: CaseReport[] = [];
  for (let i = 0; i < caseDirs.length; i++) {
    const report = await runCase(caseDirs[i], expects[i], opts.update === true, out);
    reports.push(report);
    if (report.status === 'skipped') out(`SKIP ${report.name} (${report.reason})\n`);
    else out(`${report.status === 'passed' ? 'PASS' : 'FAIL'} ${report.name}\n`);
  }
  const count = (s: CaseReport['status']): number => reports.filter((r) => r.status === s).length;
  if (opts.junit) writeFileSync(opts.junit, junitXml(reports));
  out(`${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped\n`);
  return count('failed') > 0 ? 1 : 0;
}

/** `$SHARED/…` names `../shared` beside the repository; other paths are the case's. */
export function capturePath(caseDir: string, name: string): string {
  if (name.startsWith('$SHARED/')) return path.join(path.resolve(packageRoot(), '../shared'), name.slice('$SHARED/'.length));
  return path.resolve(caseDir, name);
}

async function runCase(caseDir: string, expect: ExpectFile, update: boolean, out: (s: string) => void): Promise<CaseReport> {
  const name = path.basename(path.resolve(caseDir));
  const base = { name, checks: expect.checks };
  if (expect.chainsim !== null && !satisfies(packageVersion(), expect.chainsim)) {
    return { ...base, status: 'skipped', reason: `needs chainsim ${expect.chainsim}, this is ${packageVersion()}`, results: [] };
  }
  // verify runs replays only; the native addons (live mode) are not its business.
  if (expect.native) return { ...base, status: 'skipped', reason: 'needs the native addons (live mode)', results: [] };
  const inputs = caseInputs(caseDir, expect);
  const missing = inputs.filter((input) => !existsSync(input.file)).map((input) => input.file);
  if (missing.length > 0) {
    const reason = `missing capture ${missing.join(', ')}`;
    // Under CI a missing capture fails: a green run must never come from skipping.
    if (process.env.CI === 'true') {
      out(`  ${name}: ${reason} (CI=true)\n`);
      return { ...base, status: 'failed', reason, results: [{ name: 'replay', failures: [`${reason} (CI=true)`] }] };
    }
    return { ...base, status: 'skipped', reason, results: [] };
  }

  const tmp = mkdtempSync(path.join(tmpdir(), 'chainsim-verify-'));
  try {
    let outputs: RunOutputs;
    try {
      outputs = await replayCase(caseDir, inputs, tmp);
    } catch (e) {
      if (!isChainsimError(e)) throw e;
      out(`  ${name}: ${e.message}\n`);
      return { ...base, status: 'failed', reason: e.message, results: [{ name: 'replay', failures: [e.message] }] };
    }
    let results = expect.checks.map((c) => evaluate(c, outputs));
    printFailures(name, results, out);
    if (update && results.some((r) => r.failures.length > 0)) {
      const changed = updateExpect(expect, outputs);
      if (changed > 0) {
        writeFileSync(expect.file, expect.doc.toString());
        out(`  ${name}: updated ${changed} expectation(s) in ${expect.file}\n`);
        results = readExpect(expect.file).checks.map((c) => evaluate(c, outputs));
        printFailures(name, results, out);
      }
    }
    const failed = results.some((r) => r.failures.length > 0);
    return { ...base, status: failed ? 'failed' : 'passed', reason: '', results };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function printFailures(name: string, results: CheckResult[], out: (s: string) => void): void {
  for (const r of results) for (const f of r.failures) out(`  ${name}: ${f}\n`);
}

/** The replay inputs a case names, paths resolved (`$SHARED/…` included). */
export function caseInputs(caseDir: string, expect: ExpectFile): ReplayInput[] {
  return [
    ...expect.captures.map((file) => ({ file: capturePath(caseDir, file), bind: null })),
    ...expect.bindings.map((b) => ({ file: capturePath(caseDir, b.file), bind: b.bind })),
  ];
}

/** Replays a case into `tmp` (out dir and trace) and reads back what its checks look at. */
export async function replayCase(caseDir: string, inputs: readonly ReplayInput[], tmp: string): Promise<RunOutputs> {
  const config = loadConfig(path.join(caseDir, 'config.yaml'));
  const scenarioFile = path.join(caseDir, 'scenario.yaml');
  const scenario = existsSync(scenarioFile) ? parseScenario(readFileSync(scenarioFile, 'utf8'), scenarioFile) : null;
  const outDir = path.join(tmp, 'out');
  const traceFile = path.join(tmp, 'trace.jsonl');
  const { summary } = await replay({ config, inputs, scenario, outDir, trace: traceFile });
  const trace = readFileSync(traceFile, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { summary, trace, outDir };
}
