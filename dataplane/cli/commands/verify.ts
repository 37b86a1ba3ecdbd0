/** `chainsim verify CASE_DIR… [--junit F.xml] [--update]` (SPEC.md: Commands, Verify case). */
import type { Command } from 'commander';
import { runVerify } from '../../verify/index.js';
import type { CommandContext } from '../main.js';

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description('run verify cases: replay each case folder and check its summary, trace and output captures')
    .argument('<cases...>', 'case folders holding config.yaml, captures, optional scenario.yaml and expect.yaml')
    .option('--junit <file>', 'also write a JUnit XML report (one testsuite per case, one testcase per check)')
    .option('--update', "rewrite failed expectations in expect.yaml from this run's output")
    .action(async (cases: string[], flags: { junit?: string; update?: boolean }) => {
      ctx.exit(await runVerify(cases, { junit: flags.junit, update: flags.update }));
    });
}
