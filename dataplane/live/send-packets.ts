/**
 * The packets of `chainsim send`: a `gen` profile's frames (generated into a temporary pcap by
 * the very code of `chainsim gen`, then read back) reduced to their IPv4 packets — link layer
 * and VLAN tags stripped — optionally readdressed for a rig: `src`/`dst` replace the addresses
 * (the far host answers for itself, so only each flow's initiator packets are kept) and
 * `dport` the TCP/UDP destination port; checksums are made right again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAddress } from '../../policy/index.js';
import { openCapture } from '../capture/index.js';
import { generate } from '../gen/index.js';
import { DECODE_IP, PacketView, decodeFrame, internetChecksum, ipv4PseudoHeaderSum } from '../wire/index.js';

export interface SendPacket {
  readonly bytes: Buffer;
  /** Destination address as text (raw-socket's sendto wants it so). */
  readonly dst: string;
}

export interface PacketSetOptions {
  profile: string;
  packets: number;
  seed: number;
  /** IPv4 addresses as 32-bit numbers, or null to keep the profile's. */
  src: number | null;
  dst: number | null;
  dport: number | null;
}

/** Profile packets `send` leaves out, by reason. */
export interface SkipCounts {
  /** IPv6 packets (send is IPv4 only). */
  ipv6: number;
  /** Frames that are not IP at all. */
  nonIp: number;
  /** Reply packets of a flow, left out when readdressed (the far host answers for itself). */
  replies: number;
}

export interface PacketSet {
  packets: SendPacket[];
  /** Left out of the whole generated set. */
  skipped: SkipCounts;
  /**
   * Per kept packet i: profile packets left out before it, by reason, cumulated from the start
   * of the set — so that what a run skipped is known for the packets it really sent.
   */
  skippedBefore: { ipv6: Uint32Array; nonIp: Uint32Array; replies: Uint32Array };
}

/** What was left out of the profile up to the `sent`-th packet sent (the set cycles). */
export function skippedFor(set: PacketSet, sent: number): SkipCounts {
  const n = set.packets.length;
  if (sent <= 0 || n === 0) return { ipv6: 0, nonIp: 0, replies: 0 };
  // The last packet sent: its index in the set, after whole cycles (each skips the set's all).
  const cycles = Math.floor((sent - 1) / n);
  const last = (sent - 1) % n;
  const b = set.skippedBefore;
  const part = (total: number, before: Uint32Array): number => cycles * total + before[last];
  return { ipv6: part(set.skipped.ipv6, b.ipv6), nonIp: part(set.skipped.nonIp, b.nonIp), replies: part(set.skipped.replies, b.replies) };
}

export function ipv4Number(text: string, what: string): number {
  const a = parseAddress(text);
  if (a.family !== 4) throw new Error(`${what} ${text} is not an IPv4 address`);
  return a.words[0] >>> 0;
}

export function buildPacketSet(opts: PacketSetOptions): PacketSet {
  const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-send-'));
  const file = path.join(dir, 'profile.pcap');
  try {
    generate({ profile: opts.profile, packets: opts.packets, seed: opts.seed, out: file });
    const reader = openCapture(file);
    const view = new PacketView();
    const readdress = opts.src !== null || opts.dst !== null;
    /** Per flow key (addresses and ports, in order): seen as initiator. */
    const initiators = new Set<string>();
    const packets: SendPacket[] = [];
    const skipped: SkipCounts = { ipv6: 0, nonIp: 0, replies: 0 };
    const before: SkipCounts[] = [];
    try {
      for (let rec = reader.next(); rec !== null; rec = reader.next()) {
        if (decodeFrame(view, rec.data, rec.start, rec.caplen, rec.origlen, rec.linkType) !== DECODE_IP) {
          skipped.nonIp++;
          continue;
        }
        if (view.family !== 4) {
          skipped.ipv6++;
          continue;
        }
        // The IP packet alone: Ethernet padding after it would become payload (with IP_HDRINCL
        // the kernel sets the total length from what it is given).
        const l3 = view.l3Offset;
        const end = rec.start + rec.caplen;
        const ip = Buffer.from(rec.data.subarray(l3, Math.min(end, l3 + rec.data.readUInt16BE(l3 + 2))));
        if (readdress && !fromInitiator(ip, initiators)) {
          skipped.replies++;
          continue;
        }
        rewrite(ip, opts.src, opts.dst, opts.dport);
        packets.push({ bytes: ip, dst: dottedQuad(ip.readUInt32BE(16)) });
        before.push({ ...skipped });
      }
    } finally {
      reader.close();
    }
    const skippedBefore = {
      ipv6: Uint32Array.from(before, (b) => b.ipv6),
      nonIp: Uint32Array.from(before, (b) => b.nonIp),
      replies: Uint32Array.from(before, (b) => b.replies),
    };
    return { packets, skipped, skippedBefore };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the packet goes the way its flow's first packet went. */
function fromInitiator(ip: Buffer, initiators: Set<string>): boolean {
  const l4 = (ip[0] & 0x0f) * 4;
  const proto = ip[9];
  const ports = (proto === 6 || proto === 17) && ip.length >= l4 + 4 ? [ip.readUInt16BE(l4), ip.readUInt16BE(l4 + 2)] : [0, 0];
  const a = `${ip.readUInt32BE(12)}:${ports[0]}`;
  const b = `${ip.readUInt32BE(16)}:${ports[1]}`;
  const forward = `${proto} ${a} ${b}`;
  if (initiators.has(forward)) return true;
  if (initiators.has(`${proto} ${b} ${a}`)) return false;
  initiators.add(forward);
  return true;
}

/** Replaces addresses and destination port, then fixes the IPv4 and TCP/UDP/ICMP checksums. */
export function rewrite(ip: Buffer, src: number | null, dst: number | null, dport: number | null): void {
  const ihl = (ip[0] & 0x0f) * 4;
  const total = Math.min(ip.readUInt16BE(2), ip.length);
  const proto = ip[9];
  if (src !== null) ip.writeUInt32BE(src, 12);
  if (dst !== null) ip.writeUInt32BE(dst, 16);
  ip.writeUInt16BE(0, 10);
  ip.writeUInt16BE(internetChecksum(ip, 0, ihl), 10);
  const fragment = (ip.readUInt16BE(6) & 0x3fff) !== 0;
  const l4Length = total - ihl;
  if (fragment) return; // a fragment's L4 checksum covers the whole datagram: left as it is
  const at = proto === 6 ? ihl + 16 : proto === 17 ? ihl + 6 : -1;
  if (at < 0 || l4Length < (proto === 6 ? 20 : 8)) return;
  if (dport !== null) ip.writeUInt16BE(dport, ihl + 2);
  if (proto === 17 && ip.readUInt16BE(at) === 0) return; // UDP without checksum stays so
  ip.writeUInt16BE(0, at);
  const sum = internetChecksum(ip, ihl, l4Length, ipv4PseudoHeaderSum(ip.readUInt32BE(12), ip.readUInt32BE(16), proto, l4Length));
  ip.writeUInt16BE(proto === 17 && sum === 0 ? 0xffff : sum, at);
}

function dottedQuad(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
