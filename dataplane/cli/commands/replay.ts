/**
 * `chainsim replay`. Until the dataplane lands (issue 5) the command shows what it would
 * replay — the captures' contents, as `inspect` does — and says so.
 */
import type { Command } from 'commander';
import { formatInspect, inspectCapture } from '../../inspect/index.js';
import type { CommandContext } from '../main.js';

export function registerReplay(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .description('replay captures through the appliance (dataplane not built yet: shows the captures)')
    .argument('<captures...>', 'pcap or pcapng files')
    .action((captures: string[]) => {
      process.stderr.write('chainsim: the dataplane is not built yet; showing what the captures hold\n');
      for (const file of captures) process.stdout.write(formatInspect(inspectCapture(file)));
      ctx.exit(0);
    });
}
