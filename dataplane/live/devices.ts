/**
 * Network devices opened with libpcap (`cap`): capture (promiscuous, a large kernel buffer) and
 * transmit a frame as it is, through the same handle — which is what keeps chainsim from reading
 * its own frames back: Linux never loops a packet socket's own transmissions to that socket
 * (dev_queue_xmit_nit skips the sender). The BPF filter `inbound` would say the same, but with
 * cap 0.2.1 and libpcap 1.10 a direction filter holds each frame back until the next one
 * arrives (measured on veths: a lone ping never got through), so no filter is set.
 * Only devices named on the command line are ever opened: names are checked to exist and to be
 * named once before anything opens.
 *
 * cap 0.2.1 gives no capture statistics (no pcap_stats), so frames the kernel received on a
 * device but chainsim never read (the capture ring was full) are found from the device's own
 * receive counter (/proc/net/dev, the namespace of this process): its growth while the device
 * was open minus the frames read. Without a filter every received frame reaches the ring, so
 * the difference is what the ring dropped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { chainsimError } from '../../policy/index.js';
import { isPermissionError, loadCap, privilegeError, requireNetRaw, type CapHandle } from './native.js';

/**
 * Default kernel capture buffer per device: 16 MB drops frames at full rate, 256 MB none
 * (STACK.md). libpcap sizes the ring's slots for the device's MTU when its offloads (GRO, GSO,
 * TSO) are off, for 64 KiB frames when any is on: then 256 MB holds only ~2,000 frames.
 */
export const DEFAULT_BUFFER_BYTES = 256 * 1024 * 1024;
/** Every frame: see the header for why not `inbound`. */
const CAPTURE_FILTER = '';
/** The largest frame a device hands over (cap's snap length). */
const SNAPLEN = 65535;

/** A frame arrived: bytes in `buf[0, length)` (valid only during the call), at `tNs`. */
export type FrameHandler = (buf: Buffer, length: number) => void;

/** Handles whose open failed: never collected (see the constructor). */
const FAILED_HANDLES: unknown[] = [];

export class Device {
  readonly name: string;
  /** Frames transmitted and refused. */
  sent = 0;
  refused = 0;
  lastError: string | null = null;
  /** Frames read from the capture (all of them, also those the run ignores while stopping). */
  received = 0;
  private readonly cap: CapHandle;
  /** The device's kernel receive counter once the capture was open; null: not readable. */
  private readonly rxAtOpen: number | null;
  /** The capture buffer: cap copies each frame here before it emits. */
  readonly rx = Buffer.alloc(SNAPLEN);
  /** Where a frame not at offset 0 is copied for transmission (cap sends from offset 0). */
  private readonly tx = Buffer.alloc(SNAPLEN + 8);

  constructor(name: string, bufferBytes: number, purpose: string) {
    this.name = name;
    const { Cap } = loadCap(purpose);
    requireNetRaw(`opening device ${name}`);
    this.cap = new Cap();
    let linkType: string;
    try {
      linkType = this.cap.open(name, CAPTURE_FILTER, bufferBytes, this.rx);
    } catch (err) {
      // cap 0.2.1 aborts the process when it collects a handle whose open failed
      // (uv_poll_stop on a closing handle): keep such handles alive for the process's life.
      FAILED_HANDLES.push(this.cap);
      if (isPermissionError(err)) throw privilegeError(`opening device ${name}`, err);
      throw chainsimError('CHAINSIM_NATIVE', `opening device ${name}: ${(err as Error).message}`);
    }
    if (linkType !== 'ETHERNET') {
      this.cap.close();
      throw chainsimError('CHAINSIM_USAGE', `device ${name} has link type ${linkType}; live mode needs Ethernet devices`);
    }
    // After the open: a frame counted before it could never be read. (Frames arriving between
    // the open and this read are read but not in the growth: an error towards fewer drops.)
    this.rxAtOpen = kernelRxPackets(name);
  }

  /** The device's kernel receive counter now (null: not readable). */
  kernelRx(): number | null {
    return kernelRxPackets(this.name);
  }

  /**
   * Frames the kernel had received on this device between the capture's open and `rxMark` (a
   * kernelRx() taken at the end) that chainsim did not read: ring overflow. Call once every
   * frame received by the mark has been read (frames read after it make the count lower, never
   * higher); null where the counter is not readable.
   */
  captureDropsAt(rxMark: number | null): number | null {
    if (rxMark === null || this.rxAtOpen === null) return null;
    return Math.max(0, rxMark - this.rxAtOpen - this.received);
  }

  /** Calls `handler` with every frame that arrives (not those this process sends). */
  onFrame(handler: FrameHandler): void {
    const rx = this.rx;
    this.cap.on('packet', (nbytes) => {
      this.received++;
      handler(rx, nbytes);
    });
  }

  /** Transmits buf[start, start + length) unchanged; false (and counted) when refused. */
  send(buf: Buffer, start: number, length: number): boolean {
    let out = buf;
    if (start !== 0) {
      if (length > this.tx.length) return this.refuse(`frame of ${length} bytes is too long`);
      buf.copy(this.tx, 0, start, start + length);
      out = this.tx;
    }
    try {
      this.cap.send(out, length);
    } catch (err) {
      return this.refuse((err as Error).message);
    }
    this.sent++;
    return true;
  }

  close(): void {
    this.cap.close();
  }

  private refuse(why: string): false {
    this.refused++;
    this.lastError = why;
    return false;
  }
}

/**
 * Checks the devices of a command line before any is opened: each must exist (Linux: under
 * /sys/class/net) and be named once, whatever role it has.
 */
export function checkDeviceNames(command: string, named: readonly { device: string; role: string }[]): void {
  const seen = new Map<string, string>();
  for (const { device, role } of named) {
    const before = seen.get(device);
    if (before !== undefined) {
      throw chainsimError('CHAINSIM_USAGE', `${command}: device ${device} is named twice (${before} and ${role}); each port and firewall link needs its own device`);
    }
    seen.set(device, role);
    if (!/^[^/\s]{1,15}$/.test(device) || (process.platform === 'linux' && !existsSync(`/sys/class/net/${device}`))) {
      throw chainsimError('CHAINSIM_USAGE', `${command}: ${role}: no network device ${JSON.stringify(device)} on this host (ip link lists them)`);
    }
  }
}

/** The device's received-packets counter from /proc/net/dev (this process's namespace). */
export function kernelRxPackets(device: string, text?: string): number | null {
  let table = text;
  if (table === undefined) {
    try {
      table = readFileSync('/proc/net/dev', 'utf8');
    } catch {
      return null;
    }
  }
  for (const line of table.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim() !== device) continue;
    // Receive: bytes packets errs drop fifo frame compressed multicast | Transmit: ...
    const packets = Number(line.slice(colon + 1).trim().split(/\s+/)[1]);
    return Number.isFinite(packets) ? packets : null;
  }
  return null;
}
