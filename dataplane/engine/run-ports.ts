/**
 * The ports of a run: optional capture outputs and an optional trace, behind the one
 * PacketPorts face the pipeline talks to. Without either, every call is a no-op.
 */
import type { CaptureOutputs } from './capture-outputs.js';
import type { PacketContext } from './context.js';
import type { PacketPorts } from './ports.js';
import type { TraceFormatter } from './trace.js';
import type { TraceSink } from './trace-sink.js';

export class RunPorts implements PacketPorts {
  readonly wantsFrames: boolean;
  /** Called with every finished packet (explain reads the contexts as they complete). */
  onDone: ((ctx: PacketContext) => void) | null = null;

  constructor(
    private readonly captures: CaptureOutputs | null,
    private readonly trace: { sink: TraceSink; formatter: TraceFormatter } | null,
  ) {
    this.wantsFrames = captures !== null;
  }

  egress(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void {
    if (this.captures) this.captures.egress(ctx, buf, start, caplen, tNs);
  }

  firewallLink(ctx: PacketContext, link: number, vlan: number, buf: Buffer, start: number, caplen: number, tNs: number): void {
    if (this.captures) this.captures.firewallLink(ctx, link, vlan, buf, start, caplen, tNs);
  }

  dropped(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void {
    if (this.captures) this.captures.dropped(ctx, buf, start, caplen, tNs);
  }

  done(ctx: PacketContext): void {
    // The line is encoded into the sink's buffer (no string per packet).
    if (this.trace) this.trace.sink.addPacket(ctx, this.trace.formatter);
    if (this.onDone) this.onDone(ctx);
  }
}
