/**
 * The hosted firewall's health probe of live mode (SPEC: `instance.probe`): an ICMP echo
 * request to the probe address every interval, through the host's own routing (a raw socket,
 * not the data ports). The verdicts (ProbeVerdicts) count a probe failed only once it went
 * out and no reply came an interval later, judged after the socket has been drained: three
 * failures in a row call `onDown`, a reply calls `onUp`.
 */
import { performance } from 'node:perf_hooks';
import { chainsimError } from '../../policy/index.js';
import { internetChecksum } from '../wire/index.js';
import { isPermissionError, loadRawSocket, privilegeError, type RawSocket } from './native.js';
import { ProbeVerdicts } from './probe-verdicts.js';

export { PROBE_MISSES_DOWN } from './probe-verdicts.js';

const ECHO_REQUEST_V4 = 8;
const ECHO_REPLY_V4 = 0;
const ECHO_REQUEST_V6 = 128;
const ECHO_REPLY_V6 = 129;
const PAYLOAD = 'chainsim probe..';
/** Messages read at most when draining the socket before a verdict. */
const DRAIN_MAX = 64;

export interface ProbeOptions {
  address: string;
  intervalSeconds: number;
  onDown: () => void;
  onUp: () => void;
}

/**
 * raw-socket 1.8.1's native socket: `recv` reads one datagram without blocking (the socket is
 * O_NONBLOCK) and throws when none is there — what its own readiness handler calls.
 */
interface NativeRecv {
  recv(buffer: Buffer, callback: (buffer: Buffer, bytes: number) => void): void;
}

export class Prober {
  private readonly verdicts: ProbeVerdicts;
  private readonly socket: RawSocket;
  private readonly native: NativeRecv | null;
  private readonly v6: boolean;
  private readonly id: number;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly request = Buffer.alloc(8 + PAYLOAD.length);
  private readonly drainBuffer = Buffer.alloc(4096);

  constructor(private readonly opts: ProbeOptions) {
    const raw = loadRawSocket('the hosted firewall probe (instance.probe)');
    this.v6 = opts.address.includes(':');
    this.id = (process.pid ^ (Math.random() * 0x10000)) & 0xffff;
    this.verdicts = new ProbeVerdicts(opts.intervalSeconds * 1000);
    try {
      this.socket = raw.createSocket({
        addressFamily: this.v6 ? raw.AddressFamily.IPv6 : raw.AddressFamily.IPv4,
        protocol: this.v6 ? raw.Protocol.ICMPv6 : raw.Protocol.ICMP,
      });
    } catch (err) {
      if (isPermissionError(err)) throw privilegeError('opening the probe socket', err);
      throw chainsimError('CHAINSIM_NATIVE', `opening the probe socket: ${(err as Error).message}`);
    }
    const wrap = (this.socket as unknown as { wrap?: Partial<NativeRecv> }).wrap;
    this.native = typeof wrap?.recv === 'function' ? (wrap as NativeRecv) : null;
    this.socket.on('message', (buf) => this.onMessage(buf, buf.length));
    // A send error (no route, host unreachable) is a failure like a lost reply: see send().
    this.socket.on('error', () => {});
    this.request.write(PAYLOAD, 8, 'latin1');
  }

  get sent(): number {
    return this.verdicts.sent;
  }

  get replies(): number {
    return this.verdicts.replies;
  }

  /** Whether the probes currently say the firewall is down. */
  get down(): boolean {
    return this.verdicts.down;
  }

  start(): void {
    this.send();
    // The verdict waits for the I/O phase of the loop's turn (setImmediate runs after it) and
    // then drains the socket itself: a reply that arrived while the loop was busy counts.
    this.timer = setInterval(() => setImmediate(this.round), this.opts.intervalSeconds * 1000);
  }

  private readonly round = (): void => {
    if (this.closed) return;
    this.drain();
    if (this.verdicts.judge(performance.now()) === 'down') this.opts.onDown();
    this.send();
  };

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.socket.close();
  }

  private send(): void {
    this.seq = (this.seq + 1) & 0xffff;
    const seq = this.seq;
    const req = this.request;
    req[0] = this.v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4;
    req[1] = 0;
    req.writeUInt16BE(0, 2);
    req.writeUInt16BE(this.id, 4);
    req.writeUInt16BE(seq, 6);
    // The kernel fills in the ICMPv6 checksum (it covers a pseudo-header); ICMPv4's is ours.
    if (!this.v6) req.writeUInt16BE(internetChecksum(req, 0, req.length), 2);
    this.verdicts.requested(seq);
    // raw-socket copies nothing: the request is written when the socket is writable, so the
    // buffer of each probe is its own (one 24-byte buffer per interval).
    const copy = Buffer.from(req);
    this.socket.send(copy, 0, copy.length, this.opts.address, null, () => this.verdicts.written(seq, performance.now()));
  }

  /** Reads what the socket holds now (raw-socket would read it on the loop's next I/O turn). */
  private drain(): void {
    if (this.native === null) return;
    const buf = this.drainBuffer;
    try {
      for (let k = 0; k < DRAIN_MAX; k++) this.native.recv(buf, (b, bytes) => this.onMessage(b, bytes));
    } catch {
      // EAGAIN: nothing more to read.
    }
  }

  private onMessage(buf: Buffer, length: number): void {
    // IPv4 raw sockets deliver the IP header too; IPv6 ones do not.
    const at = this.v6 ? 0 : (buf[0] & 0x0f) * 4;
    if (length < at + 8) return;
    if (buf[at] !== (this.v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) return;
    if (buf.readUInt16BE(at + 4) !== this.id) return;
    if (this.verdicts.reply(buf.readUInt16BE(at + 6)) === 'up') this.opts.onUp();
  }
}
