// Wireshark as the outside oracle: random frames of every link type written to one pcapng,
// dissected by tshark, compared field by field with decodeFrame and the trace formatters.
// tshark also judges the emitted checksums. Fragments are left out (tshark reassembles).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECODE_IP,
  IP_PROTO,
  LINKTYPE,
  PacketView,
  decodeFrame,
  emitFrame,
  formatAddress,
  frameSpecLength,
} from '../../../dataplane/wire/index.js';
import { frameSpecArb } from './arbitraries.js';
import { lacking } from '../../support/env.js';

const hasTshark = lacking(['tshark']).length === 0;

const LINK_TYPES = [
  LINKTYPE.EN10MB,
  LINKTYPE.LINUX_SLL,
  LINKTYPE.LINUX_SLL2,
  LINKTYPE.RAW,
  LINKTYPE.IPV4,
  LINKTYPE.IPV6,
  LINKTYPE.NULL,
  LINKTYPE.LOOP,
];

function block(type: number, body: number[]): number[] {
  const padded = [...body, ...new Array((4 - (body.length % 4)) % 4).fill(0)];
  const total = padded.length + 12;
  const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
  return [...u32(type), ...u32(total), ...padded, ...u32(total)];
}

/** A little-endian pcapng: one interface per link type, one EPB per frame. */
function pcapng(frames: { iface: number; bytes: Uint8Array }[]): Uint8Array {
  const le = (n: number, size: number) => Array.from({ length: size }, (_, i) => (n / 2 ** (8 * i)) & 0xff);
  const out = [...block(0x0a0d0d0a, [...le(0x1a2b3c4d, 4), ...le(1, 2), ...le(0, 2), ...new Array(8).fill(0xff)])];
  for (const lt of LINK_TYPES) out.push(...block(1, [...le(lt, 2), 0, 0, ...le(0, 4)]));
  frames.forEach(({ iface, bytes }, i) => {
    out.push(...block(6, [...le(iface, 4), ...le(0, 4), ...le(i, 4), ...le(bytes.length, 4), ...le(bytes.length, 4), ...bytes]));
  });
  return Uint8Array.from(out);
}

const FIELDS = [
  'vlan.id',
  'ieee8021ad.id',
  'ieee8021ad.svid',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'ip.dsfield.dscp',
  'ipv6.tclass.dscp',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.flags',
  'udp.srcport',
  'udp.dstport',
  'icmp.type',
  'icmp.ident',
  'icmpv6.type',
  'icmpv6.echo.identifier',
  'ip.checksum.status',
  'tcp.checksum.status',
  'udp.checksum.status',
  'icmp.checksum.status',
  'icmpv6.checksum.status',
] as const;
type Row = Record<(typeof FIELDS)[number], string | number | null>;

function ours(v: PacketView): Partial<Row> {
  // Wireshark shows an 802.1ad (0x88a8) tag as ieee8021ad (its id is `svid` when another
  // 802.1ad tag follows), 0x8100 and 0x9100 as vlan.
  const row: Partial<Row> =
    v.vlanOuterTpid === 0x88a8 ? { 'ieee8021ad.id': v.vlanOuter } : { 'vlan.id': v.vlanOuter < 0 ? null : v.vlanOuter };
  const addr = v.family === 4 ? 'ip' : 'ipv6';
  row[`${addr}.src`] = formatAddress(v.family, v.src);
  row[`${addr}.dst`] = formatAddress(v.family, v.dst);
  row[v.family === 4 ? 'ip.dsfield.dscp' : 'ipv6.tclass.dscp'] = v.dscp;
  // Wireshark's checksum status 1 is "good".
  if (v.family === 4) row['ip.checksum.status'] = 1;
  if (v.proto === IP_PROTO.TCP) {
    row['tcp.srcport'] = v.srcPort;
    row['tcp.dstport'] = v.dstPort;
    row['tcp.flags'] = v.tcpFlags;
    row['tcp.checksum.status'] = 1;
  } else if (v.proto === IP_PROTO.UDP) {
    row['udp.srcport'] = v.srcPort;
    row['udp.dstport'] = v.dstPort;
    row['udp.checksum.status'] = 1;
  } else if (v.proto === IP_PROTO.ICMP && v.family === 4) {
    row['icmp.type'] = v.icmpType;
    row['icmp.checksum.status'] = 1;
    if (v.icmpType === 0 || v.icmpType === 8) row['icmp.ident'] = v.srcPort;
  } else if (v.proto === IP_PROTO.ICMPV6 && v.family === 6) {
    row['icmpv6.type'] = v.icmpType;
    row['icmpv6.checksum.status'] = 1;
    if (v.icmpType === 128 || v.icmpType === 129) row['icmpv6.echo.identifier'] = v.srcPort;
  }
  return row;
}

describe.skipIf(!hasTshark)(hasTshark ? 'against tshark' : 'against tshark: SKIPPED, tshark not found on PATH', () => {
  it('addresses, ports, flags, VLAN, DSCP and checksums agree on 400 random frames', () => {
    const specs = fc
      .sample(frameSpecArb, { seed: 5952, numRuns: 1200 })
      .filter((s) => !s.moreFragments && s.fragOffset === 0 && LINK_TYPES.includes(s.linkType as never))
      .slice(0, 400);
    expect(specs.length).toBe(400);
    const frames = specs.map((spec) => {
      const bytes = new Uint8Array(frameSpecLength(spec));
      emitFrame(spec, bytes, 0);
      return { iface: LINK_TYPES.indexOf(spec.linkType as never), bytes };
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-wire-'));
    try {
      const file = path.join(dir, 'frames.pcapng');
      writeFileSync(file, pcapng(frames));
      const args = ['-n', '-r', file, '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE'];
      for (const p of ['ip.check_checksum', 'tcp.check_checksum', 'udp.check_checksum']) args.push('-o', `${p}:TRUE`);
      args.push('-T', 'fields', '-E', 'occurrence=f', '-E', 'separator=/t');
      for (const f of FIELDS) args.push('-e', f);
      const run = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines.length).toBe(frames.length);
      const v = new PacketView();
      lines.forEach((line, i) => {
        const cells = line.split('\t');
        const theirs = Object.fromEntries(FIELDS.map((f, k) => [f, cells[k] ?? '']));
        theirs['ieee8021ad.id'] ||= theirs['ieee8021ad.svid'];
        const bytes = frames[i].bytes;
        expect(decodeFrame(v, bytes, 0, bytes.length, bytes.length, specs[i].linkType)).toBe(DECODE_IP);
        const want = ours(v);
        const got: Partial<Row> = {};
        // tshark prints some numbers in hex (0x0007): compare numbers as numbers.
        for (const key of Object.keys(want) as (keyof Row)[]) {
          const cell = theirs[key];
          got[key] = typeof want[key] === 'string' || cell === '' ? cell || null : Number(cell);
        }
        expect({ frame: i + 1, ...got }).toEqual({ frame: i + 1, ...want });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

