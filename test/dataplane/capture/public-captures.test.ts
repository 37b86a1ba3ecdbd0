/**
 * Real captures from other projects' test suites (../shared/captures/public): every file reads
 * with the packet count its PROVENANCE.md table gives, the malformed ones are refused with a
 * clear CHAINSIM_CAPTURE error, and the pinned edge cases read as worked out by hand below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCapture } from '../../../dataplane/capture/index.js';
import { isChainsimError } from '../../../policy/index.js';
import { epoch, readAll } from './collect.js';
import { lacking, publicCaptures } from '../../support/env.js';

interface Row {
  file: string;
  /** null: the table says `-` (Wireshark refuses the file). */
  packets: number | null;
}

function provenance(): Row[] {
  const text = fs.readFileSync(path.join(publicCaptures, 'PROVENANCE.md'), 'utf8');
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+)` \|/.exec(line);
    if (m === null) continue;
    const cells = line.split('|').map((c) => c.trim());
    // | file | project | path | commit | bytes | packets | format |
    const packets = cells[6];
    rows.push({ file: m[1], packets: packets.startsWith('-') ? null : Number.parseInt(packets, 10) });
  }
  return rows;
}

// Skips with the missing names; under CI=true a missing need fails (test/support/env.ts).
const lack = lacking([], { shared: true });
const rows = lack.length === 0 ? provenance() : [];
const at = (f: string): string => path.join(publicCaptures, f);


describe.skipIf(lack.length > 0)(
  `public captures${lack.length > 0 ? ` (skipped: missing ${lack.join(', ')})` : ''}`,
  () => {
    it('the table lists every capture in the folder, and only those', () => {
      const files = fs.readdirSync(publicCaptures).filter((f) => /\.pcap(ng)?$/.test(f));
      expect(rows.map((r) => r.file).sort()).toEqual(files.sort());
      expect(rows.length).toBeGreaterThanOrEqual(38);
    });

    for (const row of rows) {
      if (row.packets === null) {
        it(`${row.file}: refused with a CHAINSIM_CAPTURE error naming the file`, () => {
          let caught: unknown = null;
          try {
            readAll(at(row.file));
          } catch (err) {
            caught = err;
          }
          expect(isChainsimError(caught)).toBe(true);
          if (!isChainsimError(caught)) return;
          expect(caught.code).toBe('CHAINSIM_CAPTURE');
          expect(caught.message.startsWith(`${at(row.file)}: `)).toBe(true);
        });
      } else {
        it(`${row.file}: ${row.packets} packets, whole`, () => {
          const { records, reader } = readAll(at(row.file));
          expect(records.length).toBe(row.packets);
          expect(reader.truncated).toBeNull();
          expect(records.map((r) => r.index)).toEqual(records.map((_, i) => i + 1));
        });
      }
    }

    it('libpcap-bad-invalid-version-1.pcap: version 1.4 is named', () => {
      expect(() => openCapture(at('libpcap-bad-invalid-version-1.pcap'))).toThrow(
        /: pcap version 1\.4 is not supported \(only 2\.x\)$/,
      );
    });

    it('libpcap-bad-shb-option-too-long.pcapng: the broken section header is named by its offset', () => {
      // Leading length 52; the bytes where the trailing length belongs are "0000" (0x30303030).
      expect(() => openCapture(at('libpcap-bad-shb-option-too-long.pcapng'))).toThrow(
        /: block at byte 0: trailing block length 808464432 disagrees with the leading one 52$/,
      );
    });

    it('tcpdump-timestamp-invalid-nano.pcap: out-of-range nanoseconds carry into the seconds, warned once', () => {
      const { records, reader } = readAll(at('tcpdump-timestamp-invalid-nano.pcap'));
      // Raw fields: 0x54872e59/0x3b9ac9ff, 0x54872e5a/0x3b9aca00 (10^9), 0x54872e5a/0x80000000.
      expect(records.map(epoch)).toEqual([
        '1418145369.999999999',
        '1418145371.000000000',
        '1418145372.147483648',
      ]);
      expect(reader.timestampResolution).toBe('nanoseconds');
      expect(reader.warnings).toHaveLength(1);
      expect(reader.warnings[0]).toMatchObject({
        code: 'capture.pcap.subsecond_out_of_range',
        record: 2,
        offset: 24 + 16 + 76,
        count: 2,
      });
      expect(reader.warnings[0].message).toContain('record 2 at byte 116');
      expect(reader.warnings[0].message).toContain('(2 records in all)');
    });

    for (const order of ['le', 'be'] as const) {
      it(`pcapng-${order}-test202-mixed-endian.pcapng: three sections, SPBs take the clock, other blocks skipped`, () => {
        const file = at(`pcapng-${order}-test202-mixed-endian.pcapng`);
        const { records, reader } = readAll(file);
        expect(reader.format).toBe('pcapng');
        expect(reader.byteOrder).toBe(order === 'le' ? 'little' : 'big');
        // Section 0: eth0, null1; section 1: one interface; section 2: eth0, null1 again.
        expect(reader.interfaces.map((i) => [i.index, i.section, i.sectionIndex, i.linkType, i.name, i.snaplen])).toEqual([
          [0, 0, 0, 1, 'eth0', 96],
          [1, 0, 1, 0, 'null1', 0],
          [2, 1, 0, 1, 'silly ethernet interface 2', 128],
          [3, 2, 0, 1, 'eth0', 96],
          [4, 2, 1, 0, 'null1', 0],
        ]);
        expect(reader.linkTypes()).toEqual([1, 0]);
        const t = '1340954905.';
        expect(records.map((r) => [epoch(r), r.interfaceIndex, r.sectionInterfaceIndex, r.caplen, r.origlen])).toEqual([
          [`${t}298858000`, 0, 0, 96, 314],
          [`${t}298858000`, 0, 0, 96, 342],
          [`${t}301858000`, 1, 1, 168, 168],
          // SPB: the previous packet's time; caplen = min(origlen 314, snaplen 128, room 128).
          [`${t}301858000`, 2, 0, 128, 314],
          [`${t}298858000`, 2, 0, 128, 342],
          [`${t}298858000`, 2, 0, 128, 314],
          [`${t}298858000`, 2, 0, 128, 342],
          [`${t}301858000`, 4, 1, 168, 168],
        ]);
        expect(records.map((r) => r.offset)).toEqual([0x1c0, 0x258, 0x2d8, 0x454, 0x4e4, 0x720, 0x7b0, 0xa94]);
        const skipped = reader.warnings.map((w) => [w.code, w.count, w.offset]);
        expect(skipped).toEqual([
          ['capture.pcapng.block_skipped', 5, 0x88],
          ['capture.pcapng.block_skipped', 1, 0xd8],
          ['capture.pcapng.block_skipped', 4, 0x240],
          ['capture.pcapng.block_skipped', 2, 0x584],
        ]);
        expect(reader.warnings[0].message).toContain('skipped 5 name resolution blocks (type 0x00000004)');
        expect(reader.warnings[3].message).toContain('skipped 2 custom blocks (type 0x40000bad)');
      });
    }

    it('pcapng-le-test010-spb.pcapng: only SPBs, no timestamp anywhere: t = 0', () => {
      const { records } = readAll(at('pcapng-le-test010-spb.pcapng'));
      expect(records.map((r) => [r.tsSec, r.tsNsec, r.caplen, r.origlen])).toEqual([
        [0, 0, 314, 314],
        [0, 0, 342, 342],
        [0, 0, 314, 314],
        [0, 0, 342, 342],
      ]);
    });

    it('pcapng-le-test012-spb-snaplen.pcapng: an SPB keeps min(origlen, snaplen, room)', () => {
      const { records } = readAll(at('pcapng-le-test012-spb-snaplen.pcapng'));
      // snaplen 315; the second SPB's block has room for 316 bytes of its 342.
      expect(records.map((r) => [r.caplen, r.origlen])).toEqual([
        [314, 314],
        [315, 342],
        [314, 314],
        [315, 342],
      ]);
    });

    it('pcapng-le-test100-mixed.pcapng: an SPB before any timestamp takes the first one in the file', () => {
      const { records, reader } = readAll(at('pcapng-le-test100-mixed.pcapng'));
      expect(records.map(epoch)).toEqual([
        '1340954905.298858000',
        '1340954905.298858000',
        '1340954905.298858000',
        '1340954905.300858000',
        '1340954905.301858000',
      ]);
      expect(reader.interfaces.map((i) => i.name)).toEqual(['eth0', 'null1', 'wifi2?']);
    });

    it('tcpdump-empty.pcapng: a section and an interface, no packets', () => {
      const { records, reader } = readAll(at('tcpdump-empty.pcapng'));
      expect(records).toEqual([]);
      expect(reader.interfaces).toHaveLength(1);
      expect(reader.linkTypes()).toEqual([1]);
      expect(reader.warnings).toEqual([]);
      expect(reader.truncated).toBeNull();
    });

    it('sv-be-nfs.pcap and tcpreplay-test-802.1ad-be.pcap: big-endian pcap', () => {
      expect(readAll(at('sv-be-nfs.pcap')).reader.byteOrder).toBe('big');
      const { records, reader } = readAll(at('tcpreplay-test-802.1ad-be.pcap'));
      expect(reader.byteOrder).toBe('big');
      expect(reader.timestampResolution).toBe('microseconds');
      // Same traffic as tcpreplay-test.pcap, retagged: same count and times.
      const plain = readAll(at('tcpreplay-test.pcap')).records;
      expect(records.map(epoch)).toEqual(plain.map(epoch));
    });

    it('link types come from the file header', () => {
      const lt = (f: string): number[] => readAll(at(f)).reader.linkTypes();
      expect(lt('sv-null-ipv6-http.pcap')).toEqual([0]);
      expect(lt('sv-sll-http.pcap')).toEqual([113]);
      expect(lt('zeek-linux-sll2.pcap')).toEqual([276]);
      expect(lt('sv-linktype-ipv4.pcap')).toEqual([228]);
      expect(lt('tcpdump-linktype-ipv6.pcap')).toEqual([229]);
      expect(lt('tcpdump-raw-ipv6.pcap')).toEqual([101]);
    });

    it('reads the same with a tiny chunk (every record straddles a refill)', () => {
      for (const row of rows) {
        if (row.packets === null) continue;
        const big = readAll(at(row.file)).records;
        const tiny = readAll(at(row.file), { chunkSize: 7 }).records;
        expect(tiny, row.file).toEqual(big);
      }
    });
  },
);
