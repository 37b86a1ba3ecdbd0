/**
 * `chainsim send`: an IPv4 traffic source for test rigs. It sends a `gen` profile's packets
 * through a raw socket (the IP header is ours: IP_HDRINCL), bound to one device
 * (SO_BINDTODEVICE; the kernel still resolves the next hop's MAC by ARP), paced to a rate
 * against absolute deadlines from the start, so a late timer sends what is due at once and
 * the average holds. The rate counts Ethernet frame bits (IP length + 14), as `gen` does.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { chainsimError } from '../../policy/index.js';
import { profileByName } from '../gen/index.js';
import { checkDeviceNames } from './devices.js';
import { isPermissionError, loadRawSocket, privilegeError, type RawSocket } from './native.js';
import { buildPacketSet } from './send-packets.js';

export interface SendOptions {
  device: string;
  profile: string;
  /** Offered rate, Mbit/s of Ethernet frames; default: the profile's. */
  mbps?: number;
  /** Stop after this long, or after `packets`, whichever comes first (neither: 10 s). */
  durationSeconds?: number;
  packets?: number;
  seed?: number;
  src?: number | null;
  dst?: number | null;
  dport?: number | null;
  signal?: AbortSignal;
}

export interface SendResult {
  device: string;
  profile: string;
  packets: number;
  /** IP bytes sent (what the socket accepted). */
  bytes: number;
  seconds: number;
  /** Achieved Ethernet-frame rate, Mbit/s. */
  mbps: number;
  /** Profile packets not sent: not IPv4, or replies when readdressed. */
  skipped: number;
  errors: number;
  firstError: string | null;
}

/** Packets generated at most; a longer run cycles through them. */
const POOL_MAX = 100_000;
const DEFAULT_SECONDS = 10;
const ETHERNET_HEADER = 14;
/** Requests handed to the socket and not yet written, at most. */
const IN_FLIGHT_MAX = 2048;
const IPPROTO_RAW = 255;

export async function runSend(opts: SendOptions): Promise<SendResult> {
  const profile = profileByName(opts.profile);
  const mbps = opts.mbps ?? profile.defaultMbps;
  if (!(mbps > 0)) throw chainsimError('CHAINSIM_USAGE', `send: --mbps ${mbps} is not a positive rate`);
  const raw = loadRawSocket('chainsim send');
  checkDeviceNames('send', [{ device: opts.device, role: '--device' }]);
  const limit = opts.packets ?? Infinity;
  const seconds = opts.durationSeconds ?? (opts.packets === undefined ? DEFAULT_SECONDS : Infinity);
  // Enough for the run at the smallest frame (60 bytes), twice over for the replies a
  // readdressed set leaves out; a longer run cycles.
  const need = Math.min(limit, Math.ceil(((mbps * 1e6) / 8 / 60) * seconds));
  const set = buildPacketSet({
    profile: opts.profile,
    packets: Math.min(POOL_MAX, 2 * need + 100),
    seed: opts.seed ?? 1,
    src: opts.src ?? null,
    dst: opts.dst ?? null,
    dport: opts.dport ?? null,
  });
  if (set.packets.length === 0) throw chainsimError('CHAINSIM_USAGE', `send: profile ${opts.profile} has no IPv4 packets to send`);

  let socket: RawSocket;
  try {
    socket = raw.createSocket({ addressFamily: raw.AddressFamily.IPv4, protocol: IPPROTO_RAW });
    socket.setOption(raw.SocketLevel.IPPROTO_IP, raw.SocketOption.IP_HDRINCL, 1);
    socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_SNDBUF, 4 << 20);
    const bind = raw.SocketOption.SO_BINDTODEVICE;
    if (bind === undefined) throw chainsimError('CHAINSIM_NATIVE', 'send: this platform has no SO_BINDTODEVICE (Linux only)');
    const name = Buffer.from(`${opts.device}\0`);
    socket.setOption(raw.SocketLevel.SOL_SOCKET, bind, name, name.length);
  } catch (err) {
    if (isPermissionError(err)) throw privilegeError('send: opening a raw socket', err);
    throw err;
  }

  const result: SendResult = {
    device: opts.device,
    profile: opts.profile,
    packets: 0,
    bytes: 0,
    seconds: 0,
    mbps: 0,
    skipped: set.skipped,
    errors: 0,
    firstError: null,
  };
  let inFlight = 0;
  let frameBits = 0;
  const done = (error: Error | null, bytes: number): void => {
    inFlight--;
    if (error) {
      result.errors++;
      result.firstError ??= error.message;
    } else {
      result.packets++;
      result.bytes += bytes;
      frameBits += (bytes + ETHERNET_HEADER) * 8;
    }
  };
  socket.on('error', (err) => {
    result.errors++;
    result.firstError ??= err.message;
  });

  const bitsPerNs = (mbps * 1e6) / 1e9;
  const endNs = seconds * 1e9;
  const pool = set.packets;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) * 1e6;
  let next = 0;
  let dueNs = 0;
  try {
    while (next < limit && dueNs < endNs && !opts.signal?.aborted) {
      const now = elapsed();
      if (dueNs > now || inFlight >= IN_FLIGHT_MAX) {
        await sleep(Math.max(1, (dueNs - now) / 1e6));
        continue;
      }
      // Everything due by now goes out (absolute deadlines: no drift).
      while (dueNs <= now && next < limit && dueNs < endNs && inFlight < IN_FLIGHT_MAX) {
        const p = pool[next % pool.length];
        inFlight++;
        socket.send(p.bytes, 0, p.bytes.length, p.dst, null, done);
        next++;
        dueNs += ((p.bytes.length + ETHERNET_HEADER) * 8) / bitsPerNs;
      }
    }
    // The socket writes what it was handed; a socket that failed never will.
    for (let waited = 0; inFlight > 0 && waited < 2000; waited++) await sleep(1);
  } finally {
    socket.close();
  }
  result.seconds = elapsed() / 1e9;
  result.mbps = result.seconds > 0 ? Math.round((frameBits / result.seconds / 1e6) * 1000) / 1000 : 0;
  return result;
}
