/**
 * Write → read returns every record byte for byte with its exact time, for pcap and pcapng in
 * both byte orders, µs and ns, several interfaces, comments, several sections (pcapng files
 * concatenate into one), any write buffer and any read chunk size.
 */
import * as fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapWriter, PcapngWriter } from '../../../dataplane/capture/index.js';
import { removeTmp, tmpPath } from './build.js';
import { readAll } from './collect.js';

afterAll(removeTmp);

const byteOrders = fc.constantFrom('little' as const, 'big' as const);
const chunkSizes = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constant(undefined));
const bufferSizes = fc.oneof(fc.integer({ min: 64, max: 400 }), fc.constant(undefined));

const packet = (maxSec: number) =>
  fc.record({
    data: fc.uint8Array({ maxLength: 200 }),
    extra: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 9000 })),
    sec: fc.oneof(fc.integer({ min: 0, max: maxSec }), fc.constantFrom(0, maxSec)),
    nsec: fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 999_999_999)),
  });

describe('pcap write → read', () => {
  it('every record, byte for byte, with its time at the file resolution', () => {
    fc.assert(
      fc.property(
        byteOrders,
        fc.constantFrom('us' as const, 'ns' as const),
        fc.integer({ min: 0, max: 0x3ffffff }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(packet(0xffffffff), { maxLength: 25 }),
        bufferSizes,
        chunkSizes,
        (byteOrder, resolution, linkType, snaplen, packets, bufferSize, chunkSize) => {
          const f = tmpPath('rt.pcap');
          const w = new PcapWriter(f, { linkType, snaplen, resolution, byteOrder, bufferSize });
          for (const p of packets) {
            const buf = Buffer.from(p.data);
            w.write(buf, 0, buf.length, buf.length + p.extra, p.sec, p.nsec);
          }
          w.close();
          const { records, reader } = readAll(f, { chunkSize });
          fs.rmSync(f);
          expect(reader.byteOrder).toBe(byteOrder);
          expect(reader.timestampResolution).toBe(resolution === 'ns' ? 'nanoseconds' : 'microseconds');
          expect(reader.linkTypes()).toEqual([linkType]);
          expect(reader.truncated).toBeNull();
          expect(records).toHaveLength(packets.length);
          packets.forEach((p, i) => {
            const r = records[i];
            const kept = Math.min(p.data.length, snaplen);
            expect(r.frame).toEqual(Buffer.from(p.data.subarray(0, kept)));
            expect(r.origlen).toBe(p.data.length + p.extra);
            expect(r.tsSec).toBe(p.sec);
            expect(r.tsNsec).toBe(resolution === 'ns' ? p.nsec : Math.floor(p.nsec / 1000) * 1000);
            expect(r.linkType).toBe(linkType);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

const iface = fc.record({
  linkType: fc.integer({ min: 0, max: 0xffff }),
  name: fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined }),
  snaplen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
  tsresol: fc.constantFrom(6 as const, 9 as const),
});

/** One section: interfaces, then packets each on one of them (2^34 s in ns still fits 64 bits). */
const section = fc.record({
  byteOrder: byteOrders,
  application: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
  interfaces: fc.array(iface, { minLength: 1, maxLength: 4 }),
  packets: fc.array(
    fc.record({
      on: fc.nat(),
      packet: packet(2 ** 34),
      comment: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: null }),
    }),
    { maxLength: 15 },
  ),
});

describe('pcapng write → read', () => {
  it('every record, its interface, comment and exact time, across concatenated sections', () => {
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 3 }), bufferSizes, chunkSizes, (sections, bufferSize, chunkSize) => {
        const parts: Buffer[] = [];
        const expected: Array<{
          frame: Buffer;
          origlen: number;
          tsSec: number;
          tsNsec: number;
          linkType: number;
          interfaceIndex: number;
          sectionInterfaceIndex: number;
          interfaceName: string | null;
          comment: string | null;
        }> = [];
        let base = 0;
        for (const s of sections) {
          const f = tmpPath('rt.pcapng');
          const w = new PcapngWriter(f, { byteOrder: s.byteOrder, application: s.application, bufferSize });
          s.interfaces.forEach((i) => w.addInterface(i));
          for (const { on, packet: p, comment } of s.packets) {
            const id = on % s.interfaces.length;
            const i = s.interfaces[id];
            const buf = Buffer.from(p.data);
            w.write(id, buf, 0, buf.length, buf.length + p.extra, p.sec, p.nsec, comment);
            const kept = i.snaplen === 0 ? buf.length : Math.min(buf.length, i.snaplen);
            expected.push({
              frame: buf.subarray(0, kept),
              origlen: buf.length + p.extra,
              tsSec: p.sec,
              tsNsec: i.tsresol === 9 ? p.nsec : Math.floor(p.nsec / 1000) * 1000,
              linkType: i.linkType,
              interfaceIndex: base + id,
              sectionInterfaceIndex: id,
              interfaceName: i.name ?? null,
              comment,
            });
          }
          w.close();
          parts.push(fs.readFileSync(f));
          fs.rmSync(f);
          base += s.interfaces.length;
        }
        const all = tmpPath('all.pcapng');
        fs.writeFileSync(all, Buffer.concat(parts));
        const { records, reader } = readAll(all, { chunkSize });
        fs.rmSync(all);
        expect(reader.byteOrder).toBe(sections[0].byteOrder);
        expect(reader.interfaces).toHaveLength(base);
        expect(reader.truncated).toBeNull();
        expect(reader.warnings).toEqual([]);
        expect(records.map(({ index, offset, caplen, ...rest }) => rest)).toEqual(expected);
      }),
      { numRuns: 120 },
    );
  });
});
