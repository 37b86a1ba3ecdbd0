/**
 * The face the packet path talks to for everything that leaves it: output captures and the
 * trace are decorators behind this interface (smoltcp's pcap writer and tracer wrap a port the
 * same way), never `if (tracing)` inside the path.
 */
import type { PacketContext } from './context.js';

/** Where packets go: captures, the trace. Decorators around the path, not flags inside it. */
export interface PacketPorts {
  /** The frame left on appliance interface `ctx.outIface` at `tNs`. */
  egress(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void;
  /** The frame crossed internal link `link` (1 or 2) with VLAN `vlan` (-1: untagged). */
  firewallLink(ctx: PacketContext, link: number, vlan: number, buf: Buffer, start: number, caplen: number, tNs: number): void;
  dropped(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void;
  /** The packet's way is complete (its trace record is final). */
  done(ctx: PacketContext): void;
  /** Whether `egress`, `firewallLink` and `dropped` need frame bytes (a waiting packet keeps a copy). */
  readonly wantsFrames: boolean;
}

/** Ports that keep nothing: the default until the driver plugs its own in. */
export const NO_PORTS: PacketPorts = {
  wantsFrames: false,
  egress() {},
  firewallLink() {},
  dropped() {},
  done() {},
};
