/**
 * The writers' bytes against the hand builders (so a writer and the reader cannot agree on a
 * shared mistake), snaplen cutting, buffer flushing, and misuse.
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter, PcapngWriter } from '../../../dataplane/capture/index.js';
import { isChainsimError } from '../../../policy/index.js';
import { epb, frame, idb, option, pcapHeader, pcapRecord, removeTmp, shb, tmpPath } from './build.js';
import { epoch, readAll } from './collect.js';

afterAll(removeTmp);

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isChainsimError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('no error');
}

describe('PcapWriter', () => {
  for (const byteOrder of ['little', 'big'] as const) {
    for (const resolution of ['us', 'ns'] as const) {
      it(`writes libpcap's layout (${byteOrder}, ${resolution})`, () => {
        const f = tmpPath('w.pcap');
        const w = new PcapWriter(f, { linkType: 228, snaplen: 1000, resolution, byteOrder });
        w.write(frame(70, 3), 5, 60, 64, 1700000000, 123456789);
        w.write(frame(20, 4), 0, 20, 20, 0, 999);
        w.close();
        const le = byteOrder === 'little';
        const nano = resolution === 'ns';
        expect(fs.readFileSync(f)).toEqual(
          Buffer.concat([
            pcapHeader({ le, nano, snaplen: 1000, linkType: 228 }),
            pcapRecord({ le, sec: 1700000000, frac: nano ? 123456789 : 123456, data: frame(70, 3).subarray(5, 65), origlen: 64 }),
            pcapRecord({ le, sec: 0, frac: nano ? 999 : 0, data: frame(20, 4) }),
          ]),
        );
        expect(w.records).toBe(2);
      });
    }
  }

  it('cuts frames to the snaplen, keeping their original length', () => {
    const f = tmpPath('snap.pcap');
    const w = new PcapWriter(f, { linkType: 1, snaplen: 64 });
    w.write(frame(1500), 0, 1500, 1500, 1, 0);
    w.close();
    expect(readAll(f).records.map((r) => [r.caplen, r.origlen])).toEqual([[64, 1500]]);
  });

  it('flushes a small buffer as it fills, and takes a record larger than the buffer', () => {
    const f = tmpPath('flush.pcap');
    const w = new PcapWriter(f, { linkType: 1, bufferSize: 100 });
    const sizes = [10, 90, 300, 1, 84, 2000, 0];
    sizes.forEach((n, i) => w.write(frame(n, i), 0, n, n, i, i * 1000));
    w.close();
    const { records } = readAll(f);
    expect(records.map((r) => r.caplen)).toEqual(sizes);
    records.forEach((r, i) => expect(r.frame).toEqual(frame(sizes[i], i)));
  });

  it('refuses what pcap cannot hold, and misuse', () => {
    const f = tmpPath('bad.pcap');
    const w = new PcapWriter(f, { linkType: 1 });
    expect(errorOf(() => w.write(frame(4), 0, 4, 4, 2 ** 32, 0))).toEqual({
      code: 'CHAINSIM_CAPTURE',
      message: `${f}: record 1: timestamp 4294967296.0 s or length 4 does not fit a pcap record`,
    });
    expect(errorOf(() => w.write(frame(4), 0, 4, 4, -1, 0)).code).toBe('CHAINSIM_CAPTURE');
    expect(errorOf(() => w.write(frame(4), 0, 4, 4, 1, 1e9)).code).toBe('CHAINSIM_CAPTURE');
    expect(errorOf(() => w.write(frame(4), 2, 4, 4, 1, 0))).toEqual({
      code: 'CHAINSIM_INTERNAL',
      message: `${f}: frame [2, 6) is outside its buffer of 4 bytes`,
    });
    w.close();
    expect(errorOf(() => w.write(frame(4), 0, 4, 4, 1, 0)).message).toBe(`${f}: write after close`);
    w.close();
    expect(readAll(f).records).toEqual([]);
    expect(errorOf(() => new PcapWriter(tmpPath('no/such/dir.pcap'), { linkType: 1 })).message).toMatch(
      /: cannot write: ENOENT: no such file or directory$/,
    );
  });
});

describe('PcapngWriter', () => {
  for (const byteOrder of ['little', 'big'] as const) {
    it(`writes SHB, IDBs and EPBs as the format says (${byteOrder})`, () => {
      const le = byteOrder === 'little';
      const f = tmpPath('w.pcapng');
      const w = new PcapngWriter(f, { byteOrder, application: 'chainsim' });
      expect(w.addInterface({ linkType: 1, name: 'LAN-1' })).toBe(0);
      expect(w.addInterface({ linkType: 101, snaplen: 0, tsresol: 9 })).toBe(1);
      w.write(1, frame(33, 1), 0, 33, 40, 1700000000, 123456789, 'fw-deny');
      w.write(0, frame(8, 2), 0, 8, 8, 1700000000, 123456789);
      w.close();
      const end = Buffer.alloc(4);
      expect(fs.readFileSync(f)).toEqual(
        Buffer.concat([
          shb({ le, options: [option(4, 'chainsim', le), end] }),
          idb({ le, linkType: 1, snaplen: 262144, name: 'LAN-1', tsresol: 6 }),
          idb({ le, linkType: 101, snaplen: 0, tsresol: 9 }),
          epb({ le, ifid: 1, ts: 1700000000123456789n, data: frame(33, 1), origlen: 40, comments: ['fw-deny'] }),
          epb({ le, ifid: 0, ts: 1700000000123456n, data: frame(8, 2) }),
        ]),
      );
    });
  }

  it('cuts to the interface snaplen; comments in UTF-8 read back', () => {
    const f = tmpPath('snap.pcapng');
    const w = new PcapngWriter(f, { bufferSize: 64 });
    const a = w.addInterface({ linkType: 1, snaplen: 100 });
    w.write(a, frame(300), 0, 300, 300, 5, 6000, 'drop: ünïcode ✓');
    const b = w.addInterface({ linkType: 1, name: 'late' });
    w.write(b, frame(300), 0, 300, 300, 7, 0, '');
    w.close();
    const { records, reader } = readAll(f);
    expect(records.map((r) => [r.caplen, r.origlen, epoch(r), r.comment, r.interfaceName])).toEqual([
      [100, 300, '5.000006000', 'drop: ünïcode ✓', null],
      [300, 300, '7.000000000', '', 'late'],
    ]);
    expect(reader.interfaces.map((i) => i.snaplen)).toEqual([100, 262144]);
  });

  it('refuses unknown interfaces, unrepresentable times, huge comments, and misuse', () => {
    const f = tmpPath('bad.pcapng');
    const w = new PcapngWriter(f);
    expect(errorOf(() => w.write(0, frame(4), 0, 4, 4, 1, 0)).message).toBe(`${f}: interface 0 was never added`);
    const i = w.addInterface({ linkType: 1, tsresol: 9 });
    // 2^64 ns is 18446744073.709551616 s.
    expect(errorOf(() => w.write(i, frame(4), 0, 4, 4, 18446744074, 0)).code).toBe('CHAINSIM_CAPTURE');
    w.write(i, frame(4), 0, 4, 4, 18446744073, 709551615);
    expect(errorOf(() => w.write(i, frame(4), 0, 4, 4, 1, 0, 'x'.repeat(65536)))).toEqual({
      code: 'CHAINSIM_CAPTURE',
      message: `${f}: record 2: comment of 65536 bytes is longer than an option can be (65535)`,
    });
    expect(errorOf(() => w.addInterface({ linkType: 70000 })).code).toBe('CHAINSIM_INTERNAL');
    w.close();
    expect(errorOf(() => w.addInterface({ linkType: 1 })).code).toBe('CHAINSIM_INTERNAL');
    expect(readAll(f).records.map(epoch)).toEqual(['18446744073.709551615']);
  });
});
