// Captures chainsim writes are read back by tshark with the same 5-tuples, outer VLANs and
// timestamps as the frames that went in: classic pcap (µs and ns, both byte orders) and pcapng.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter, PcapngWriter } from '../../dataplane/capture/index.js';
import { emitFrame, formatAddress, newFrameSpec, type FrameSpec } from '../../dataplane/wire/index.js';
import { lacking } from '../support/env.js';

const missing = lacking(['tshark']);
const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sent {
  frame: Buffer;
  spec: FrameSpec;
  sec: number;
  nsec: number;
}

const u32 = fc.nat({ max: 0xffffffff });
const sentArb = fc.array(
  fc.record({
    family: fc.constantFrom(4, 6),
    src: fc.tuple(u32, u32, u32, u32),
    dst: fc.tuple(u32, u32, u32, u32),
    proto: fc.constantFrom(6, 17),
    srcPort: fc.integer({ min: 1, max: 65535 }),
    dstPort: fc.integer({ min: 1, max: 65535 }),
    // An S-tag (802.1ad) or C-tag outside, a C-tag inside: the stacks tshark dissects field by field.
    tags: fc.oneof(
      fc.constant([]),
      fc.tuple(fc.constantFrom(0x8100, 0x88a8), fc.integer({ min: 1, max: 4094 })).map(([tpid, tci]) => [{ tpid, tci }]),
      fc.tuple(fc.constantFrom(0x8100, 0x88a8), fc.integer({ min: 1, max: 4094 }), fc.integer({ min: 1, max: 4094 })).map(([tpid, a, b]) => [
        { tpid, tci: a },
        { tpid: 0x8100, tci: b },
      ]),
    ),
    payloadLength: fc.nat({ max: 200 }),
    dsec: fc.nat({ max: 1000 }),
    nsec: fc.nat({ max: 999_999_999 }),
  }),
  { minLength: 1, maxLength: 60 },
);

function build(samples: typeof sentArb extends fc.Arbitrary<infer T> ? T : never): Sent[] {
  return samples.map((s, i) => {
    const spec = { ...newFrameSpec(), ...s, tcpFlags: 0x10 };
    // Public addresses only: tshark labels nothing, and IPv4 keeps word 0.
    if (spec.family === 4) spec.src = [s.src[0] | 0x01000000, 0, 0, 0];
    if (spec.family === 4) spec.dst = [s.dst[0] | 0x01000000, 0, 0, 0];
    const buf = Buffer.alloc(1024);
    const len = emitFrame(spec, buf, 0);
    return { frame: Buffer.from(buf.subarray(0, len)), spec, sec: 1_700_000_000 + s.dsec + i, nsec: s.nsec };
  });
}

function dissect(file: string): string[][] {
  const fields = ['frame.time_epoch', 'frame.protocols', 'vlan.id', 'ieee8021ad.id', 'ip.src', 'ip.dst', 'ipv6.src', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport'];
  const args = ['-r', file, '-t', 'e', '-T', 'fields', '-E', 'separator=|'];
  for (const f of fields) args.push('-e', f);
  const res = spawnSync('tshark', args, { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  return res.stdout.split('\n').filter(Boolean).map((l) => l.split('|'));
}

function expectSame(sent: Sent[], rows: string[][], nanos: boolean): void {
  expect(rows.length).toBe(sent.length);
  rows.forEach((r, i) => {
    const s = sent[i];
    const [time, protocols, vlan, qinq, ip4s, ip4d, ip6s, ip6d, ts, td, us, ud] = r;
    const frac = nanos ? String(s.nsec).padStart(9, '0') : String(Math.floor(s.nsec / 1000)).padStart(6, '0');
    expect(time.startsWith(`${s.sec}.${frac}`), `record ${i + 1} time ${time}`).toBe(true);
    const tagLayer = protocols.split(':')[2];
    const outer = tagLayer === 'ieee8021ad' ? Number(qinq.split(',')[0]) : tagLayer === 'vlan' ? Number(vlan.split(',')[0]) : -1;
    expect(outer, `record ${i + 1} outer VLAN (${protocols} vlan=${vlan} qinq=${qinq} tags=${JSON.stringify(s.spec.tags)})`).toBe(s.spec.tags.length > 0 ? s.spec.tags[0].tci & 0xfff : -1);
    expect(s.spec.family === 4 ? ip4s : ip6s).toBe(formatAddress(s.spec.family, Uint32Array.from(s.spec.src)));
    expect(s.spec.family === 4 ? ip4d : ip6d).toBe(formatAddress(s.spec.family, Uint32Array.from(s.spec.dst)));
    expect(s.spec.proto === 6 ? [ts, td] : [us, ud]).toEqual([String(s.spec.srcPort), String(s.spec.dstPort)]);
  });
}

describe.skipIf(missing.length > 0)('captures written by chainsim, read by tshark', () => {
  it('classic pcap: same 5-tuples, outer VLANs and timestamps (µs and ns, both byte orders)', () => {
    // Sampled, not shrunk: each case costs a tshark start.
    const cases = fc.sample(fc.tuple(sentArb, fc.constantFrom('us' as const, 'ns' as const), fc.constantFrom('little' as const, 'big' as const)), { numRuns: 6, seed: 42 });
    for (const [samples, resolution, byteOrder] of cases) {
      {
        const sent = build(samples);
        const file = path.join(dir, `w-${resolution}-${byteOrder}.pcap`);
        const w = new PcapWriter(file, { linkType: 1, resolution, byteOrder });
        for (const s of sent) w.write(s.frame, 0, s.frame.length, s.frame.length, s.sec, resolution === 'us' ? s.nsec - (s.nsec % 1000) : s.nsec);
        w.close();
        expectSame(sent, dissect(file), resolution === 'ns');
      }
    }
  });

  it('pcapng: same 5-tuples, outer VLANs and timestamps, with comments', () => {
    const cases = fc.sample(fc.tuple(sentArb, fc.constantFrom('little' as const, 'big' as const)), { numRuns: 6, seed: 43 });
    for (const [samples, byteOrder] of cases) {
      {
        const sent = build(samples);
        const file = path.join(dir, `w-${byteOrder}.pcapng`);
        const w = new PcapngWriter(file, { byteOrder });
        const a = w.addInterface({ linkType: 1, name: 'LAN-1', tsresol: 9 });
        const b = w.addInterface({ linkType: 1, name: 'WAN-1', tsresol: 9 });
        sent.forEach((s, i) => w.write(i % 2 === 0 ? a : b, s.frame, 0, s.frame.length, s.frame.length, s.sec, s.nsec, i % 3 === 0 ? 'fw-deny' : null));
        w.close();
        expectSame(sent, dissect(file), true);
      }
    }
  });
});
