/**
 * `--out-dir D` (SPEC.md): what left each appliance interface (`<interface>.pcapng`, frames as
 * captured: the appliance forwards them unchanged), both directions of each internal link to the
 * hosted firewall (`fw-if1.pcapng`, `fw-if2.pcapng`: Ethernet with the sub-interface tag as on
 * the wire — a frame of another link type gets an Ethernet header with zero MACs), and
 * `dropped.pcapng` with each packet's drop reason as its comment. All are always written.
 * Timestamps are the times the frames crossed, on the capture's own clock.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chainsimError } from '../../policy/index.js';
import { PcapngWriter } from '../capture/index.js';
import { LINKTYPE } from '../wire/index.js';
import type { ApplianceTables } from './appliance.js';
import type { PacketContext } from './context.js';
import { DROP_NAME } from './reasons.js';

/** One pcapng file whose interfaces are added per link type on first use. */
class OutputFile {
  readonly writer: PcapngWriter;
  private readonly byLinkType = new Map<number, number>();
  /** The last link type asked for and its interface: nearly every packet repeats it. */
  private lastLinkType = -1;
  private lastIface = -1;

  constructor(
    file: string,
    private readonly name: string,
  ) {
    this.writer = new PcapngWriter(file, { application: 'chainsim' });
  }

  iface(linkType: number): number {
    if (linkType === this.lastLinkType) return this.lastIface;
    let i = this.byLinkType.get(linkType);
    if (i === undefined) {
      i = this.writer.addInterface({ linkType, name: this.name, tsresol: 9 });
      this.byLinkType.set(linkType, i);
    }
    this.lastLinkType = linkType;
    this.lastIface = i;
    return i;
  }
}

export class CaptureOutputs {
  private readonly interfaces: OutputFile[];
  private readonly links: OutputFile[];
  private readonly droppedFile: OutputFile;
  /** The link header firewallLink writes before the IP packet: MACs, an 802.1Q tag, type. */
  private readonly head = new Uint8Array(18);
  /** The first packet's capture time: output times are this plus the virtual clock. */
  private baseSec = 0;
  private baseNsec = 0;
  /** `time()`'s result (no object per packet). */
  private sec = 0;
  private nsec = 0;

  constructor(dir: string, tables: ApplianceTables) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw chainsimError('CHAINSIM_USAGE', `--out-dir ${dir}: cannot create it: ${(err as Error).message}`);
    }
    this.interfaces = tables.interfaceNames.map((n) => new OutputFile(path.join(dir, `${n}.pcapng`), n));
    this.links = [1, 2].map((i) => new OutputFile(path.join(dir, `fw-if${i}.pcapng`), `fw-if${i}`));
    this.droppedFile = new OutputFile(path.join(dir, 'dropped.pcapng'), 'dropped');
    // Fixed interface order (Ethernet first) whatever the traffic, so outputs are byte-stable.
    for (const f of [...this.links, this.droppedFile, ...this.interfaces]) f.iface(LINKTYPE.EN10MB);
  }

  setBase(sec: number, nsec: number): void {
    this.baseSec = sec;
    this.baseNsec = nsec;
  }

  egress(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void {
    const f = this.interfaces[ctx.outIface];
    this.write(f, f.iface(ctx.linkType), buf, start, caplen, ctx.origlen, tNs, null);
  }

  dropped(ctx: PacketContext, buf: Buffer, start: number, caplen: number, tNs: number): void {
    const f = this.droppedFile;
    this.write(f, f.iface(ctx.linkType), buf, start, caplen, ctx.origlen, tNs, DROP_NAME[ctx.reason]);
  }

  /**
   * The frame as it crosses internal link `link`: MACs (or zeros), one tag, the IP packet. The
   * new link header is built in `head` and the writer appends the captured IP bytes after it,
   * so they are copied once.
   */
  firewallLink(ctx: PacketContext, link: number, vlan: number, buf: Buffer, start: number, caplen: number, tNs: number): void {
    const head = this.head;
    if (ctx.linkType === LINKTYPE.EN10MB) {
      for (let i = 0; i < 12; i++) head[i] = buf[start + i];
    } else {
      head.fill(0, 0, 12);
    }
    let at = 12;
    if (vlan >= 0) {
      head[12] = 0x81; // 802.1Q TPID 0x8100, then the VLAN id as the whole TCI (priority 0)
      head[13] = 0x00;
      head[14] = (vlan >>> 8) & 0xff;
      head[15] = vlan & 0xff;
      at = 16;
    }
    const type = ctx.family === 6 ? 0x86dd : 0x0800;
    head[at] = type >>> 8;
    head[at + 1] = type & 0xff;
    at += 2;
    const ipCaptured = Math.max(0, caplen - ctx.l3Start);
    const f = this.links[link - 1];
    const iface = f.iface(LINKTYPE.EN10MB);
    this.time(tNs);
    f.writer.writeFramed(iface, head, at, buf, start + ctx.l3Start, ipCaptured, ctx.linkBits / 8, this.sec, this.nsec);
  }

  private write(f: OutputFile, iface: number, buf: Buffer, start: number, caplen: number, origlen: number, tNs: number, comment: string | null): void {
    this.time(tNs);
    f.writer.write(iface, buf, start, caplen, origlen, this.sec, this.nsec, comment);
  }

  /** The capture time of virtual time `tNs` into `sec` and `nsec`. */
  private time(tNs: number): void {
    const total = this.baseNsec + tNs;
    this.sec = this.baseSec + Math.floor(total / 1e9);
    this.nsec = total % 1e9;
  }

  close(): void {
    for (const f of [...this.interfaces, ...this.links, this.droppedFile]) f.writer.close();
  }
}
