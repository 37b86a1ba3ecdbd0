/**
 * pcapng reading on files built block by block: sections and byte orders, interfaces and their
 * timestamp units, the three packet blocks, skipped blocks, comments, truncation and the
 * structural errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openCapture } from '../../../dataplane/capture/index.js';
import { isChainsimError } from '../../../policy/index.js';
import { block, epb, frame, idb, opb, option, removeTmp, shb, spb, writeTmp } from './build.js';
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

const SHB_LEN = 28;
const IDB_LEN = 20;

describe('pcapng sections and interfaces', () => {
  it('a section and an interface, no packets', () => {
    const f = writeTmp('empty.pcapng', shb(), idb({ linkType: 1, snaplen: 9000, name: 'eth0' }));
    const { records, reader } = readAll(f);
    expect(records).toEqual([]);
    expect(reader.format).toBe('pcapng');
    expect(reader.byteOrder).toBe('little');
    expect(reader.timestampResolution).toBe('microseconds');
    expect(reader.interfaces).toEqual([
      { index: 0, section: 0, sectionIndex: 0, linkType: 1, name: 'eth0', snaplen: 9000, tsresol: 6, tsoffset: 0 },
    ]);
    expect(reader.truncated).toBeNull();
  });

  it('knows the interfaces after the first section header as soon as it is open', () => {
    const f = writeTmp(
      'open.pcapng',
      shb(),
      idb({ linkType: 113, tsresol: 9 }),
      idb({ linkType: 1 }),
      epb({ data: frame(4) }),
      idb({ linkType: 228 }),
    );
    const reader = openCapture(f);
    expect(reader.linkTypes()).toEqual([113, 1]);
    expect(reader.timestampResolution).toBe('nanoseconds');
    expect(reader.next()?.linkType).toBe(113);
    expect(reader.next()).toBeNull();
    expect(reader.linkTypes()).toEqual([113, 1, 228]);
    reader.close();
  });

  it('big-endian EPBs on two interfaces of different link types', () => {
    const le = false;
    const f = writeTmp(
      'be.pcapng',
      shb({ le }),
      idb({ le, linkType: 1, name: 'lan\0' }),
      idb({ le, linkType: 101, tsresol: 9 }),
      epb({ le, ifid: 1, ts: 1700000000123456789n, data: frame(21, 1), origlen: 40 }),
      epb({ le, ifid: 0, ts: 1700000000123456n, data: frame(60, 2) }),
    );
    const { records, reader } = readAll(f);
    expect(reader.byteOrder).toBe('big');
    expect(reader.linkTypes()).toEqual([1, 101]);
    expect(reader.interfaces.map((i) => [i.name, i.tsresol])).toEqual([
      ['lan', 6],
      [null, 9],
    ]);
    expect(records.map((r) => [epoch(r), r.caplen, r.origlen, r.linkType, r.interfaceIndex, r.interfaceName])).toEqual([
      ['1700000000.123456789', 21, 40, 101, 1, null],
      ['1700000000.123456000', 60, 60, 1, 0, 'lan'],
    ]);
    expect(records[0].frame).toEqual(frame(21, 1));
    // Each IDB: 20 bytes, an 8-byte option, the end-of-options marker.
    expect(records[0].offset).toBe(SHB_LEN + 32 + 32);
    expect(records[1].frame).toEqual(frame(60, 2));
  });

  it('sections restart interface ids and may change byte order', () => {
    const f = writeTmp(
      'sections.pcapng',
      shb(),
      idb({ linkType: 1, name: 'a' }),
      idb({ linkType: 0, name: 'b' }),
      epb({ ifid: 1, ts: 1n, data: frame(4) }),
      shb({ le: false }),
      idb({ le: false, linkType: 228, name: 'c' }),
      epb({ le: false, ifid: 0, ts: 2n, data: frame(5) }),
      shb(),
      idb({ linkType: 1, name: 'd' }),
      idb({ linkType: 276, name: 'e' }),
      epb({ ifid: 1, ts: 3n, data: frame(6) }),
      epb({ ifid: 0, ts: 4n, data: frame(7) }),
    );
    const { records, reader } = readAll(f);
    expect(reader.byteOrder).toBe('little');
    expect(reader.interfaces.map((i) => [i.index, i.section, i.sectionIndex, i.name])).toEqual([
      [0, 0, 0, 'a'],
      [1, 0, 1, 'b'],
      [2, 1, 0, 'c'],
      [3, 2, 0, 'd'],
      [4, 2, 1, 'e'],
    ]);
    expect(reader.linkTypes()).toEqual([1, 0, 228, 276]);
    expect(records.map((r) => [r.interfaceIndex, r.sectionInterfaceIndex, r.interfaceName, r.linkType, r.tsNsec])).toEqual([
      [1, 1, 'b', 0, 1000],
      [2, 0, 'c', 228, 2000],
      [4, 1, 'e', 276, 3000],
      [3, 0, 'd', 1, 4000],
    ]);
  });

  it('an EPB naming an interface its section does not declare is an error', () => {
    const f = writeTmp('noif.pcapng', shb(), idb(), epb({ ifid: 0, data: frame(4) }), shb(), idb(), epb({ ifid: 1, data: frame(4) }));
    const at = SHB_LEN + IDB_LEN + 36 + SHB_LEN + IDB_LEN;
    expect(captureError(() => readAll(f))).toBe(`${f}: record 2 at byte ${at}: refers to interface 1, but section 1 declares only 1`);
  });

  it('if_tsresol in powers of 10 and of 2, and if_tsoffset', () => {
    const f = writeTmp(
      'units.pcapng',
      shb(),
      idb({ tsresol: 3 }),
      idb({ tsresol: 0x80 | 10 }),
      idb({ tsresol: 12, tsoffset: -5n }),
      idb({ tsresol: 0, tsoffset: 1000n }),
      epb({ ifid: 0, ts: 1234567n, data: frame(1) }),
      // 2^-10 s units: 3·1024 + 1 = 3 s + 1/1024 s = 976562.5 ns, floored.
      epb({ ifid: 1, ts: 3n * 1024n + 1n, data: frame(1) }),
      // Picoseconds: 7.000000001999 s, minus 5 s.
      epb({ ifid: 2, ts: 7000000001999n, data: frame(1) }),
      epb({ ifid: 3, ts: 42n, data: frame(1) }),
    );
    const { records, reader } = readAll(f);
    expect(reader.timestampResolution).toBe('milliseconds');
    expect(reader.interfaces.map((i) => i.tsoffset)).toEqual([0, 0, -5, 1000]);
    expect(records.map(epoch)).toEqual(['1234.567000000', '3.000976562', '2.000000001', '1042.000000000']);
  });

  it('an if_tsresol finer than 10^-19 is refused', () => {
    const f = writeTmp('fine.pcapng', shb(), idb({ tsresol: 20 }));
    expect(captureError(() => readAll(f))).toBe(
      `${f}: block at byte ${SHB_LEN}: if_tsresol 0x14 is not supported (finest: 10^-19, 2^-63 seconds)`,
    );
  });
});

describe('pcapng packet blocks', () => {
  it('EPB comments, one or several, and other options passed over', () => {
    const f = writeTmp(
      'comments.pcapng',
      shb({ options: [option(4, 'app'), Buffer.alloc(4)] }),
      idb(),
      epb({ data: frame(3), comments: ['rate-ceiling'] }),
      epb({ data: frame(3), options: [option(2, Buffer.alloc(4))] }),
      epb({ data: frame(3), comments: ['first', 'ünïcode ✓'] }),
    );
    expect(readAll(f).records.map((r) => r.comment)).toEqual(['rate-ceiling', null, 'first\nünïcode ✓']);
  });

  it('the obsolete Packet Block reads like an EPB', () => {
    const f = writeTmp(
      'opb.pcapng',
      shb(),
      idb({ linkType: 1 }),
      idb({ linkType: 105 }),
      opb({ ifid: 1, ts: 5000001n, data: frame(9), origlen: 90 }),
    );
    expect(readAll(f).records.map((r) => [epoch(r), r.caplen, r.origlen, r.linkType, r.interfaceIndex])).toEqual([
      ['5.000001000', 9, 90, 105, 1],
    ]);
  });

  it('an SPB takes the previous packet time, across sections', () => {
    const f = writeTmp(
      'spb.pcapng',
      shb(),
      idb(),
      epb({ ts: 7000005n, data: frame(4) }),
      spb({ data: frame(8) }),
      shb({ le: false }),
      idb({ le: false, tsresol: 9 }),
      spb({ le: false, data: frame(8) }),
      epb({ le: false, ts: 9000000001n, data: frame(4) }),
      spb({ le: false, data: frame(8) }),
    );
    expect(readAll(f).records.map(epoch)).toEqual([
      '7.000005000',
      '7.000005000',
      '7.000005000',
      '9.000000001',
      '9.000000001',
    ]);
  });

  it('SPBs before any timestamp take the first one in the file; none at all: 0', () => {
    const later = writeTmp(
      'ahead.pcapng',
      shb(),
      idb(),
      spb({ data: frame(4) }),
      spb({ data: frame(4) }),
      idb({ tsresol: 9 }),
      epb({ ifid: 1, ts: 123n, data: frame(4) }),
    );
    expect(readAll(later).records.map(epoch)).toEqual(['0.000000123', '0.000000123', '0.000000123']);
    const never = writeTmp('never.pcapng', shb(), idb(), spb({ data: frame(4) }), spb({ data: frame(4) }));
    expect(readAll(never).records.map(epoch)).toEqual(['0.000000000', '0.000000000']);
  });

  it('an SPB is cut to its interface snaplen and to the room its block has', () => {
    const f = writeTmp(
      'spblen.pcapng',
      shb(),
      idb({ snaplen: 10 }),
      spb({ data: frame(12), origlen: 1000 }),
      spb({ data: frame(8), origlen: 9 }),
      spb({ data: frame(6), origlen: 6 }),
    );
    // Room in a block is the padded data: 12, 8, 8 bytes.
    expect(readAll(f).records.map((r) => [r.caplen, r.origlen])).toEqual([
      [10, 1000],
      [8, 9],
      [6, 6],
    ]);
  });

  it('an SPB in a section without interfaces is an error', () => {
    const f = writeTmp('spbnoif.pcapng', shb(), spb({ data: frame(4) }));
    expect(captureError(() => readAll(f))).toBe(
      `${f}: record 1 at byte ${SHB_LEN}: refers to interface 0, but section 0 declares none`,
    );
  });
});

describe('pcapng blocks passed over', () => {
  it('NRB, ISB, custom and unknown blocks: one warning per type, with a count', () => {
    const nrb = block(4, Buffer.alloc(4));
    const isb = block(5, Buffer.alloc(12));
    const custom = block(0xbad, Buffer.alloc(8));
    const customNoCopy = block(0x40000bad, Buffer.alloc(8));
    const strange = block(0x12345, Buffer.alloc(0));
    const f = writeTmp(
      'skip.pcapng',
      ...[shb(), nrb, idb(), custom, epb({ data: frame(4) }), nrb, isb, strange, nrb, customNoCopy, custom],
    );
    const { records, reader } = readAll(f);
    expect(records).toHaveLength(1);
    // Offsets: SHB 28, NRB 16, IDB 20, custom 20, EPB 36, NRB 16, ISB 24, unknown 12, NRB 16.
    const first = { nrb: 28, custom: 28 + 16 + 20, isb: 64 + 20 + 36 + 16, strange: 136 + 24, noCopy: 160 + 12 + 16 };
    const skipped = (count: number, what: string, at: number): [string, number, number, string] => [
      'capture.pcapng.block_skipped',
      count,
      at,
      `${f}: skipped ${what}, first at byte ${at}`,
    ];
    expect(reader.warnings.map((w) => [w.code, w.count, w.offset, w.message])).toEqual([
      skipped(3, '3 name resolution blocks (type 0x00000004)', first.nrb),
      skipped(2, '2 custom blocks (type 0x00000bad)', first.custom),
      skipped(1, 'an interface statistics block (type 0x00000005)', first.isb),
      skipped(1, 'an unknown block (type 0x00012345)', first.strange),
      skipped(1, 'a custom block (type 0x40000bad)', first.noCopy),
    ]);
  });
});

describe('pcapng structural errors', () => {
  it('leading and trailing block lengths that disagree', () => {
    const f = writeTmp('trail.pcapng', shb(), idb(), block(6, Buffer.alloc(24), true, 40));
    expect(captureError(() => readAll(f))).toBe(
      `${f}: block at byte ${SHB_LEN + IDB_LEN}: trailing block length 40 disagrees with the leading one 36`,
    );
  });

  it('an option running past its block, in a packet and in an interface', () => {
    const longOption = Buffer.from([1, 0, 200, 0]);
    const inPacket = writeTmp('opt.pcapng', shb(), idb(), epb({ data: frame(4), options: [longOption] }));
    expect(captureError(() => readAll(inPacket))).toBe(
      `${inPacket}: record 1 at byte ${SHB_LEN + IDB_LEN}: option 1 (200 bytes) overruns the block`,
    );
    const inInterface = writeTmp('iopt.pcapng', shb(), idb({ options: [Buffer.from([2, 0, 9, 0, 65, 66, 67, 68])] }));
    expect(captureError(() => readAll(inInterface))).toBe(`${inInterface}: block at byte ${SHB_LEN}: option 2 (9 bytes) overruns the block`);
  });

  it('a captured length running past its block', () => {
    const f = writeTmp('caplen.pcapng', shb(), idb(), epb({ data: frame(8), caplen: 9 }));
    expect(captureError(() => readAll(f))).toBe(`${f}: record 1 at byte ${SHB_LEN + IDB_LEN}: captured length 9 overruns the block (40 bytes)`);
  });

  it('block lengths that are not a multiple of 4, or too short', () => {
    const odd = Buffer.concat([shb(), Buffer.from([6, 0, 0, 0, 13, 0, 0, 0]), Buffer.alloc(8)]);
    const f = writeTmp('odd.pcapng', odd);
    expect(captureError(() => readAll(f))).toBe(`${f}: block at byte ${SHB_LEN}: block length 13 is not a multiple of 4 of at least 12`);
    const short = writeTmp('short.pcapng', shb(), idb(), block(6, Buffer.alloc(4)));
    expect(captureError(() => readAll(short))).toBe(
      `${short}: record 1 at byte ${SHB_LEN + IDB_LEN}: is 16 bytes long, shorter than its fixed fields (32)`,
    );
  });

  it('a section of another major version, or with a bad byte-order magic', () => {
    const v2 = writeTmp('v2.pcapng', shb({ major: 2 }));
    expect(captureError(() => openCapture(v2))).toBe(`${v2}: block at byte 0: pcapng version 2.0 is not supported (only 1.x)`);
    const later = writeTmp('v2b.pcapng', shb(), idb(), shb({ major: 2, minor: 1 }));
    expect(captureError(() => readAll(later))).toBe(`${later}: block at byte 48: pcapng version 2.1 is not supported (only 1.x)`);
    const bom = shb();
    bom.writeUInt32BE(0x11223344, 8);
    const bad = writeTmp('bom.pcapng', bom);
    expect(captureError(() => openCapture(bad))).toBe(`${bad}: block at byte 0: bad byte-order magic 0x11223344 in the section header block`);
  });

  it('a file cut inside its first section header is an error', () => {
    const head = shb({ options: [option(4, 'some application'), Buffer.alloc(4)] });
    for (const n of [4, 11, 12, head.length - 1]) {
      const f = writeTmp('cutshb.pcapng', head.subarray(0, n));
      expect(captureError(() => openCapture(f))).toBe(`${f}: section header block truncated (file ends at byte ${n})`);
    }
  });
});

describe('pcapng truncation', () => {
  it('a file cut inside a later block: the whole records, then truncated', () => {
    const blocks = [shb(), idb(), epb({ data: frame(10) }), epb({ data: frame(20) }), shb({ le: false }), idb({ le: false })];
    const whole = Buffer.concat(blocks);
    const ends: number[] = [];
    blocks.reduce((at, b) => {
      ends.push(at + b.length);
      return at + b.length;
    }, 0);
    // Cut inside the second EPB, inside the second SHB, inside its IDB.
    const cases: Array<[number, number, number, number]> = [
      [ends[2] + 3, 1, ends[2], 2],
      [ends[2] + 40, 1, ends[2], 2],
      [ends[3] + 10, 2, ends[3], 3],
      [ends[4] + 19, 2, ends[4], 3],
    ];
    for (const [cut, count, offset, record] of cases) {
      const f = writeTmp('cut.pcapng', whole.subarray(0, cut));
      const { records, reader } = readAll(f);
      expect(records, `cut at ${cut}`).toHaveLength(count);
      expect(reader.truncated).toEqual({ offset, record });
      expect(reader.warnings.map((w) => w.message)).toEqual([`${f}: truncated at byte ${offset} (record ${record} incomplete)`]);
    }
  });

  it('tiny chunks read the same as a large one', () => {
    const f = writeTmp(
      'chunks.pcapng',
      shb(),
      idb({ name: 'x'.repeat(50) }),
      ...Array.from({ length: 30 }, (_, i) => epb({ ts: BigInt(i) * 1000003n, data: frame(i * 13, i), comments: i % 3 === 0 ? [`c${i}`] : [] })),
      spb({ data: frame(70) }),
    );
    const expected = readAll(f).records;
    expect(expected).toHaveLength(31);
    for (const chunkSize of [1, 12, 13, 64, 500]) expect(readAll(f, { chunkSize }).records).toEqual(expected);
  });
});
