/**
 * `chainsim live --config F --port IFACE=DEVICE… (--fw stub | --fw-if1 DEVICE --fw-if2 DEVICE)
 * [--duration S] [--buffer SIZE] [--json]` (SPEC.md: Commands, live). The summary (replay's, plus
 * a `live` section) comes on SIGINT, SIGTERM or at --duration; exit 0. Bad devices or flags exit
 * 2; a missing addon (cap, raw-socket) or privilege exits 2 with what to do.
 */
import type { Command } from 'commander';
import { chainsimError, loadConfig, loadDefaultConfig, parseDuration, parseSize } from '../../../policy/index.js';
import { formatSummary } from '../../engine/index.js';
import { DEFAULT_BUFFER_BYTES, runLive, type LiveFirewall, type LivePort, type LiveSummary } from '../../live/index.js';
import type { CommandContext } from '../main.js';
import { findingLine, lintFindings } from './lint.js';

interface LiveFlags {
  config?: string;
  port: string[];
  fw?: string;
  fwIf1?: string;
  fwIf2?: string;
  duration?: string;
  buffer?: string;
  json?: boolean;
}

function parsePort(text: string): LivePort {
  const eq = text.indexOf('=');
  if (eq <= 0 || eq === text.length - 1) throw chainsimError('CHAINSIM_USAGE', `live: --port "${text}" is not IFACE=DEVICE`);
  return { iface: text.slice(0, eq), device: text.slice(eq + 1) };
}

/** `30`, `2.5` (seconds) or a duration with its unit (`500ms`, `2m`). */
/** Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer one would fire at once. */
const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export function parseSeconds(command: string, flag: string, text: string): number {
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : tryDuration(text);
  if (n === null || !(n > 0)) throw chainsimError('CHAINSIM_USAGE', `${command}: ${flag} "${text}" is not a positive duration (seconds, or like 500ms, 2m)`);
  if (n > MAX_SECONDS) throw chainsimError('CHAINSIM_USAGE', `${command}: ${flag} "${text}" is longer than ${MAX_SECONDS} s (24.8 days); leave it out to run until SIGINT`);
  return n;
}

function tryDuration(text: string): number | null {
  try {
    return parseDuration(text);
  } catch {
    return null;
  }
}

function firewallOf(flags: LiveFlags): LiveFirewall {
  const real = flags.fwIf1 !== undefined || flags.fwIf2 !== undefined;
  if (flags.fw !== undefined && flags.fw !== 'stub') throw chainsimError('CHAINSIM_USAGE', `live: --fw "${flags.fw}": the only value is stub (a real firewall: --fw-if1 DEVICE --fw-if2 DEVICE)`);
  if (flags.fw === 'stub' && real) throw chainsimError('CHAINSIM_USAGE', 'live: --fw stub and --fw-if1/--fw-if2 exclude each other');
  if (flags.fw === 'stub') return 'stub';
  if (flags.fwIf1 === undefined || flags.fwIf2 === undefined) {
    throw chainsimError('CHAINSIM_USAGE', 'live: the hosted firewall is --fw stub (in-process) or a real one: --fw-if1 DEVICE --fw-if2 DEVICE (both)');
  }
  return { if1: flags.fwIf1, if2: flags.fwIf2 };
}

function bufferBytes(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BUFFER_BYTES;
  const n = /^\d+$/.test(text) ? Number(text) : parseSize(text);
  if (!(n >= 65536) || n > 2 ** 31 - 1) throw chainsimError('CHAINSIM_USAGE', `live: --buffer "${text}" is not a size between 64KiB and 2GiB`);
  return n;
}

export function registerLive(program: Command, ctx: CommandContext): void {
  program
    .command('live')
    .description('run the dataplane on real interfaces (libpcap; needs root or CAP_NET_RAW + CAP_NET_ADMIN)')
    .option('--config <file>', 'appliance config (YAML or JSON); default: the embedded use case 1 config')
    .option('--port <iface=device>', 'an appliance interface and its device (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--fw <stub>', 'the in-process virtual-wire firewall')
    .option('--fw-if1 <device>', "a real firewall's interface 1 (frames carry the sub-interface VLAN tag)")
    .option('--fw-if2 <device>', "a real firewall's interface 2")
    .option('--duration <seconds>', 'stop after this long (default: on SIGINT or SIGTERM)')
    .option('--buffer <size>', `kernel capture buffer per device (default ${DEFAULT_BUFFER_BYTES / 2 ** 20}MiB)`)
    .option('--json', 'the summary as one JSON document on stdout')
    .action(async (flags: LiveFlags) => {
      const ports = flags.port.map(parsePort);
      if (ports.length === 0) throw chainsimError('CHAINSIM_USAGE', 'live: no --port IFACE=DEVICE given');
      const fw = firewallOf(flags);
      const durationSeconds = flags.duration === undefined ? null : parseSeconds('live', '--duration', flags.duration);
      const buffer = bufferBytes(flags.buffer);
      const config = flags.config ? loadConfig(flags.config) : loadDefaultConfig();
      for (const f of lintFindings(config)) process.stderr.write(`chainsim: ${findingLine(config.file, f)}`);
      const summary = await runLive({
        config,
        ports,
        fw,
        durationSeconds,
        bufferBytes: buffer,
        onReady: (what) => process.stderr.write(`chainsim live: ready (${what})\n`),
        onWarning: (message) => process.stderr.write(`chainsim: warning: ${message}\n`),
      });
      process.stdout.write(flags.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary) + liveLines(summary));
      ctx.exit(0);
    });
}

/** What the text summary adds in live mode: devices, the real firewall's returns, the probes. */
function liveLines(s: LiveSummary): string {
  const out: string[] = [''];
  const devices = Object.entries(s.live.devices).map(
    ([name, d]) =>
      `${name} ${d.received} read, ${d.sent} sent` +
      (d.refused > 0 ? `, ${d.refused} refused (${d.lastError})` : '') +
      (d.captureDrops === null ? ', capture losses unknown' : d.captureDrops > 0 ? `, ${d.captureDrops} lost at capture` : ''),
  );
  out.push(`Devices: ${devices.join('; ')}`);
  const fw = s.live.firewall;
  if (fw === 'stub') out.push('Firewall: the in-process stub');
  else {
    out.push(`Firewall: ${fw.if1} / ${fw.if2}: ${fw.returned} frames came back with a redirect VLAN, ${fw.ignored} other frames ignored`);
    if (fw.outAtEnd > 0) {
      const lost = fw.captureDrops ?? 0;
      out.push(
        `  ${fw.outAtEnd} frames sent to the firewall never came back (its drops, or still out at the end): counted as sent, not received, and dropped fw-no-return` +
          (lost > 0 ? `; up to ${Math.min(lost, fw.outAtEnd)} of them came back and were lost by chainsim's capture on ${fw.if1}/${fw.if2}` : ''),
      );
    }
  }
  const p = s.live.probe;
  if (p !== null) out.push(`Probe ${p.address} every ${p.intervalSeconds}s: ${p.sent} sent, ${p.replies} replies, ${p.down ? 'holding the VM down' : 'up'}`);
  return out.join('\n') + '\n';
}
