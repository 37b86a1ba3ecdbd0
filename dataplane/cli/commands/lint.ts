/**
 * `chainsim lint [--config F] [--json]` (SPEC.md: Commands, Config → Findings): validates the
 * config (errors: exit 2) and analyses it — policy/'s findings (rules that can never match,
 * redirect rules that cannot work, provisioning slips) and vwire's across the two rulebases
 * (redirected traffic the firewall denies in every case). Exit 0 when clean, 1 with findings.
 *
 * Text, one line per finding, the compiler way, sorted by place:
 *
 *     config.yaml:57:11: warning: rule "x" (site) can never match: blocked by … [unreachable-rule]
 *
 * `--json` prints exactly one document, `{ file, findings, errors }`, also when the config is
 * invalid (then `errors` lists its problems, one line each, and the exit code is 2).
 */
import type { Command } from 'commander';
import {
  DEFAULT_CONFIG_PATH,
  REDIRECT_VLAN_NO_SUBINTERFACE,
  isChainsimError,
  loadConfig,
  loadDefaultConfig,
  policyFindings,
  type Finding,
  type LoadedConfig,
} from '../../../policy/index.js';
import { redirectDeniedFindings } from '../../../vwire/index.js';
import type { CommandContext } from '../main.js';

export interface LintFlags {
  readonly config?: string;
  readonly json?: boolean;
}

/** Where the command writes (process.stdout/stderr; tests pass their own). */
export interface LintOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The JSON document of `lint --json`. */
export interface LintDocument {
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly errors: readonly string[];
}

const PROCESS_OUTPUT: LintOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Every finding of a loaded config, located and sorted by place (findings at one place keep
 * their order). vwire also reports a redirect VLAN that lacks a sub-interface, as a denial
 * with no firewall rule; policy/ reports that case under its own code, so vwire's is dropped.
 */
export function lintFindings(loaded: LoadedConfig): Finding[] {
  const own = policyFindings(loaded.config);
  const noSubinterface = new Set(own.filter((f) => f.code === REDIRECT_VLAN_NO_SUBINTERFACE).map((f) => f.path));
  const denied = redirectDeniedFindings(loaded.config).filter((f) => !(f.firewallRules.length === 0 && noSubinterface.has(f.path)));
  const located = [...own, ...denied].map((f): Finding => {
    const location = loaded.locate(f.path);
    return location === null ? f : { ...f, location };
  });
  const line = (f: Finding) => f.location?.line ?? Number.MAX_SAFE_INTEGER;
  const column = (f: Finding) => f.location?.column ?? 0;
  // Array.prototype.sort is stable: findings at one place keep the analyses' order.
  return located.sort((a, b) => line(a) - line(b) || column(a) - column(b));
}

export function findingLine(file: string, f: Finding): string {
  const where = f.location === undefined ? file : `${f.location.file}:${f.location.line}:${f.location.column}`;
  return `${where}: ${f.severity}: ${f.message} [${f.code}]\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function totals(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${plural(findings.length, 'finding')} (${plural(errors, 'error')}, ${plural(findings.length - errors, 'warning')})\n`;
}

function document(doc: LintDocument): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Runs the command; returns its exit code. A config error ends it with exit 2: thrown (main
 * prints it), or with --json written as the one document. */
export function runLint(flags: LintFlags, output: LintOutput = PROCESS_OUTPUT): number {
  const file = flags.config ?? DEFAULT_CONFIG_PATH;
  let loaded: LoadedConfig;
  let findings: Finding[];
  try {
    loaded = flags.config === undefined ? loadDefaultConfig() : loadConfig(flags.config);
    findings = lintFindings(loaded);
  } catch (err) {
    if (!flags.json || !isChainsimError(err) || err.code !== 'CHAINSIM_CONFIG') throw err;
    output.stdout(document({ file, findings: [], errors: err.details.length > 0 ? err.details : [err.message] }));
    output.stderr(`chainsim: ${err.message}\n`);
    return 2;
  }
  if (flags.json) {
    output.stdout(document({ file: loaded.file, findings, errors: [] }));
  } else if (findings.length === 0) {
    output.stdout(`${loaded.file}: no findings\n`);
  } else {
    output.stdout(findings.map((f) => findingLine(loaded.file, f)).join('') + totals(findings));
  }
  return findings.length === 0 ? 0 : 1;
}

export function registerLint(program: Command, ctx: CommandContext): void {
  program
    .command('lint')
    .description('validate the config and analyse the policy: rules that can never match, redirect rules that cannot work')
    .option('--config <file>', 'appliance config (YAML or JSON); default: the embedded use case 1 config')
    .option('--json', '{ file, findings, errors } as one JSON document on stdout')
    .action((flags: LintFlags) => {
      ctx.exit(runLint(flags));
    });
}
