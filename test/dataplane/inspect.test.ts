// `chainsim inspect` against capinfos on every public capture capinfos reads: packets, data
// size (original lengths) and duration agree; and the JSON keys SPEC.md promises are there.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCapture } from '../../dataplane/inspect/index.js';
import { lacking, publicCaptures } from '../support/env.js';

const missing = lacking(['capinfos'], { shared: true });
const BROKEN = new Set(['libpcap-bad-invalid-version-1.pcap', 'libpcap-bad-shb-option-too-long.pcapng']);
/** capinfos reads the out-of-range nanosecond field as signed; SPEC reads it unsigned. */
const SIGNED_NANO = 'tcpdump-timestamp-invalid-nano.pcap';

const files = missing.length > 0 ? [] : readdirSync(publicCaptures).filter((f) => /\.pcap(ng)?$/.test(f) && !BROKEN.has(f));

function capinfos(file: string): { packets: number; bytes: number; duration: number | null } {
  const res = spawnSync('capinfos', ['-T', '-r', '-c', '-d', '-u', '-M', file], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  const [, packets, bytes, duration] = res.stdout.trim().split('\t');
  return { packets: Number(packets), bytes: Number(bytes), duration: duration === 'n/a' ? null : Number(duration) };
}

describe.skipIf(missing.length > 0)('inspect agrees with capinfos', () => {
  it.each(files)('%s', (name) => {
    const file = path.join(publicCaptures, name);
    const ours = inspectCapture(file);
    const theirs = capinfos(file);
    expect(ours.packets).toBe(theirs.packets);
    expect(ours.bytes).toBe(theirs.bytes);
    if (theirs.duration !== null && name !== SIGNED_NANO) {
      expect(ours.durationSeconds).not.toBeNull();
      expect(Math.abs(ours.durationSeconds! - theirs.duration)).toBeLessThan(1e-6);
    }
  });
});

describe.skipIf(missing.length > 0)('inspect reports what SPEC promises', () => {
  it('has every key, with VLANs, protocols and connections of a QinQ capture counted by hand', () => {
    // zeek-q-in-q.pcap: 5 frames, all tagged 13 outside and 10 inside (tshark: vlan.id 13,10);
    // 4 are IPv4/UDP (2 BACnet, 2 SAP), the fifth is ARP.
    const r = inspectCapture(path.join(publicCaptures, 'zeek-q-in-q.pcap'));
    expect(Object.keys(r).sort()).toEqual(
      [
        'file', 'format', 'byteOrder', 'timestampResolution', 'linkTypes', 'packets', 'bytes', 'capturedBytes',
        'first', 'last', 'durationSeconds', 'mbps', 'vlans', 'protocols', 'connections', 'malformed', 'truncated', 'warnings',
      ].sort(),
    );
    expect(r.format).toBe('pcap');
    expect(r.linkTypes).toEqual(['EN10MB']);
    expect(r.vlans).toEqual({ outer: { '13': 5 }, inner: { '10': 5 } });
    expect(r.protocols.udp).toBe(4);
    expect(r.protocols.ipv4).toBe(4);
    expect(r.protocols.nonIp).toBe(1);
    expect(r.truncated).toBeNull();
  });

  it('reads the out-of-range nanosecond field unsigned, with a warning', () => {
    const r = inspectCapture(path.join(publicCaptures, SIGNED_NANO));
    expect(r.packets).toBe(3);
    expect(r.warnings.length).toBeGreaterThan(0);
  });
});
