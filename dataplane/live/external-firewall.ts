/**
 * A real virtual-wire firewall reached over two devices (`--fw-if1 D1 --fw-if2 D2`). Towards
 * it, a redirected frame loses the tags it arrived with and gains the sub-interface tag
 * (802.1Q, TPID 0x8100, right after the MAC addresses) — the frame SPEC's ceiling counts.
 * From it, a frame on D1 or D2 whose outer VLAN is a redirect VLAN (or, for an untagged
 * service redirection interface, an untagged IP frame) has the tag popped and goes back into
 * the pipeline, to its egress interface by route. Anything else there (ARP, STP) is ignored.
 */
import type { AppConfig } from '../../policy/index.js';
import { LINKTYPE } from '../wire/index.js';
import type { ExternalFirewall, Pipeline } from '../engine/index.js';
import type { Device } from './devices.js';

const TPID_8021Q = 0x8100;
const MACS = 12;
const TAG = 4;

function isTpid(type: number): boolean {
  return type === 0x8100 || type === 0x88a8 || type === 0x9100;
}

export class ExternalLink implements ExternalFirewall {
  /** Frames that came back from the firewall with a redirect VLAN, and frames ignored there. */
  returned = 0;
  ignored = 0;
  /** Index vlan + 1: 1 when frames with that VLAN (0: untagged) are redirect traffic. */
  private readonly redirectVlan = new Uint8Array(4097);
  private readonly tx = Buffer.alloc(65535 + TAG);

  constructor(
    private readonly if1: Device,
    private readonly if2: Device,
    config: AppConfig,
  ) {
    for (const vlan of redirectVlans(config)) this.redirectVlan[vlan + 1] = 1;
  }

  transmit(link: number, vlan: number, buf: Buffer, start: number, caplen: number): boolean {
    const device = link === 1 ? this.if1 : this.if2;
    const end = start + caplen;
    if (caplen < MACS + 2) return false;
    let inner = start + MACS;
    while (inner + TAG + 2 <= end && isTpid(buf.readUInt16BE(inner))) inner += TAG;
    if (vlan < 0 && inner === start + MACS) return device.send(buf, start, caplen);
    const tx = this.tx;
    if (caplen + TAG > tx.length) return false;
    buf.copy(tx, 0, start, start + MACS);
    let at = MACS;
    if (vlan >= 0) {
      tx.writeUInt16BE(TPID_8021Q, MACS);
      tx.writeUInt16BE(vlan, MACS + 2);
      at += TAG;
    }
    buf.copy(tx, at, inner, end);
    return device.send(tx, 0, at + end - inner);
  }

  /** A frame arrived on D1 or D2 (`buf[0, length)`, which this may rewrite) at `tNs`. */
  receive(pipeline: Pipeline, buf: Buffer, length: number, tNs: number): void {
    if (length < MACS + 2) return void this.ignored++;
    const type = buf.readUInt16BE(MACS);
    if (isTpid(type)) {
      if (length < MACS + TAG + 2 || this.redirectVlan[(buf.readUInt16BE(MACS + 2) & 0xfff) + 1] === 0) return void this.ignored++;
      // Pop in place: the MAC addresses move 4 bytes on, the frame starts 4 bytes later.
      buf.copyWithin(TAG, 0, MACS);
      this.returned++;
      pipeline.clock[0] = tNs;
      pipeline.advance();
      return pipeline.returnFromFirewall(buf, TAG, length - TAG, length - TAG, LINKTYPE.EN10MB);
    }
    if (this.redirectVlan[0] === 0 || (type !== 0x0800 && type !== 0x86dd)) return void this.ignored++;
    this.returned++;
    pipeline.clock[0] = tNs;
    pipeline.advance();
    pipeline.returnFromFirewall(buf, 0, length, length, LINKTYPE.EN10MB);
  }
}

/** The VLANs of the instance template's service redirection interfaces (-1: untagged). */
export function redirectVlans(config: AppConfig): number[] {
  const instance = config.hostedFirewall.instance;
  const vlans = new Set<number>();
  for (const template of config.hostedFirewall.templates) {
    if (instance !== null && template.name !== instance.template) continue;
    for (const sri of template.serviceRedirectInterfaces) vlans.add(sri.vlan ?? -1);
  }
  return [...vlans];
}
