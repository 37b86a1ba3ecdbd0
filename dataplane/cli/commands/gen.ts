/** `chainsim gen --profile NAME [--packets N] [--seed S] [--mbps R] -o F.pcap` (SPEC.md: Commands). */
import type { Command } from 'commander';
import { chainsimError } from '../../../policy/index.js';
import { generate, PROFILES } from '../../gen/index.js';
import type { CommandContext } from '../main.js';

function wholeNumber(name: string, min: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) {
      throw chainsimError('CHAINSIM_USAGE', `gen: ${name} "${text}" is not a whole number ≥ ${min}`);
    }
    return n;
  };
}

function positiveNumber(name: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw chainsimError('CHAINSIM_USAGE', `gen: ${name} "${text}" is not a positive number`);
    return n;
  };
}

export function registerGen(program: Command, ctx: CommandContext): void {
  program
    .command('gen')
    .description('deterministic synthetic traffic to a pcap file')
    .requiredOption('--profile <name>', `traffic profile: ${Object.keys(PROFILES).join(', ')}`)
    .option('--packets <n>', 'packets to write', wholeNumber('--packets', 0), 100_000)
    .option('--seed <s>', 'seed of the generator', wholeNumber('--seed', 0), 1)
    .option('--mbps <r>', "offered load in Mbit/s (default: the profile's)", positiveNumber('--mbps'))
    .requiredOption('-o, --out <file>', 'output pcap file')
    .action((opts: { profile: string; packets: number; seed: number; mbps?: number; out: string }) => {
      const result = generate({ profile: opts.profile, packets: opts.packets, seed: opts.seed, mbps: opts.mbps, out: opts.out });
      process.stderr.write(
        `chainsim: wrote ${result.packets} packets (${result.bytes} bytes, ${result.flows} flows, ${result.durationSeconds.toFixed(3)} s) to ${opts.out}\n`,
      );
      ctx.exit(0);
    });
}
