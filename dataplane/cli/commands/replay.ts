/**
 * `chainsim replay [CAPTURE…] [--config F] [--in IFACE=CAPTURE…] [--scenario F] [--out-dir D]
 * [--trace F.jsonl] [--json] [--strict] [--speed max|realtime|<multiplier>] [--progress|--no-progress]`
 * (SPEC.md: Commands). The summary goes to stdout (text, or exactly one JSON document with
 * --json); warnings and progress to stderr. Exit 0 whatever it warns about; with --strict, a
 * truncated capture exits 3.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { chainsimError, loadConfig, loadDefaultConfig } from '../../../policy/index.js';
import { parseScenario } from '../../../vwire/index.js';
import { formatSummary, replay, type ReplayInput, type Speed } from '../../engine/index.js';
import type { CommandContext } from '../main.js';
import { progressBar } from '../progress.js';
import { findingLine, lintFindings } from './lint.js';

interface ReplayFlags {
  config?: string;
  in: string[];
  scenario?: string;
  outDir?: string;
  trace?: string;
  json?: boolean;
  strict?: boolean;
  speed: string;
  progress?: boolean;
}

function parseSpeed(text: string): Speed {
  if (text === 'max' || text === 'realtime') return text;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) {
    throw chainsimError('CHAINSIM_USAGE', `replay: --speed "${text}" is not max, realtime or a positive multiplier`);
  }
  return n;
}

function parseBinding(text: string): ReplayInput {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) {
    throw chainsimError('CHAINSIM_USAGE', `replay: --in "${text}" is not IFACE=CAPTURE`);
  }
  return { bind: text.slice(0, eq), file: text.slice(eq + 1) };
}

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .description('replay captures through the appliance and print what happened')
    .argument('[captures...]', 'pcap or pcapng files (ingress by pcapng interface name, VLAN or source route)')
    .option('--config <file>', 'appliance config (YAML or JSON); default: the embedded use case 1 config')
    .option('--in <iface=capture>', 'bind a whole capture to an appliance interface (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--scenario <file>', 'management events on the virtual clock (VM down, up, ...)')
    .option('--out-dir <dir>', 'write <interface>.pcapng, fw-if1/2.pcapng and dropped.pcapng there')
    .option('--trace <file>', 'one JSON line per packet')
    .option('--json', 'the summary as one JSON document on stdout')
    .option('--strict', 'a truncated capture is an error (exit 3)')
    .option('--speed <speed>', 'max (as fast as possible), realtime, or a multiplier', 'max')
    .option('--progress', 'show a progress bar (default: when stderr is a terminal)')
    .option('--no-progress', 'never show a progress bar')
    .action(async (captures: string[], flags: ReplayFlags) => {
      const inputs: ReplayInput[] = [...captures.map((file) => ({ file, bind: null })), ...flags.in.map(parseBinding)];
      if (inputs.length === 0) throw chainsimError('CHAINSIM_USAGE', 'replay: no capture given (CAPTURE… or --in IFACE=CAPTURE)');
      const speed = parseSpeed(flags.speed);
      const config = flags.config ? loadConfig(flags.config) : loadDefaultConfig();
      for (const input of inputs) {
        if (input.bind !== null && !config.config.interfaces.some((i) => i.name === input.bind)) {
          throw chainsimError(
            'CHAINSIM_USAGE',
            `replay: --in ${input.bind}=…: no interface ${input.bind} in ${config.file} (interfaces: ${config.config.interfaces.map((i) => i.name).join(', ')})`,
          );
        }
      }
      // SPEC: lint's findings are warnings in replay.
      for (const f of lintFindings(config)) process.stderr.write(`chainsim: ${findingLine(config.file, f)}`);
      const scenario = flags.scenario ? parseScenario(readScenario(flags.scenario), flags.scenario) : null;
      const showProgress = flags.progress ?? process.stderr.isTTY === true;
      const bar = showProgress ? await progressBar('replay') : null;
      let result;
      try {
        result = await replay({
          config,
          inputs,
          scenario,
          outDir: flags.outDir ?? null,
          trace: flags.trace ?? null,
          speed,
          onProgress: bar ? (read, total) => bar.update(read, total) : undefined,
        });
      } finally {
        bar?.stop();
      }
      for (const w of result.warnings) process.stderr.write(`chainsim: warning: ${w.message}\n`);
      process.stdout.write(flags.json ? JSON.stringify(result.summary, null, 2) + '\n' : formatSummary(result.summary));
      ctx.exit(flags.strict && result.truncated ? 3 : 0);
    });
}

function readScenario(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw chainsimError('CHAINSIM_SCENARIO', `${file}: cannot read the scenario: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
