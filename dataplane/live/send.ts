/**
 * `chainsim send`: an IPv4 traffic source for test rigs. It sends a `gen` profile's packets
 * through a raw socket (the IP header is ours: IP_HDRINCL), bound to one device
 * (SO_BINDTODEVICE; the kernel still resolves the next hop's MAC by ARP), paced to a rate
 * against absolute deadlines from the start, so a late timer sends what is due at once and
 * the average holds. The rate counts Ethernet frame bits (IP length + 14), as `gen` does, of
 * the packets sent only: the profile's packets send leaves out (IPv6, replies) take no time.
 * --duration is wall time: a sender too slow for its rate stops then, short of the rate.
 * A late wake-up does not send what is due back to back: a sender descheduled for 20 ms on a
 * busy machine would put 20 ms of traffic on the wire at once — a burst a policer of a few ms
 * (the ceiling's default 5 ms) rightly drops, and not the stream asked for. It catches up at
 * CATCH_UP × the rate at most (after a pause, MAX_LAG of it at once); what is still behind
 * schedule at the end is `fellBehindSeconds`, and the achieved rate says so.
 *
 * raw-socket's `send` queues each request and writes one per turn of the event loop (when the
 * socket polls writable): that caps a sender at the loop's turn rate. Its native socket's
 * `send` is a plain synchronous sendto(2), so the packets due are written from the pacing loop
 * itself; a full socket buffer (EAGAIN, ENOBUFS) only defers them.
 */
import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { chainsimError } from '../../policy/index.js';
import { profileByName } from '../gen/index.js';
import { checkDeviceNames } from './devices.js';
import { isPermissionError, loadRawSocket, privilegeError, type RawSocket } from './native.js';
import { buildPacketSet, skippedFor, type SkipCounts } from './send-packets.js';

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
  /**
   * Profile packets left out on the way to the `packets` sent (IPv6, non-IP frames, and flow
   * replies when readdressed), by reason; they are not paced.
   */
  skipped: SkipCounts & { total: number };
  errors: number;
  firstError: string | null;
  /** How far behind its schedule the sender was when it stopped (a busy machine), seconds. */
  fellBehindSeconds: number;
}

/** Packets generated at most; a longer run cycles through them. */
const POOL_MAX = 100_000;
const DEFAULT_SECONDS = 10;
const ETHERNET_HEADER = 14;
/** Requests handed to the socket and not yet written, at most. */
const IN_FLIGHT_MAX = 2048;
const IPPROTO_RAW = 255;
/** Packets written in one go before the loop gets a turn (signals, timers). */
const BURST_MAX = 256;
/** A late sender catches up at this multiple of the rate at most. */
const CATCH_UP = 1.5;
/** After a pause, this much of the catch-up pace may go out at once. */
const MAX_LAG_NS = 2e6;

/** raw-socket 1.8.1's native socket: sendto(2) now; throws with strerror's text when refused. */
interface NativeSend {
  send(buffer: Buffer, offset: number, length: number, address: string, written: (bytes: number) => void): void;
}

/** A refusal that only means "not now": the socket's buffer or the device's queue is full. */
function isBackpressure(err: unknown): boolean {
  return /temporarily unavailable|EAGAIN|EWOULDBLOCK|no buffer space|ENOBUFS/i.test(String((err as Error)?.message ?? err));
}

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
    skipped: { ipv6: 0, nonIp: 0, replies: 0, total: 0 },
    errors: 0,
    firstError: null,
    fellBehindSeconds: 0,
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
  const wrap = (socket as unknown as { wrap?: Partial<NativeSend> }).wrap;
  const direct = typeof wrap?.send === 'function' ? (wrap as NativeSend) : null;
  const written = (bytes: number): void => {
    result.packets++;
    result.bytes += bytes;
    frameBits += (bytes + ETHERNET_HEADER) * 8;
  };
  /** Writes one packet now; false when the socket pushes back (the packet is still due). */
  const sendNow = (p: { bytes: Buffer; dst: string }): boolean => {
    try {
      direct!.send(p.bytes, 0, p.bytes.length, p.dst, written);
    } catch (err) {
      if (isBackpressure(err)) return false;
      result.errors++;
      result.firstError ??= (err as Error).message;
    }
    return true;
  };

  const bitsPerNs = (mbps * 1e6) / 1e9;
  const endNs = seconds * 1e9;
  const pool = set.packets;
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) * 1e6;
  let next = 0;
  let dueNs = 0;
  /** When the catch-up pace lets the next packet go. */
  let paceNs = 0;
  const catchUpBitsPerNs = bitsPerNs * CATCH_UP;
  try {
    while (next < limit && dueNs < endNs && !opts.signal?.aborted) {
      const now = elapsed();
      if (now >= endNs) break;
      if (paceNs < now - MAX_LAG_NS) paceNs = now - MAX_LAG_NS;
      const wait = Math.max(dueNs, paceNs) - now;
      if (wait > 0 || inFlight >= IN_FLIGHT_MAX) {
        await sleep(Math.max(1, wait / 1e6));
        continue;
      }
      // Everything due by now goes out (absolute deadlines: no drift), a burst at a time.
      let burst = 0;
      while (dueNs <= now && paceNs <= now && next < limit && dueNs < endNs && inFlight < IN_FLIGHT_MAX && burst < BURST_MAX) {
        const p = pool[next % pool.length];
        if (direct !== null) {
          if (!sendNow(p)) break;
        } else {
          inFlight++;
          socket.send(p.bytes, 0, p.bytes.length, p.dst, null, done);
        }
        next++;
        burst++;
        const bits = (p.bytes.length + ETHERNET_HEADER) * 8;
        dueNs += bits / bitsPerNs;
        paceNs += bits / catchUpBitsPerNs;
      }
      if (burst === 0) await sleep(1); // pushed back: the socket's buffer drains meanwhile
      else if (burst === BURST_MAX) await nextTurn();
    }
    // The socket writes what it was handed; a socket that failed never will.
    for (let waited = 0; inFlight > 0 && waited < 2000; waited++) await sleep(1);
  } finally {
    socket.close();
  }
  const skipped = skippedFor(set, next);
  result.skipped = { ...skipped, total: skipped.ipv6 + skipped.nonIp + skipped.replies };
  const stoppedNs = Math.min(elapsed(), endNs);
  // Within the catch-up allowance is on schedule (a timer's jitter).
  result.fellBehindSeconds = next < limit && stoppedNs - dueNs > MAX_LAG_NS ? Math.round((stoppedNs - dueNs) / 1e3) / 1e6 : 0;
  result.seconds = elapsed() / 1e9;
  result.mbps = result.seconds > 0 ? Math.round((frameBits / result.seconds / 1e6) * 1000) / 1000 : 0;
  return result;
}
