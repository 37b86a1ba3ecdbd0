/**
 * The composition root of the `chainsim` command: it builds the commands, runs the one asked
 * for and turns what ends it into an exit code (SPEC.md: Exit codes). Bad input never shows a
 * stack trace; only a bug (an error that is not a ChainsimError) does.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_CODE, isChainsimError } from '../../policy/index.js';
import { registerInspect } from './commands/inspect.js';
import { registerGen } from './commands/gen.js';
import { registerReplay } from './commands/replay.js';
import { registerExplain } from './commands/explain.js';
import { registerLint } from './commands/lint.js';
import { registerVerify } from './commands/verify.js';
import { registerLive } from './commands/live.js';
import { registerSend } from './commands/send.js';
import { packageVersion } from './package-info.js';

/** What a command's action reports back: its exit code. */
export interface CommandContext {
  exit(code: number): void;
}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const ctx: CommandContext = {
    exit(code) {
      exitCode = code;
    },
  };
  const program = new Command('chainsim')
    .description('Packet-path simulator of an SD-WAN branch appliance hosting a virtual-wire firewall')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(`chainsim: ${text.replace(/^error: /, '')}`) });
  registerReplay(program, ctx);
  registerExplain(program, ctx);
  registerLint(program, ctx);
  registerVerify(program, ctx);
  registerInspect(program, ctx);
  registerGen(program, ctx);
  registerLive(program, ctx);
  registerSend(program, ctx);
  for (const sub of program.commands) sub.exitOverride();

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    return reportFailure(err);
  }
  return exitCode;
}

function reportFailure(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    return EXIT_CODE.CHAINSIM_USAGE;
  }
  if (isChainsimError(err)) {
    process.stderr.write(`chainsim: ${err.message}\n`);
    for (const line of err.details) process.stderr.write(`  ${line}\n`);
    return EXIT_CODE[err.code];
  }
  process.stderr.write(`chainsim: internal error (a bug; please report it with the command line)\n`);
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT_CODE.CHAINSIM_INTERNAL;
}
