/**
 * The hosted firewall's health probe of live mode (SPEC: `instance.probe`): an ICMP echo
 * request to the probe address every interval, through the host's own routing (a raw socket,
 * not the data ports). A probe without a reply by the next one is a miss; three misses in a row
 * call `onDown`, and the next reply calls `onUp`.
 */
import { chainsimError } from '../../policy/index.js';
import { internetChecksum } from '../wire/index.js';
import { isPermissionError, loadRawSocket, privilegeError, type RawSocket } from './native.js';

/** Misses in a row that make the VM not processing (SPEC). */
export const PROBE_MISSES_DOWN = 3;

const ECHO_REQUEST_V4 = 8;
const ECHO_REPLY_V4 = 0;
const ECHO_REQUEST_V6 = 128;
const ECHO_REPLY_V6 = 129;
const PAYLOAD = 'chainsim probe..';

export interface ProbeOptions {
  address: string;
  intervalSeconds: number;
  onDown: () => void;
  onUp: () => void;
}

export class Prober {
  sent = 0;
  replies = 0;
  misses = 0;
  /** Whether the probes currently say the firewall is down. */
  down = false;
  private readonly socket: RawSocket;
  private readonly v6: boolean;
  private readonly id: number;
  private seq = 0;
  private answered = true;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly request = Buffer.alloc(8 + PAYLOAD.length);

  constructor(private readonly opts: ProbeOptions) {
    const raw = loadRawSocket('the hosted firewall probe (instance.probe)');
    this.v6 = opts.address.includes(':');
    this.id = (process.pid ^ (Math.random() * 0x10000)) & 0xffff;
    try {
      this.socket = raw.createSocket({
        addressFamily: this.v6 ? raw.AddressFamily.IPv6 : raw.AddressFamily.IPv4,
        protocol: this.v6 ? raw.Protocol.ICMPv6 : raw.Protocol.ICMP,
      });
    } catch (err) {
      if (isPermissionError(err)) throw privilegeError('opening the probe socket', err);
      throw chainsimError('CHAINSIM_NATIVE', `opening the probe socket: ${(err as Error).message}`);
    }
    this.socket.on('message', (buf) => this.onMessage(buf));
    // A send error (no route, host unreachable) is a miss like a lost reply.
    this.socket.on('error', () => {});
    this.request.write(PAYLOAD, 8, 'latin1');
  }

  start(): void {
    this.tick();
    // The verdict waits for the I/O phase of the loop's turn (setImmediate runs after it): a
    // reply already in the socket when the timer fires is read first, not counted a miss —
    // under load the timer phase can come before a pending reply is read.
    this.timer = setInterval(() => setImmediate(this.round), this.opts.intervalSeconds * 1000);
  }

  private readonly round = (): void => {
    if (!this.closed) this.tick();
  };

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.socket.close();
  }

  private tick(): void {
    if (!this.answered && this.sent > 0) {
      this.misses++;
      if (this.misses >= PROBE_MISSES_DOWN && !this.down) {
        this.down = true;
        this.opts.onDown();
      }
    }
    this.seq = (this.seq + 1) & 0xffff;
    this.answered = false;
    const req = this.request;
    req[0] = this.v6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4;
    req[1] = 0;
    req.writeUInt16BE(0, 2);
    req.writeUInt16BE(this.id, 4);
    req.writeUInt16BE(this.seq, 6);
    // The kernel fills in the ICMPv6 checksum (it covers a pseudo-header); ICMPv4's is ours.
    if (!this.v6) req.writeUInt16BE(internetChecksum(req, 0, req.length), 2);
    this.sent++;
    this.socket.send(req, 0, req.length, this.opts.address, null, () => {});
  }

  private onMessage(buf: Buffer): void {
    // IPv4 raw sockets deliver the IP header too; IPv6 ones do not.
    const at = this.v6 ? 0 : (buf[0] & 0x0f) * 4;
    if (buf.length < at + 8) return;
    if (buf[at] !== (this.v6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4)) return;
    if (buf.readUInt16BE(at + 4) !== this.id || buf.readUInt16BE(at + 6) !== this.seq || this.answered) return;
    this.answered = true;
    this.replies++;
    this.misses = 0;
    if (this.down) {
      this.down = false;
      this.opts.onUp();
    }
  }
}
