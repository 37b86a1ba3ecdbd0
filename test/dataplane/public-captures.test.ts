// The decoders against Wireshark on real captures from other projects: for every packet of
// every readable public capture, the outer VLAN id and the 5-tuple chainsim decodes equal what
// tshark dissects (defragmentation off, as chainsim never reassembles). MPLS frames are non-IP
// to chainsim (SPEC.md), so what tshark finds inside MPLS is not compared.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../dataplane/capture/index.js';
import { DECODE_IP, DECODE_MALFORMED, PacketView, decodeFrame, formatAddress } from '../../dataplane/wire/index.js';
import { lacking, publicCaptures } from '../support/env.js';

const missing = lacking(['tshark'], { shared: true });
const BROKEN = new Set(['libpcap-bad-invalid-version-1.pcap', 'libpcap-bad-shb-option-too-long.pcapng']);

interface Decoded {
  kind: 'ip' | 'non-ip' | 'malformed';
  vlan: number;
  src: string;
  dst: string;
  proto: number;
  srcPort: number;
  dstPort: number;
}

function decodeAll(file: string): Decoded[] {
  const reader = openCapture(file);
  const view = new PacketView();
  const out: Decoded[] = [];
  try {
    for (let r = reader.next(); r !== null; r = reader.next()) {
      const status = decodeFrame(view, r.data, r.start, r.caplen, r.origlen, r.linkType);
      out.push({
        kind: status === DECODE_IP ? 'ip' : status === DECODE_MALFORMED ? 'malformed' : 'non-ip',
        vlan: view.vlanOuter,
        src: status === DECODE_IP ? formatAddress(view.family, view.src) : '',
        dst: status === DECODE_IP ? formatAddress(view.family, view.dst) : '',
        proto: view.proto,
        srcPort: view.srcPort,
        dstPort: view.dstPort,
      });
    }
  } finally {
    reader.close();
  }
  return out;
}

const FIELDS = [
  'frame.protocols',
  'vlan.id',
  'ieee8021ad.id',
  'ip.src',
  'ip.dst',
  'ipv6.src',
  'ipv6.dst',
  'ip.proto',
  'ipv6.fraghdr.nxt',
  'tcp.srcport',
  'tcp.dstport',
  'udp.srcport',
  'udp.dstport',
] as const;

type Dissected = Record<(typeof FIELDS)[number], string>;

function dissect(file: string): Dissected[] {
  const args = ['-r', file, '-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE', '-T', 'fields', '-E', 'separator=|'];
  for (const f of FIELDS) args.push('-e', f);
  const res = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(res.status, res.stderr).toBe(0);
  return res.stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const cols = line.split('|');
      return Object.fromEntries(FIELDS.map((f, i) => [f, cols[i] ?? ''])) as Dissected;
    });
}

const first = (v: string): string => v.split(',')[0];

/** The outer tag as tshark saw it: the first VLAN-ish layer after the Ethernet header. */
function outerVlan(d: Dissected): number {
  // eth:ethertype:<tag>:… — a tag further in (after MPLS, say) is not the outer one.
  const tag = d['frame.protocols'].split(':')[2];
  if (tag !== 'vlan' && tag !== 'ieee8021ad') return -1;
  return Number(first(tag === 'vlan' ? d['vlan.id'] : d['ieee8021ad.id']));
}

const files = missing.length > 0 ? [] : readdirSync(publicCaptures).filter((f) => /\.pcap(ng)?$/.test(f) && !BROKEN.has(f));

describe.skipIf(missing.length > 0)('decoders agree with tshark on the public captures', () => {
  it('has captures to compare', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(files)('%s', (name) => {
    const file = path.join(publicCaptures, name);
    const ours = decodeAll(file);
    const theirs = dissect(file).filter((d) => d['frame.protocols'] !== 'data'); // pcapng custom blocks
    expect(ours.length).toBe(theirs.length);
    let compared = 0;
    for (let i = 0; i < ours.length; i++) {
      const o = ours[i];
      const t = theirs[i];
      const where = `${name} packet ${i + 1}`;
      const layers = t['frame.protocols'].split(':');
      if (layers[0] === 'eth') expect(o.vlan, `${where}: outer VLAN`).toBe(outerVlan(t));
      if (layers.includes('mpls')) {
        expect(o.kind, `${where}: MPLS is non-IP`).toBe('non-ip');
        continue;
      }
      const tIp = layers.includes('ip') || layers.includes('ipv6');
      if (o.kind === 'malformed') continue;
      expect(o.kind === 'ip', `${where}: IP or not`).toBe(tIp);
      if (!tIp) continue;
      const v4 = t['ip.src'] !== '';
      expect(o.src, `${where}: source`).toBe(first(v4 ? t['ip.src'] : t['ipv6.src']));
      expect(o.dst, `${where}: destination`).toBe(first(v4 ? t['ip.dst'] : t['ipv6.dst']));
      if (v4) expect(o.proto, `${where}: protocol`).toBe(Number(first(t['ip.proto'])));
      else if (t['ipv6.fraghdr.nxt'] !== '') expect(o.proto, `${where}: protocol`).toBe(Number(first(t['ipv6.fraghdr.nxt'])));
      // ICMP errors quote an inner packet whose ports tshark reports: compare TCP/UDP ports only.
      if (o.proto === 6 && t['tcp.srcport'] !== '') {
        expect([o.srcPort, o.dstPort], `${where}: TCP ports`).toEqual([Number(first(t['tcp.srcport'])), Number(first(t['tcp.dstport']))]);
      } else if (o.proto === 17 && t['udp.srcport'] !== '') {
        expect([o.srcPort, o.dstPort], `${where}: UDP ports`).toEqual([Number(first(t['udp.srcport'])), Number(first(t['udp.dstport']))]);
      }
      compared++;
    }
    if (ours.length > 0) expect(compared + ours.filter((o) => o.kind !== 'ip').length).toBeGreaterThan(0);
  });
});
