/** `chainsim explain [--config F] [--json] "<flow>"` (SPEC.md: Commands): the packet-tracer. */
import type { Command } from 'commander';
import { loadConfig, loadDefaultConfig } from '../../../policy/index.js';
import { explainFlow, formatExplain, parseFlow } from '../../engine/explain.js';
import type { CommandContext } from '../main.js';

export function registerExplain(program: Command, ctx: CommandContext): void {
  program
    .command('explain')
    .description('trace one flow, first packet and reply, phase by phase through the appliance')
    .argument('<flow>', 'e.g. "tcp 172.16.10.5:51000 > 52.96.1.1:443 in LAN-1"')
    .option('--config <file>', 'appliance config; default: the embedded use case 1 config')
    .option('--json', 'the phases as one JSON document')
    .action((flowText: string, flags: { config?: string; json?: boolean }) => {
      const flow = parseFlow(flowText);
      const config = flags.config ? loadConfig(flags.config) : loadDefaultConfig();
      const report = explainFlow(config.config, flow);
      process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatExplain(report));
      ctx.exit(0);
    });
}
