/**
 * The ports of a live run: a forwarded frame leaves, unchanged, on the device of its egress
 * interface; a frame the device refuses (too long, device gone) turns from forwarded into
 * dropped `tx-error`. Non-IP frames are consumed by the pipeline; `done` notes them so that
 * the driver bridges them to the other appliance ports (SPEC: live, ARP).
 */
import { CONSUMED, DROP, VERDICT, type PacketContext, type PacketPorts, type Pipeline } from '../engine/index.js';
import type { Device } from './devices.js';

type Counters = Pipeline['counters'];

export class LivePorts implements PacketPorts {
  /** A packet that waits (ceiling queue) keeps a copy of its frame, to be sent later. */
  readonly wantsFrames = true;
  /** Whether the packet that just finished was a non-IP frame (to be bridged). */
  bridge = false;

  /** `devices[i]`: the device of appliance interface i, or null when no --port names it. */
  constructor(
    private readonly devices: readonly (Device | null)[],
    private readonly counters: Counters,
  ) {}

  egress(ctx: PacketContext, buf: Buffer, start: number, caplen: number): void {
    const device = this.devices[ctx.outIface];
    if (device !== null && device.send(buf, start, caplen)) return;
    // The pipeline counted it forwarded on its way out; the device said no.
    const c = this.counters;
    const out = ctx.outIface;
    c.forwarded--;
    c.txPackets[out]--;
    c.txBytes[out] -= ctx.origlen;
    c.dropped++;
    c.drops[DROP.txError]++;
    ctx.verdict = VERDICT.dropped;
    ctx.reason = DROP.txError;
    ctx.outIface = -1;
  }

  firewallLink(): void {}

  dropped(): void {}

  done(ctx: PacketContext): void {
    this.bridge = ctx.verdict === VERDICT.consumed && ctx.consumedKind === CONSUMED.nonIp;
  }
}
