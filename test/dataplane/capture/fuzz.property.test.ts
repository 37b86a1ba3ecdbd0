/**
 * Hostile input: arbitrary bytes (behind each magic, or after a valid header) and corrupted valid
 * files only ever end in a CHAINSIM_CAPTURE error; a valid file cut anywhere after its header
 * never throws: it yields exactly the whole records before the cut and marks the truncation.
 */
import * as fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter, PcapngWriter } from '../../../dataplane/capture/index.js';
import { isChainsimError } from '../../../policy/index.js';
import { idb, pcapHeader, removeTmp, shb, tmpPath } from './build.js';
import { readAll } from './collect.js';

afterAll(removeTmp);

/** Reads `bytes` as a capture: null when it read to the end, else the error (rethrown if foreign). */
function tryRead(bytes: Uint8Array, chunkSize?: number): string | null {
  const f = tmpPath('fuzz.cap');
  fs.writeFileSync(f, bytes);
  try {
    readAll(f, { chunkSize });
    return null;
  } catch (err) {
    if (isChainsimError(err) && err.code === 'CHAINSIM_CAPTURE' && err.message.startsWith(`${f}: `)) return err.message;
    throw err;
  } finally {
    fs.rmSync(f);
  }
}

const prefixes = fc.constantFrom(
  Buffer.alloc(0),
  Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]),
  Buffer.from([0xa1, 0xb2, 0x3c, 0x4d]),
  pcapHeader(),
  pcapHeader({ le: false, nano: true, snaplen: 0xffffffff }),
  Buffer.from([0x0a, 0x0d, 0x0d, 0x0a]),
  shb(),
  Buffer.concat([shb({ le: false }), idb({ le: false, tsresol: 0x80 | 40 })]),
  Buffer.concat([shb(), idb(), idb({ tsresol: 9 })]),
);

/** Little-endian words that look like lengths, types and magics, so the fuzz goes deep. */
const words = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 12, 16, 20, 28, 32, 0xbad, 0x0a0d0d0a, 0x1a2b3c4d, 0xffffffff, 262144),
      fc.integer({ min: 0, max: 64 }),
    ),
    { maxLength: 60 },
  )
  .map((ws) => {
    const b = Buffer.alloc(ws.length * 4);
    ws.forEach((w, i) => b.writeUInt32LE(w, i * 4));
    return b;
  });

describe('arbitrary bytes', () => {
  it('end in a CHAINSIM_CAPTURE error or a clean read, never anything else', () => {
    fc.assert(
      fc.property(
        prefixes,
        fc.oneof(fc.uint8Array({ maxLength: 400 }), words),
        fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
        (prefix, tail, chunkSize) => {
          tryRead(Buffer.concat([prefix, tail]), chunkSize);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

/**
 * A valid file, the length of its header (SHB for pcapng), the offsets where its blocks or
 * records start after that, and where its packet records end.
 */
interface Written {
  bytes: Buffer;
  headerLen: number;
  starts: number[];
  ends: number[];
}

function writePcap(frames: Uint8Array[], byteOrder: 'little' | 'big'): Written {
  const f = tmpPath('v.pcap');
  const w = new PcapWriter(f, { linkType: 1, byteOrder, resolution: 'ns' });
  frames.forEach((d, i) => w.write(Buffer.from(d), 0, d.length, d.length, i, i));
  w.close();
  const ends: number[] = [];
  frames.reduce((at, d) => {
    ends.push(at + 16 + d.length);
    return at + 16 + d.length;
  }, 24);
  return { bytes: fs.readFileSync(f), headerLen: 24, starts: [24, ...ends.slice(0, -1)], ends };
}

function writePcapng(frames: Uint8Array[], byteOrder: 'little' | 'big'): Written {
  const f = tmpPath('v.pcapng');
  const w = new PcapngWriter(f, { byteOrder });
  w.addInterface({ linkType: 1, name: 'eth0' });
  frames.forEach((d, i) => w.write(0, Buffer.from(d), 0, d.length, d.length, i, i, i % 2 === 0 ? `c${i}` : null));
  w.close();
  // SHB 28 bytes; IDB 20 + if_name (8) + if_tsresol (8) + end (4); EPB 32 + padded data,
  // + a comment option (4 + padded text) and the end marker (4) on even records.
  const ends: number[] = [];
  frames.reduce((at, d, i) => {
    const len = 32 + Math.ceil(d.length / 4) * 4 + (i % 2 === 0 ? 8 + Math.ceil(`c${i}`.length / 4) * 4 : 0);
    ends.push(at + len);
    return at + len;
  }, 28 + 40);
  return { bytes: fs.readFileSync(f), headerLen: 28, starts: [28, 68, ...ends.slice(0, -1)], ends };
}

const validFiles = fc
  .tuple(
    fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 10 }),
    fc.constantFrom('little' as const, 'big' as const),
    fc.boolean(),
  )
  .map(([frames, order, ng]) => (ng ? writePcapng(frames, order) : writePcap(frames, order)));

describe('valid files cut short', () => {
  it('after the header: the whole records before the cut, then truncated, never an error', () => {
    fc.assert(
      fc.property(
        validFiles,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
        (file, where, chunkSize) => {
          expect(file.ends[file.ends.length - 1]).toBe(file.bytes.length);
          const cut = file.headerLen + Math.floor(where * (file.bytes.length - file.headerLen));
          const f = tmpPath('cut.cap');
          fs.writeFileSync(f, file.bytes.subarray(0, cut));
          const { records, reader } = readAll(f, { chunkSize });
          fs.rmSync(f);
          const whole = file.ends.filter((e) => e <= cut).length;
          expect(records).toHaveLength(whole);
          if (cut === file.bytes.length || file.starts.includes(cut)) {
            expect(reader.truncated).toBeNull();
            expect(reader.warnings).toEqual([]);
          } else {
            const offset = Math.max(...file.starts.filter((s) => s < cut));
            expect(reader.truncated).toEqual({ offset, record: whole + 1 });
            expect(reader.warnings.map((w) => w.code)).toEqual(['capture.truncated']);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('inside the header: a CHAINSIM_CAPTURE error', () => {
    fc.assert(
      fc.property(validFiles, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (file, where) => {
        const cut = Math.floor(where * file.headerLen);
        expect(tryRead(file.bytes.subarray(0, cut))).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});

describe('valid files corrupted', () => {
  it('any byte changed: a clean read or a CHAINSIM_CAPTURE error', () => {
    fc.assert(
      fc.property(
        validFiles,
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })),
          { minLength: 1, maxLength: 4 },
        ),
        (file, edits) => {
          const bytes = Buffer.from(file.bytes);
          for (const [where, value] of edits) bytes[Math.floor(where * bytes.length)] = value;
          tryRead(bytes);
        },
      ),
      { numRuns: 600 },
    );
  });
});
