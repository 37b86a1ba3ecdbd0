/**
 * The readers against Wireshark on the public captures. capinfos (fast) on every file it reads:
 * packet count, data size (sum of original lengths), earliest and latest timestamps. tshark
 * (about a CPU-second per start) per frame on a chosen few: time, lengths, comment. Where they
 * differ on purpose it is said: SPBs (tshark shows no time; chainsim gives the clock) and pcapng
 * custom blocks (tshark lists them as frames; they are not packets).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { epoch, readAll, type Rec } from './collect.js';
import { lacking, publicCaptures } from '../../support/env.js';
import { capinfos, pool, tsharkFrames, type CapinfosRow, type TsharkFrame } from './wireshark.js';

// Skips with the missing names; under CI=true a missing need fails (test/support/env.ts).
const lack = lacking(['tshark', 'capinfos'], { shared: true });


/** Files Wireshark reads (it refuses the two libpcap-bad-* ones, as chainsim does). */
const files =
  lack.length > 0
    ? []
    : fs
        .readdirSync(publicCaptures)
        .filter((f) => /\.pcap(ng)?$/.test(f) && !f.startsWith('libpcap-bad-'))
        .sort()
        .map((f) => path.join(publicCaptures, f));

/**
 * Frame by frame with tshark (it costs a CPU-second per file): both byte orders of the
 * three-section pcapng, SPBs before and between timestamps, an SPB under a snaplen, two link
 * types, nanosecond pcap, big-endian pcap.
 */
const perFrame = [
  'pcapng-le-test202-mixed-endian.pcapng',
  'pcapng-be-test202-mixed-endian.pcapng',
  'pcapng-le-test100-mixed.pcapng',
  'pcapng-le-test012-spb-snaplen.pcapng',
  'pcapng-le-test006-two-linktypes.pcapng',
  'tcpdump-handshake-nano-sll.pcap',
  'sv-be-nfs.pcap',
]
  .map((f) => path.join(publicCaptures, f))
  .filter((f) => files.includes(f));

/** capinfos prints 6 or 9 decimals, as the packet's precision goes: make it 9. */
function nanoDigits(t: string): string {
  const [s, f = ''] = t.split('.');
  return `${s}.${f.padEnd(9, '0')}`;
}

function byTime(a: Rec, b: Rec): number {
  return a.tsSec - b.tsSec || a.tsNsec - b.tsNsec;
}

describe.skipIf(lack.length > 0)(
  `public captures against Wireshark${lack.length > 0 ? ` (skipped: missing ${lack.join(', ')})` : ''}`,
  () => {
    let counts: Map<string, CapinfosRow>;
    const frames = new Map<string, TsharkFrame[]>();

    beforeAll(async () => {
      counts = await capinfos(files);
      const all = await pool(perFrame, 2, tsharkFrames);
      perFrame.forEach((f, i) => frames.set(f, all[i]));
    }, 120_000);

    it('capinfos read every file, and tshark has a selection of them', () => {
      expect([...counts.keys()].sort()).toEqual(files);
      expect(perFrame).toHaveLength(7);
    });

    for (const file of files) {
      const name = path.basename(file);
      it(`${name}: capinfos' count, data size and time span`, () => {
        const { records } = readAll(file);
        const info = counts.get(file);
        if (info === undefined) throw new Error(`capinfos said nothing of ${name}`);
        expect(records.length).toBe(info.packets);
        expect(records.reduce((s, r) => s + r.origlen, 0)).toBe(info.dataSize);
        // 'n/a' when a packet has no time (SPB); a '.-' when a sub-second field is out of range.
        if (records.length === 0 || !/^\d+\.\d+$/.test(info.latest)) return;
        const sorted = [...records].sort(byTime);
        expect(epoch(sorted[0])).toBe(nanoDigits(info.earliest));
        expect(epoch(sorted[sorted.length - 1])).toBe(nanoDigits(info.latest));
      });
    }

    for (const file of perFrame) {
      const name = path.basename(file);
      it(`${name}: tshark's times, lengths and comments, frame by frame`, () => {
        const { records } = readAll(file);
        // A frame without an interface is a pcapng custom block: tshark shows it, it is no packet.
        const theirs = (frames.get(file) ?? []).filter((f) => !name.endsWith('.pcapng') || f.interfaceId !== '');
        expect(theirs.length).toBe(records.length);
        records.forEach((r, i) => {
          const t = theirs[i];
          const where = `${name} record ${r.index}`;
          expect(r.origlen, where).toBe(t.len);
          expect(r.caplen, where).toBe(t.capLen);
          expect(r.comment ?? '', where).toBe(t.comment);
          // tshark prints no time for an SPB, and a signed, unnormalised one for an
          // out-of-range pcap sub-second field (that file is pinned by hand elsewhere).
          if (/^\d+\.\d{9}$/.test(t.time)) expect(epoch(r), where).toBe(t.time);
        });
      });
    }
  },
);
