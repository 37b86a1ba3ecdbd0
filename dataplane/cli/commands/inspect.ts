/** `chainsim inspect CAPTURE… [--json]` (SPEC.md: Commands). */
import type { Command } from 'commander';
import { formatInspect, inspectCapture, type InspectResult } from '../../inspect/index.js';
import type { CommandContext } from '../main.js';

export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command('inspect')
    .description('what is in a capture: format, link types, packets, bytes, timing, VLANs, protocols, connections, malformed frames')
    .argument('<captures...>', 'pcap or pcapng files')
    .option('--json', 'one JSON object per capture (an array for several) on stdout')
    .action((captures: string[], opts: { json?: boolean }) => {
      const results: InspectResult[] = captures.map((file) => inspectCapture(file));
      if (opts.json) {
        process.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
      } else {
        process.stdout.write(results.map(formatInspect).join('\n'));
      }
      for (const r of results) for (const w of r.warnings) process.stderr.write(`chainsim: warning: ${r.file}: ${w}\n`);
      ctx.exit(0);
    });
}
