/**
 * One packet's way through the appliance: what each stage decided, as numbers (VPP's trace
 * record: stages always store what they decided — it costs a store — and formatting into JSON
 * lines or explain's phases happens only when asked). One context is reused for every packet;
 * a packet that waits (the ceiling's queue, the firewall's latency) takes its context along and
 * the pipeline takes a fresh one from the pool.
 */
import { asDouble, newTuple, type Tuple } from '../../policy/index.js';

export class PacketContext {
  /** 1-based input index. */
  index = 0;
  /** Arrival on the virtual clock, ns since the first packet (a double from the start:
   * policy/model/double.ts). */
  tNs = asDouble(0);
  origlen = 0;
  linkType = 0;
  /** Ingress interface index, -1 for none. */
  inIface = -1;
  /** Outer VLAN id of the captured frame, -1 untagged. */
  vlan = -1;
  /** 4/6 when IP fields are known (trace shows proto/src/dst), else 0. */
  family = 0;
  proto = 0;
  /** The packet's addresses: the tuple's own arrays (one copy per packet, shared with it). */
  readonly src: Uint32Array;
  readonly dst: Uint32Array;
  srcPort = 0;
  dstPort = 0;
  /** Connection id (0: none), direction (-1 none, 0 initiator, 1 responder). */
  flow = 0;
  dir = -1;
  /** Deciding policy entry (-1: never classified), and whether it is the default. */
  entry = -1;
  action = 0;
  /** Redirect: firewall interface (0: none), VLAN (-1 untagged), service redirection interface. */
  fwIface = 0;
  fwVlan = -1;
  sri: string | null = null;
  /** Hosted firewall: verdict code (0: not reached), rule index, zones. */
  fwVerdict = 0;
  fwRule = -1;
  fwFromZone = -1;
  fwToZone = -1;
  /** Ceiling wait in ns (-1: not reached). */
  ceilingNs = asDouble(-1);
  /** Bits on the internal link (for the ceiling and redirectMbps). */
  linkBits = 0;
  outIface = -1;
  verdict = 0;
  reason = 0;
  /** CONSUMED kind when the appliance kept the packet. */
  consumedKind = 0;

  /** The numeric tuple classified (and given to the firewall). */
  readonly tuple: Tuple;
  /** Connection table slot. */
  slot = -1;

  /** A copy of the frame, kept only while the packet waits and outputs need its bytes. */
  frame: Buffer = Buffer.alloc(0);
  frameLength = 0;
  /** Bytes of link header (and tags) before the IP header in `frame`. */
  l3Start = 0;
  vlanCount = 0;

  constructor() {
    this.tuple = newTuple();
    this.src = this.tuple.src;
    this.dst = this.tuple.dst;
  }

  reset(index: number, tNs: number, origlen: number, linkType: number): void {
    this.index = index;
    this.tNs = tNs;
    this.origlen = origlen;
    this.linkType = linkType;
    this.inIface = -1;
    this.vlan = -1;
    this.family = 0;
    this.proto = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.flow = 0;
    this.dir = -1;
    this.entry = -1;
    this.action = 0;
    this.fwIface = 0;
    this.fwVlan = -1;
    this.sri = null;
    this.fwVerdict = 0;
    this.fwRule = -1;
    this.fwFromZone = -1;
    this.fwToZone = -1;
    this.ceilingNs = -1;
    this.linkBits = 0;
    this.outIface = -1;
    this.verdict = 0;
    this.reason = 0;
    this.consumedKind = 0;
    this.slot = -1;
    this.frameLength = 0;
  }
}
