/**
 * A generated connection and the packets it sends, in protocol order: a TCP flow opens with a
 * three-way handshake, carries data both ways with correct sequence and acknowledgement
 * numbers, and closes with FIN/ACK from both sides; a UDP flow alternates requests and
 * responses; an ICMP flow is echo request / reply pairs.
 */
import type { FrameSpec, VlanTag } from '../wire/index.js';
import type { Prng } from './prng.js';

const SYN = 0x02;
const ACK = 0x10;
const FIN = 0x01;
const PSH = 0x08;

/** Locally administered MACs: one side of the branch and its gateway. */
const CLIENT_MAC = [0x02, 0x00, 0x5e, 0x10, 0x00, 0x01] as const;
const GATEWAY_MAC = [0x02, 0x00, 0x5e, 0x10, 0x00, 0xfe] as const;

export class Flow {
  family: 4 | 6 = 4;
  proto = 6;
  readonly client = new Uint32Array(4);
  readonly server = new Uint32Array(4);
  clientPort = 0;
  serverPort = 0;
  /** The flow's VLAN tags, outermost first (one array per flow, shared by its packets). */
  tags: VlanTag[] = [];
  dscp = 0;
  clientSeq = 0;
  serverSeq = 0;
  icmpId = 0;
  /** Packets this flow will send in all, and sent so far. */
  total = 0;
  sent = 0;
  /** A bare SYN and nothing after it: one packet of a SYN flood. */
  synFlood = false;
  /** The profile's frame lengths (FCS excluded) that data packets draw from. */
  frames: readonly number[] = [];

  done(): boolean {
    return this.sent >= this.total;
  }

  /** Fills `spec` with the flow's next packet. */
  next(rng: Prng, spec: FrameSpec): void {
    const i = this.sent++;
    spec.family = this.family;
    spec.proto = this.proto;
    spec.tags = this.tags;
    spec.dscp = this.dscp;
    spec.tcpFlags = 0;
    spec.payloadByte = rng.int(0, 255);
    spec.ident = rng.int(0, 0xffff);
    if (this.proto === 6) this.nextTcp(i, rng, spec);
    else if (this.proto === 17) this.fill(spec, i % 2 === 0, framePayload(rng, this.frames, this.family, 8));
    else this.nextIcmp(i, spec);
  }

  private fill(spec: FrameSpec, fromClient: boolean, payloadLength: number): void {
    spec.src = fromClient ? this.client : this.server;
    spec.dst = fromClient ? this.server : this.client;
    spec.srcMac = fromClient ? CLIENT_MAC : GATEWAY_MAC;
    spec.dstMac = fromClient ? GATEWAY_MAC : CLIENT_MAC;
    spec.srcPort = fromClient ? this.clientPort : this.serverPort;
    spec.dstPort = fromClient ? this.serverPort : this.clientPort;
    spec.payloadLength = payloadLength;
    spec.ttl = fromClient ? 64 : 56;
  }

  private nextTcp(i: number, rng: Prng, spec: FrameSpec): void {
    const closeAt = this.total - 3;
    if (this.synFlood) {
      this.fill(spec, true, 0);
      spec.tcpFlags = SYN;
      spec.seq = rng.u32();
      spec.ack = 0;
      return;
    }
    if (i === 0) return this.tcp(spec, true, SYN, 0);
    if (i === 1) return this.tcp(spec, false, SYN | ACK, 0);
    if (i === 2) return this.tcp(spec, true, ACK, 0);
    if (i < closeAt) {
      const fromClient = rng.chance(0.4);
      return this.tcp(spec, fromClient, PSH | ACK, framePayload(rng, this.frames, this.family, 20));
    }
    if (i === closeAt) return this.tcp(spec, true, FIN | ACK, 0);
    if (i === closeAt + 1) return this.tcp(spec, false, FIN | ACK, 0);
    return this.tcp(spec, true, ACK, 0);
  }

  /** A TCP segment; SYN and FIN consume one sequence number each. */
  private tcp(spec: FrameSpec, fromClient: boolean, flags: number, payload: number): void {
    this.fill(spec, fromClient, payload);
    spec.tcpFlags = flags;
    const ownSeq = fromClient ? this.clientSeq : this.serverSeq;
    const peerSeq = fromClient ? this.serverSeq : this.clientSeq;
    spec.seq = ownSeq;
    spec.ack = flags & ACK ? peerSeq : 0;
    const advance = payload + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
    if (fromClient) this.clientSeq = (ownSeq + advance) >>> 0;
    else this.serverSeq = (ownSeq + advance) >>> 0;
  }

  private nextIcmp(i: number, spec: FrameSpec): void {
    const request = i % 2 === 0;
    this.fill(spec, request, 56);
    spec.srcPort = spec.dstPort = this.icmpId;
    spec.icmpCode = 0;
    spec.icmpSeq = (i >> 1) + 1;
    spec.icmpType = this.family === 4 ? (request ? 8 : 0) : request ? 128 : 129;
  }
}

/** Data segments carry at least this much, so that none looks like a bare (duplicate) ACK. */
const MIN_PAYLOAD = 6;

/** An L4 payload length that makes the frame one of the profile's sizes (IPv6 minimum frames grow a little). */
function framePayload(rng: Prng, frames: readonly number[], family: 4 | 6, l4Header: number): number {
  const frame = frames[rng.int(0, frames.length - 1)];
  const headers = 14 + (family === 4 ? 20 : 40) + l4Header;
  return Math.max(MIN_PAYLOAD, frame - headers);
}
