/**
 * The packets `chainsim send` takes from a gen profile: IPv4 only, link layer gone, and when
 * readdressed, every packet from --src to --dst (initiator packets only) with checksums that
 * verify. No devices needed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPacketSet, ipv4Number, rewrite, skippedFor, type PacketSet } from '../../../dataplane/live/index.js';
import { internetChecksum, ipv4PseudoHeaderSum } from '../../../dataplane/wire/index.js';

/** 0 when the IPv4 header checksum and the TCP/UDP checksum verify. */
function checksumErrors(ip: Buffer): number {
  const ihl = (ip[0] & 0x0f) * 4;
  let errors = internetChecksum(ip, 0, ihl) === 0 ? 0 : 1;
  const proto = ip[9];
  const len = ip.readUInt16BE(2) - ihl;
  if (proto === 6 || (proto === 17 && ip.readUInt16BE(ihl + 6) !== 0)) {
    const sum = internetChecksum(ip, ihl, len, ipv4PseudoHeaderSum(ip.readUInt32BE(12), ip.readUInt32BE(16), proto, len));
    if (sum !== 0) errors++;
  }
  return errors;
}

describe('send packets', () => {
  it('keeps the IPv4 packets of a profile whole, without link layer or padding', () => {
    const set = buildPacketSet({ profile: 'imix', packets: 500, seed: 3, src: null, dst: null, dport: null });
    expect(set.packets.length).toBeGreaterThan(0);
    // imix has IPv6 flows; nothing is a reply when the addresses are kept.
    expect(set.skipped.ipv6).toBeGreaterThan(0);
    expect(set.skipped.replies).toBe(0);
    // Every generated frame is either kept or skipped for one reason.
    expect(set.packets.length + set.skipped.ipv6 + set.skipped.nonIp).toBe(500);
    for (const p of set.packets) {
      expect(p.bytes[0] >> 4).toBe(4);
      expect(p.bytes.readUInt16BE(2)).toBe(p.bytes.length);
      expect(p.dst).toBe([...p.bytes.subarray(16, 20)].join('.'));
      expect(checksumErrors(p.bytes)).toBe(0);
    }
  });

  it('readdressed: every packet goes from src to dst with valid checksums, replies left out', () => {
    const src = ipv4Number('172.16.10.5', '--src');
    const dst = ipv4Number('198.51.100.10', '--dst');
    const set = buildPacketSet({ profile: 'usecase1', packets: 400, seed: 1, src, dst, dport: 9999 });
    const all = buildPacketSet({ profile: 'usecase1', packets: 400, seed: 1, src: null, dst: null, dport: null });
    // Replies are what the readdressed set leaves out beyond the non-IPv4 frames.
    expect(all.skipped.replies).toBe(0);
    expect(set.skipped.replies).toBeGreaterThan(0);
    expect(set.skipped.ipv6).toBe(all.skipped.ipv6);
    expect(set.skipped.nonIp).toBe(all.skipped.nonIp);
    expect(set.packets.length + set.skipped.replies).toBe(all.packets.length);
    expect(set.packets.length).toBeLessThan(all.packets.length);
    for (const p of set.packets) {
      expect(p.bytes.readUInt32BE(12)).toBe(src);
      expect(p.bytes.readUInt32BE(16)).toBe(dst);
      expect(p.dst).toBe('198.51.100.10');
      const ihl = (p.bytes[0] & 0x0f) * 4;
      if (p.bytes[9] === 6 || p.bytes[9] === 17) expect(p.bytes.readUInt16BE(ihl + 2)).toBe(9999);
      expect(checksumErrors(p.bytes)).toBe(0);
    }
  });

  it('what a run skipped counts only the profile packets passed on the way to those it sent (property)', () => {
    const src = ipv4Number('172.16.10.5', '--src');
    const dst = ipv4Number('198.51.100.10', '--dst');
    const set = buildPacketSet({ profile: 'imix', packets: 300, seed: 5, src, dst, dport: null });
    const n = set.packets.length;
    const total = (c: ReturnType<typeof skippedFor>): number => c.ipv6 + c.nonIp + c.replies;
    // Sending the whole set once passes every profile frame but the skipped ones after the last kept.
    expect(n + total(skippedFor(set, n))).toBeLessThanOrEqual(300);
    expect(total(skippedFor(set, 0))).toBe(0);
    fc.assert(
      fc.property(fc.nat(5 * n), fc.nat(5 * n), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const x = skippedFor(set, lo);
        const y = skippedFor(set, hi);
        // Never more than what precedes: more packets sent, no fewer skipped, per reason.
        expect(y.ipv6).toBeGreaterThanOrEqual(x.ipv6);
        expect(y.replies).toBeGreaterThanOrEqual(x.replies);
        // A full cycle more adds exactly the set's skipped frames (from the first packet on).
        if (lo === 0) return;
        const c = skippedFor(set, lo + n);
        expect(c.ipv6 - x.ipv6).toBe(set.skipped.ipv6);
        expect(c.replies - x.replies).toBe(set.skipped.replies);
        // At most every profile frame passed was skipped before the lo-th kept one.
        expect(total(x)).toBeLessThanOrEqual(Math.ceil(lo / n) * 300);
      }),
    );
  });

  it('what a run skipped, by hand on a small set', () => {
    // Kept packets k0 k1 k2 with, before each: k0 after 1 IPv6; k1 after 2 replies more; k2 after 1 IPv6 more.
    const set: PacketSet = {
      packets: [0, 1, 2].map(() => ({ bytes: Buffer.alloc(20), dst: '0.0.0.0' })),
      skipped: { ipv6: 3, nonIp: 0, replies: 2 }, // one more IPv6 after k2
      skippedBefore: { ipv6: Uint32Array.of(1, 1, 2), nonIp: Uint32Array.of(0, 0, 0), replies: Uint32Array.of(0, 2, 2) },
    };
    expect(skippedFor(set, 1)).toEqual({ ipv6: 1, nonIp: 0, replies: 0 });
    expect(skippedFor(set, 2)).toEqual({ ipv6: 1, nonIp: 0, replies: 2 });
    expect(skippedFor(set, 3)).toEqual({ ipv6: 2, nonIp: 0, replies: 2 });
    // Second cycle: the whole set's 3 + 2, then k0's 1 IPv6.
    expect(skippedFor(set, 4)).toEqual({ ipv6: 4, nonIp: 0, replies: 2 });
  });

  it('rewrite keeps UDP and TCP checksums valid for any addresses (property)', () => {
    const base = buildPacketSet({ profile: 'usecase1', packets: 60, seed: 7, src: null, dst: null, dport: null }).packets;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.nat(0xffffffff), fc.nat(0xffffffff), fc.option(fc.nat(65535)), (i, s, d, port) => {
        const ip = Buffer.from(base[i].bytes);
        rewrite(ip, s, d, port);
        expect(ip.readUInt32BE(12)).toBe(s);
        expect(ip.readUInt32BE(16)).toBe(d);
        expect(checksumErrors(ip)).toBe(0);
      }),
    );
  });
});
