/**
 * `chainsim send --device DEVICE --profile NAME [--mbps R] [--duration S] [--packets N] [--seed S]
 * [--src A] [--dst A] [--dport N] [--json]` (SPEC.md: Commands): a gen profile's IPv4 packets
 * out of one device through a raw socket, paced to R Mbit/s; prints what was sent.
 */
import type { Command } from 'commander';
import { chainsimError, isChainsimError } from '../../../policy/index.js';
import { PROFILES } from '../../gen/index.js';
import { ipv4Number, runSend } from '../../live/index.js';
import type { CommandContext } from '../main.js';
import { parseSeconds } from './live.js';

interface SendFlags {
  device: string;
  profile: string;
  mbps?: string;
  duration?: string;
  packets?: string;
  count?: string;
  seed: string;
  src?: string;
  dst?: string;
  dport?: string;
  json?: boolean;
}

function whole(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw chainsimError('CHAINSIM_USAGE', `send: ${flag} "${text}" is not a whole number from ${min} to ${max}`);
  return n;
}

function address(flag: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    return ipv4Number(text, flag);
  } catch (err) {
    if (isChainsimError(err) || err instanceof Error) throw chainsimError('CHAINSIM_USAGE', `send: ${flag} "${text}" is not an IPv4 address`);
    throw err;
  }
}

export function registerSend(program: Command, ctx: CommandContext): void {
  program
    .command('send')
    .description("send a gen profile's IPv4 packets out of a device over a raw socket, at a rate (for test rigs)")
    .requiredOption('--device <device>', 'the device to send from (SO_BINDTODEVICE)')
    .requiredOption('--profile <name>', `traffic profile: ${Object.keys(PROFILES).join(', ')}`)
    .option('--mbps <r>', "rate in Mbit/s of Ethernet frames (IP length + 14); default: the profile's")
    .option('--duration <seconds>', 'stop after this long (default 10 s unless --packets)')
    .option('--packets <n>', 'stop after this many packets')
    .option('--count <n>', 'the same as --packets')
    .option('--seed <s>', 'seed of the generator', '1')
    .option('--src <ipv4>', 'source address of every packet (then only initiator packets are sent)')
    .option('--dst <ipv4>', 'destination address of every packet (then only initiator packets are sent)')
    .option('--dport <port>', 'TCP/UDP destination port of every packet')
    .option('--json', 'the result as one JSON document on stdout')
    .action(async (flags: SendFlags) => {
      if (!(flags.profile in PROFILES)) {
        throw chainsimError('CHAINSIM_USAGE', `send: no profile "${flags.profile}" (profiles: ${Object.keys(PROFILES).join(', ')})`);
      }
      const mbps = flags.mbps === undefined ? undefined : Number(flags.mbps);
      if (mbps !== undefined && !(mbps > 0 && Number.isFinite(mbps))) throw chainsimError('CHAINSIM_USAGE', `send: --mbps "${flags.mbps}" is not a positive rate`);
      const packetsText = flags.packets ?? flags.count;
      const result = await runSend({
        device: flags.device,
        profile: flags.profile,
        mbps,
        durationSeconds: flags.duration === undefined ? undefined : parseSeconds('send', '--duration', flags.duration),
        packets: packetsText === undefined ? undefined : whole('--packets', packetsText, 1),
        seed: whole('--seed', flags.seed, 0, 2 ** 32 - 1),
        src: address('--src', flags.src),
        dst: address('--dst', flags.dst),
        dport: flags.dport === undefined ? null : whole('--dport', flags.dport, 0, 65535),
      });
      if (flags.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        process.stdout.write(
          `Actual: ${result.packets} packets (${result.bytes} bytes) sent in ${result.seconds.toFixed(6)} seconds\n` +
            `Rated: ${result.mbps.toFixed(3)} Mbps (Ethernet frames), ${(result.seconds > 0 ? result.packets / result.seconds : 0).toFixed(2)} pps` +
            (result.fellBehindSeconds > 0 ? `; ${result.fellBehindSeconds.toFixed(3)} s behind schedule when it stopped (the sender ran late)\n` : '\n') +
            `Skipped: ${result.skipped.total} profile packets (${result.skipped.ipv6} IPv6, ${result.skipped.nonIp} not IP, ${result.skipped.replies} flow replies left out when readdressed); errors: ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}\n`,
        );
      }
      ctx.exit(0);
    });
}
