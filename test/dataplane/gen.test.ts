// `chainsim gen --profile imix`: deterministic per seed, and valid to Wireshark with checksum
// validation on (no malformed packet, no bad checksum, no expert warning).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../dataplane/gen/index.js';
import { openCapture } from '../../dataplane/capture/index.js';
import { inspectCapture } from '../../dataplane/inspect/index.js';
import { DECODE_IP, PacketView, decodeFrame, formatEndpoint } from '../../dataplane/wire/index.js';
import { lacking } from '../support/env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gen(seed: number, packets: number, name: string): string {
  const out = path.join(dir, name);
  generate({ profile: 'imix', packets, seed, out });
  return out;
}

describe('gen imix', () => {
  it('is byte-identical for the same seed and differs for another', () => {
    const a = readFileSync(gen(7, 5000, 'a.pcap'));
    const b = readFileSync(gen(7, 5000, 'b.pcap'));
    const c = readFileSync(gen(8, 5000, 'c.pcap'));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('has the mix the profile promises: ~20 % VLAN, ~10 % IPv6, the offered rate, flows', () => {
    const r = inspectCapture(gen(3, 50_000, 'mix.pcap'));
    expect(r.packets).toBe(50_000);
    const tagged = Object.values(r.vlans.outer).reduce((a, b) => a + b, 0);
    expect(tagged / r.packets).toBeGreaterThan(0.12);
    expect(tagged / r.packets).toBeLessThan(0.32);
    expect(r.protocols.ipv6 / r.packets).toBeGreaterThan(0.05);
    expect(r.protocols.ipv6 / r.packets).toBeLessThan(0.2);
    expect(r.mbps).toBeGreaterThan(290);
    expect(r.mbps).toBeLessThan(310);
    expect(r.malformed).toEqual({});
    expect(r.protocols.tcp).toBeGreaterThan(r.protocols.udp);
  });
});

describe('gen imix TCP connections', () => {
  it('open with SYN, SYN-ACK, ACK and keep their sequence numbers in step', () => {
    const reader = openCapture(gen(5, 30_000, 'tcp.pcap'));
    const view = new PacketView();
    // Per connection: the packets seen so far and each side's next expected sequence number.
    const conns = new Map<string, { seen: number; client: string; next: Map<string, number> }>();
    let checked = 0;
    for (let r = reader.next(); r !== null; r = reader.next()) {
      expect(decodeFrame(view, r.data, r.start, r.caplen, r.origlen, r.linkType)).toBe(DECODE_IP);
      if (view.proto !== 6) continue;
      const from = formatEndpoint(view.family, view.src, view.srcPort);
      const to = formatEndpoint(view.family, view.dst, view.dstPort);
      const key = from < to ? `${from} ${to}` : `${to} ${from}`;
      let c = conns.get(key);
      if (!c) {
        expect(view.tcpFlags & 0x12, `${key}: first packet is a SYN`).toBe(0x02);
        c = { seen: 0, client: from, next: new Map() };
        conns.set(key, c);
      }
      if (c.seen === 1) {
        expect(from, `${key}: the server answers second`).not.toBe(c.client);
        expect(view.tcpFlags & 0x12).toBe(0x12);
      }
      const seq = r.data.readUInt32BE(view.l4Offset + 4);
      const expected = c.next.get(from);
      if (expected !== undefined) expect(seq, `${key}: sequence from ${from}`).toBe(expected);
      const payload = view.ipPayloadLength - ((r.data[view.l4Offset + 12] >> 4) * 4);
      const advance = payload + (view.tcpFlags & 0x02 ? 1 : 0) + (view.tcpFlags & 0x01 ? 1 : 0);
      c.next.set(from, (seq + advance) >>> 0);
      c.seen++;
      checked++;
    }
    reader.close();
    expect(checked).toBeGreaterThan(20_000);
  });
});

const missing = lacking(['tshark']);

describe.skipIf(missing.length > 0)('gen imix under tshark', () => {
  it('decodes with no malformed packet and no bad checksum', () => {
    const file = gen(11, 20_000, 'tshark.pcap');
    const res = spawnSync(
      'tshark',
      [
        '-r', file,
        '-o', 'ip.check_checksum:TRUE',
        '-o', 'tcp.check_checksum:TRUE',
        '-o', 'udp.check_checksum:TRUE',
        '-Y', '_ws.malformed || _ws.expert.severity >= warning || ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || udp.checksum.status == "Bad" || icmp.checksum.status == "Bad" || icmpv6.checksum.status == "Bad"',
      ],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('');
    // The filter must be able to match: the same run counts every packet without it.
    const all = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(all.stdout.trim().split('\n').length).toBe(20_000);
  });
});
