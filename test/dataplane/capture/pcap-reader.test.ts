/**
 * Classic pcap reading on files built byte by byte: both magics in both byte orders, the header
 * checks, timestamps, length limits, truncation, and the errors' wording.
 */
import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { openCapture } from '../../../dataplane/capture/index.js';
import { isChainsimError } from '../../../policy/index.js';
import { frame, pcapHeader, pcapRecord, removeTmp, tmpPath, writeTmp } from './build.js';
import { epoch, readAll } from './collect.js';

afterAll(removeTmp);

function captureError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_CAPTURE') return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('pcap header', () => {
  for (const le of [true, false]) {
    for (const nano of [false, true]) {
      it(`${le ? 'little' : 'big'}-endian ${nano ? 'nanosecond' : 'microsecond'} magic`, () => {
        const f = writeTmp(
          'a.pcap',
          pcapHeader({ le, nano, snaplen: 1500, linkType: 113 }),
          pcapRecord({ le, sec: 1700000000, frac: 123456, data: frame(60, 1), origlen: 74 }),
          pcapRecord({ le, sec: 1700000001, frac: 7, data: frame(42, 2) }),
        );
        const { records, reader } = readAll(f);
        expect(reader.format).toBe('pcap');
        expect(reader.byteOrder).toBe(le ? 'little' : 'big');
        expect(reader.timestampResolution).toBe(nano ? 'nanoseconds' : 'microseconds');
        expect(reader.linkTypes()).toEqual([113]);
        expect(reader.interfaces).toEqual([
          { index: 0, section: 0, sectionIndex: 0, linkType: 113, name: null, snaplen: 1500, tsresol: nano ? 9 : 6, tsoffset: 0 },
        ]);
        expect(records.map((r) => [r.index, r.offset, r.caplen, r.origlen, epoch(r), r.linkType, r.interfaceIndex])).toEqual([
          [1, 24, 60, 74, nano ? '1700000000.000123456' : '1700000000.123456000', 113, 0],
          [2, 24 + 16 + 60, 42, 42, nano ? '1700000001.000000007' : '1700000001.000007000', 113, 0],
        ]);
        expect(records[0].frame).toEqual(frame(60, 1));
        expect(records[1].frame).toEqual(frame(42, 2));
        expect(reader.warnings).toEqual([]);
      });
    }
  }

  it('accepts any 2.x minor version, refuses other majors', () => {
    expect(readAll(writeTmp('v.pcap', pcapHeader({ minor: 2 }))).records).toEqual([]);
    const f = writeTmp('v3.pcap', pcapHeader({ major: 3, minor: 0 }));
    expect(captureError(() => openCapture(f))).toBe(`${f}: pcap version 3.0 is not supported (only 2.x)`);
  });

  it('masks the FCS bits off the link type', () => {
    // LT_FCS_LENGTH_PRESENT (bit 26) with an FCS length of 4 (bits 28-31) over Ethernet.
    const f = writeTmp('fcs.pcap', pcapHeader({ linkType: 0x44000001 }));
    expect(readAll(f).reader.linkTypes()).toEqual([1]);
  });

  it('a header cut short, an empty file, a bad magic: errors naming the file', () => {
    const full = pcapHeader();
    const cut = writeTmp('cut.pcap', full.subarray(0, 20));
    expect(captureError(() => openCapture(cut))).toBe(`${cut}: pcap file header truncated (20 of 24 bytes)`);
    const empty = writeTmp('empty.pcap');
    expect(captureError(() => openCapture(empty))).toBe(`${empty}: empty file: not a pcap or pcapng capture`);
    const three = writeTmp('three.pcap', full.subarray(0, 3));
    expect(captureError(() => openCapture(three))).toBe(`${three}: file of 3 bytes: not a pcap or pcapng capture`);
    const text = writeTmp('text.pcap', Buffer.from('hello, world\n'));
    expect(captureError(() => openCapture(text))).toBe(`${text}: bad magic 0x68656c6c: not a pcap or pcapng capture`);
  });

  it('a missing file or a folder: CHAINSIM_CAPTURE, not a Node error', () => {
    const gone = tmpPath('gone.pcap');
    expect(captureError(() => openCapture(gone))).toMatch(/: cannot open: ENOENT: no such file or directory$/);
    const folder = tmpPath('folder');
    fs.mkdirSync(folder);
    expect(captureError(() => openCapture(folder))).toBe(`${folder}: cannot open: is a directory`);
  });
});

describe('pcap records', () => {
  it('hands out one reused record object, its frame inside the chunk', () => {
    const f = writeTmp('reuse.pcap', pcapHeader(), pcapRecord({ data: frame(10) }), pcapRecord({ data: frame(11) }));
    const reader = openCapture(f);
    const a = reader.next();
    const b = reader.next();
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(b?.data.subarray(b.start, b.start + b.caplen)).toEqual(frame(11));
    expect(reader.next()).toBeNull();
    expect(reader.next()).toBeNull();
    reader.close();
  });

  it('after close, next() gives null and no truncation', () => {
    const f = writeTmp('close.pcap', pcapHeader(), pcapRecord({ data: frame(10) }), pcapRecord({ data: frame(11) }));
    const reader = openCapture(f);
    expect(reader.next()?.caplen).toBe(10);
    reader.close();
    expect(reader.next()).toBeNull();
    expect(reader.truncated).toBeNull();
    expect(reader.warnings).toEqual([]);
    reader.close();
  });

  it('an out-of-range sub-second field carries into the seconds, one warning for all', () => {
    const f = writeTmp(
      'frac.pcap',
      pcapHeader(),
      pcapRecord({ sec: 10, frac: 999999, data: frame(4) }),
      pcapRecord({ sec: 10, frac: 1000000, data: frame(4) }),
      pcapRecord({ sec: 10, frac: 0xffffffff, data: frame(4) }),
    );
    const { records, reader } = readAll(f);
    // 0xffffffff µs = 4294 s + 967295 µs.
    expect(records.map(epoch)).toEqual(['10.999999000', '11.000000000', '4304.967295000']);
    expect(reader.warnings).toEqual([
      {
        code: 'capture.pcap.subsecond_out_of_range',
        message:
          `${f}: record 2 at byte 44: sub-second field 1000000 is out of range for microseconds ` +
          '(max 999999); read as is, carried into the seconds (2 records in all)',
        offset: 44,
        record: 2,
        count: 2,
      },
    ]);
  });

  it('seconds near 2^32 plus a carry go past 2^32', () => {
    const f = writeTmp('wrap.pcap', pcapHeader({ nano: true }), pcapRecord({ sec: 0xffffffff, frac: 2500000000, data: frame(1) }));
    expect(readAll(f).records.map(epoch)).toEqual(['4294967297.500000000']);
  });

  it('a length past max(snaplen, 262144) is an error naming record and byte', () => {
    const big = writeTmp('big.pcap', pcapHeader(), pcapRecord({ data: frame(5) }), pcapRecord({ data: frame(5), caplen: 0xffffffff }));
    expect(captureError(() => readAll(big))).toBe(`${big}: record 2 at byte 45: length 4294967295 exceeds snaplen 262144`);
    const small = writeTmp('small.pcap', pcapHeader({ snaplen: 65535 }), pcapRecord({ data: frame(5), caplen: 262145 }));
    expect(captureError(() => readAll(small))).toBe(
      `${small}: record 1 at byte 24: length 262145 exceeds the limit 262144 (snaplen 65535)`,
    );
  });

  it('a length over a small snaplen but within 262144 is read (libpcap does too)', () => {
    const f = writeTmp('over.pcap', pcapHeader({ snaplen: 64 }), pcapRecord({ data: frame(100) }));
    const { records, reader } = readAll(f);
    expect(records.map((r) => r.caplen)).toEqual([100]);
    expect(reader.warnings).toEqual([]);
  });

  it('caplen above origlen is kept, warned once', () => {
    const f = writeTmp(
      'orig.pcap',
      pcapHeader(),
      pcapRecord({ data: frame(20), origlen: 10 }),
      pcapRecord({ data: frame(20), origlen: 20 }),
      pcapRecord({ data: frame(30), origlen: 1 }),
    );
    const { records, reader } = readAll(f);
    expect(records.map((r) => [r.caplen, r.origlen])).toEqual([
      [20, 10],
      [20, 20],
      [30, 1],
    ]);
    expect(reader.warnings.map((w) => [w.code, w.record, w.count, w.message])).toEqual([
      [
        'capture.caplen_exceeds_origlen',
        1,
        2,
        `${f}: record 1 at byte 24: captured length 20 exceeds original length 10 (2 records in all)`,
      ],
    ]);
  });

  it('a file cut inside a record: the whole records, then truncated', () => {
    const whole = Buffer.concat([pcapHeader(), pcapRecord({ data: frame(50) }), pcapRecord({ data: frame(60) })]);
    for (const cutAt of [24 + 66 + 5, 24 + 66 + 16, 24 + 66 + 16 + 59]) {
      const f = writeTmp('cut.pcap', whole.subarray(0, cutAt));
      const { records, reader } = readAll(f);
      expect(records.map((r) => r.caplen)).toEqual([50]);
      expect(reader.truncated).toEqual({ offset: 90, record: 2 });
      expect(reader.warnings).toEqual([
        { code: 'capture.truncated', message: `${f}: truncated at byte 90 (record 2 incomplete)`, offset: 90, record: 2 },
      ]);
    }
    const clean = readAll(writeTmp('clean.pcap', whole.subarray(0, 90)));
    expect(clean.reader.truncated).toBeNull();
    expect(clean.reader.warnings).toEqual([]);
  });

  it('a record larger than the chunk grows it; tiny chunks read the same', () => {
    const parts = [pcapHeader()];
    for (let i = 0; i < 20; i++) parts.push(pcapRecord({ sec: i, frac: i, data: frame(1 + i * 97, i) }));
    const f = writeTmp('grow.pcap', ...parts);
    const expected = readAll(f).records;
    expect(expected.map((r) => r.caplen)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + i * 97));
    for (const chunkSize of [1, 16, 17, 100, 1000]) {
      expect(readAll(f, { chunkSize }).records).toEqual(expected);
    }
  });
});
