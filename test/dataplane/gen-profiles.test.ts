// `chainsim gen` profiles beyond imix: each deterministic per seed, valid to Wireshark with
// checksum validation on, and each with the property that makes it the profile it is.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILES, generate } from '../../dataplane/gen/index.js';
import { openCapture } from '../../dataplane/capture/index.js';
import { inspectCapture } from '../../dataplane/inspect/index.js';
import { DECODE_IP, PacketView, decodeFrame } from '../../dataplane/wire/index.js';
import { lacking } from '../support/env.js';

const NEW_PROFILES = ['usecase1', 'usecase2', 'usecase3', 'ceiling', 'synflood', 'ipv6', 'vlan'] as const;

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-gen-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gen(profile: string, seed: number, packets: number): string {
  const out = path.join(dir, `${profile}-${seed}-${packets}.pcap`);
  generate({ profile, packets, seed, out });
  return out;
}

/** Calls `visit` with each packet decoded; every packet must decode as IP. */
function eachPacket(file: string, visit: (v: PacketView, frame: Buffer, start: number) => void): void {
  const reader = openCapture(file);
  const view = new PacketView();
  try {
    for (let r = reader.next(); r !== null; r = reader.next()) {
      expect(decodeFrame(view, r.data, r.start, r.caplen, r.origlen, r.linkType)).toBe(DECODE_IP);
      visit(view, r.data, r.start);
    }
  } finally {
    reader.close();
  }
}

const ip4 = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const inPrefix = (addr: number, net: number, len: number): boolean => (addr >>> (32 - len)) === net >>> (32 - len);
const in10 = (a: number): boolean => inPrefix(a, ip4(10, 0, 0, 0), 8);
const in172 = (a: number): boolean => inPrefix(a, ip4(172, 16, 0, 0), 12);
const in192 = (a: number): boolean => inPrefix(a, ip4(192, 168, 0, 0), 16);
const isLan4 = (a: number): boolean => in10(a) || in172(a) || in192(a);
const isO365 = (a: number): boolean => inPrefix(a, ip4(52, 96, 0, 0), 14) || inPrefix(a, ip4(40, 96, 0, 0), 13);
/** 2001:db8:1::/48. */
const isLan6 = (w: Uint32Array): boolean => w[0] === 0x20010db8 && w[1] >>> 16 === 1;
const SYN_ONLY = 0x02;

describe('gen profiles', () => {
  it('lists every profile the spec names, each with a description', () => {
    for (const name of ['imix', ...NEW_PROFILES]) {
      expect(PROFILES[name]?.name).toBe(name);
      expect(PROFILES[name].description.length).toBeGreaterThan(20);
      const p = PROFILES[name];
      expect(p.tcp + p.udp + p.icmp).toBeCloseTo(1, 9);
    }
  });

  it.each(NEW_PROFILES)('%s is byte-identical for the same seed and differs for another', (profile) => {
    const a = readFileSync(gen(profile, 7, 3000));
    rmSync(path.join(dir, `${profile}-7-3000.pcap`));
    const b = readFileSync(gen(profile, 7, 3000));
    const c = readFileSync(gen(profile, 8, 3000));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('every packet of every profile has exactly one end on the LAN (usecase2: 10/8 is not LAN)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NEW_PROFILES), fc.integer({ min: 0, max: 0xffffffff }), (profile, seed) => {
        const file = gen(profile, seed, 400);
        const lan4 = profile === 'usecase2' ? (a: number) => in172(a) || in192(a) : isLan4;
        let ok = true;
        eachPacket(file, (v) => {
          const ends = v.family === 4 ? Number(lan4(v.src[0])) + Number(lan4(v.dst[0])) : Number(isLan6(v.src)) + Number(isLan6(v.dst));
          if (ends !== 1) ok = false;
        });
        rmSync(file);
        return ok;
      }),
      { numRuns: 40 },
    );
  });
});

describe('gen profiles: what each is for', () => {
  it('usecase1: LAN clients to the internet, and internet clients to 172.16.x.x:443', () => {
    let outbound = 0;
    let inbound = 0;
    eachPacket(gen('usecase1', 1, 20_000), (v) => {
      if (v.proto !== 6 || v.tcpFlags !== SYN_ONLY || v.family !== 4) return;
      if (isLan4(v.src[0])) outbound++;
      else {
        inbound++;
        expect(inPrefix(v.dst[0], ip4(172, 16, 0, 0), 16)).toBe(true);
        expect(v.dstPort).toBe(443);
      }
    });
    // ~35 % of TCP connections are inbound.
    expect(inbound / (inbound + outbound)).toBeGreaterThan(0.2);
    expect(inbound / (inbound + outbound)).toBeLessThan(0.5);
  });

  it('usecase2: a share of LAN traffic goes to the data centre in 10/8, from clients outside 10/8', () => {
    let dc = 0;
    let ipv4 = 0;
    eachPacket(gen('usecase2', 2, 20_000), (v) => {
      if (v.family !== 4) return;
      ipv4++;
      expect(in10(v.src[0]) && v.proto === 6 && v.tcpFlags === SYN_ONLY).toBe(false);
      if (in10(v.src[0]) || in10(v.dst[0])) dc++;
    });
    expect(dc / ipv4).toBeGreaterThan(0.2);
    expect(dc / ipv4).toBeLessThan(0.6);
  });

  it('usecase3: part Office 365 on tcp 443/80, part other internet', () => {
    let o365 = 0;
    let other = 0;
    const o365Ports = new Set<number>();
    eachPacket(gen('usecase3', 3, 20_000), (v) => {
      if (v.family !== 4) return;
      if (isO365(v.src[0]) || isO365(v.dst[0])) {
        expect(v.proto).toBe(6);
        const port = isO365(v.dst[0]) ? v.dstPort : v.srcPort;
        o365Ports.add(port);
      }
      if (v.proto === 6 && v.tcpFlags === SYN_ONLY && isLan4(v.src[0])) {
        if (isO365(v.dst[0])) o365++;
        else other++;
      }
    });
    expect([...o365Ports].sort((a, b) => a - b)).toEqual([80, 443]);
    expect(o365 / (o365 + other)).toBeGreaterThan(0.3);
    expect(o365 / (o365 + other)).toBeLessThan(0.7);
  });

  it('ceiling: offered well above 100 Mbit/s, mostly large frames', () => {
    const r = inspectCapture(gen('ceiling', 4, 20_000));
    expect(r.mbps).toBeGreaterThan(390);
    expect(r.mbps).toBeLessThan(410);
    // Data frames average (2·60 + 2·590 + 8·1514) / 12 ≈ 1117 bytes; handshakes pull it down a little.
    expect(r.bytes / r.packets).toBeGreaterThan(900);
    expect(r.malformed).toEqual({});
  });

  it('synflood: most TCP packets are bare SYNs from many sources to 172.16.1.10:443, plus some normal traffic', () => {
    let tcp = 0;
    let flood = 0;
    let normal = 0;
    const sources = new Set<number>();
    eachPacket(gen('synflood', 5, 20_000), (v) => {
      if (v.proto === 6) tcp++;
      if (v.proto === 6 && v.tcpFlags === SYN_ONLY && !isLan4(v.src[0])) {
        flood++;
        sources.add(v.src[0]);
        expect(v.dst[0]).toBe(ip4(172, 16, 1, 10));
        expect(v.dstPort).toBe(443);
      } else normal++;
    });
    expect(flood / tcp).toBeGreaterThan(0.75);
    expect(sources.size / flood).toBeGreaterThan(0.95);
    expect(normal).toBeGreaterThan(500);
  });

  it('ipv6: every packet is IPv6, with TCP, UDP and ICMPv6 echo', () => {
    const r = inspectCapture(gen('ipv6', 6, 20_000));
    expect(r.protocols.ipv6).toBe(r.packets);
    expect(r.protocols.tcp).toBeGreaterThan(0);
    expect(r.protocols.udp).toBeGreaterThan(0);
    expect(r.protocols.icmpv6).toBeGreaterThan(0);
    expect(r.protocols.tcp + r.protocols.udp + r.protocols.icmpv6).toBe(r.packets);
  });

  it('vlan: every packet tagged; some QinQ with 0x88a8 and some with 0x9100 outer, 0x8100 inner', () => {
    const file = gen('vlan', 7, 20_000);
    const r = inspectCapture(file);
    const outer = Object.values(r.vlans.outer).reduce((a, b) => a + b, 0);
    const inner = Object.values(r.vlans.inner).reduce((a, b) => a + b, 0);
    expect(outer).toBe(r.packets);
    expect(inner / r.packets).toBeGreaterThan(0.15);
    expect(inner / r.packets).toBeLessThan(0.6);
    const byTpid = new Map<number, number>();
    eachPacket(file, (v, frame, start) => {
      byTpid.set(v.vlanOuterTpid, (byTpid.get(v.vlanOuterTpid) ?? 0) + 1);
      // The tag after the outer one: 0x8100 when double-tagged, the IP EtherType otherwise.
      const next = frame.readUInt16BE(start + 16);
      if (v.vlanOuterTpid === 0x8100) expect(v.vlanCount).toBe(1);
      else expect(next).toBe(0x8100);
    });
    expect(byTpid.get(0x8100)! / r.packets).toBeGreaterThan(0.4);
    expect(byTpid.get(0x88a8)).toBeGreaterThan(0);
    expect(byTpid.get(0x9100)).toBeGreaterThan(0);
    expect([...byTpid.keys()].sort((a, b) => a - b)).toEqual([0x8100, 0x88a8, 0x9100]);
  });
});

const FILTER =
  '_ws.malformed || _ws.expert.severity >= warning || ip.checksum.status == "Bad" || tcp.checksum.status == "Bad" || ' +
  'udp.checksum.status == "Bad" || icmp.checksum.status == "Bad" || icmpv6.checksum.status == "Bad"';

function tsharkFindings(file: string): string {
  const res = spawnSync(
    'tshark',
    ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-Y', FILTER],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(res.status, res.stderr).toBe(0);
  return res.stdout;
}

const missing = lacking(['tshark']);

describe.skipIf(missing.length > 0)('gen profiles under tshark', () => {
  it.each(NEW_PROFILES)('%s decodes with no malformed packet, no expert warning and no bad checksum', (profile) => {
    expect(tsharkFindings(gen(profile, 11, 3000))).toBe('');
  });

  it('the filter does report a bad checksum (the check can fail)', () => {
    const file = gen('synflood', 12, 50);
    const bytes = readFileSync(file);
    // First record: 24-byte file header, 16-byte record header, 14-byte Ethernet header; the
    // IPv4 header checksum is at offset 10 of the IP header (synflood is untagged IPv4).
    bytes[24 + 16 + 14 + 10] ^= 0xff;
    const bad = path.join(dir, 'bad-checksum.pcap');
    writeFileSync(bad, bytes);
    expect(tsharkFindings(bad)).not.toBe('');
  });
});
