/**
 * The packets `chainsim send` takes from a gen profile: IPv4 only, link layer gone, and when
 * readdressed, every packet from --src to --dst (initiator packets only) with checksums that
 * verify. No devices needed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPacketSet, ipv4Number, rewrite } from '../../../dataplane/live/index.js';
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
    expect(set.skipped).toBeGreaterThan(0); // imix has IPv6 flows
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
    expect(set.packets.length + set.skipped).toBe(all.packets.length + all.skipped);
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
