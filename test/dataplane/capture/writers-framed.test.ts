/**
 * PcapngWriter.writeFramed (a new link header before captured bytes, copied once) against the
 * hand-built EPB of the whole frame, and repeated comments (kept encoded) against the builder.
 */
import * as fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapngWriter } from '../../../dataplane/capture/index.js';
import { epb, frame, idb, removeTmp, shb, tmpPath } from './build.js';

afterAll(removeTmp);

describe('PcapngWriter.writeFramed', () => {
  it('writes the header then the body as one frame, cut at the snaplen, in either byte order', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 18 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 320 }),
        fc.integer({ min: 64, max: 4096 }),
        (le, headLen, bodyLen, bodyStart, snaplen, bufferSize) => {
          const f = tmpPath('framed.pcapng');
          const w = new PcapngWriter(f, { byteOrder: le ? 'little' : 'big', bufferSize });
          const i = w.addInterface({ linkType: 1, snaplen, tsresol: 9 });
          // A head array longer than headLen: only its first headLen bytes belong to the frame.
          const head = frame(24, 9);
          const body = frame(bodyStart + bodyLen + 5, 4);
          w.writeFramed(i, head, headLen, body, bodyStart, bodyLen, 1500, 12, 345);
          w.write(i, body, 1, 3, 3, 12, 346); // the record after is intact
          w.close();
          const whole = Buffer.concat([head.subarray(0, headLen), body.subarray(bodyStart, bodyStart + bodyLen)]);
          const cutTo = (b: Buffer): Buffer => (snaplen !== 0 && b.length > snaplen ? b.subarray(0, snaplen) : b);
          expect(fs.readFileSync(f)).toEqual(
            Buffer.concat([
              shb({ le }),
              idb({ le, linkType: 1, snaplen, tsresol: 9 }),
              epb({ le, ts: 12_000_000_345n, data: cutTo(whole), origlen: 1500 }),
              epb({ le, ts: 12_000_000_346n, data: cutTo(body.subarray(1, 4)), origlen: 3 }),
            ]),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a body outside its buffer', () => {
    const f = tmpPath('bad.pcapng');
    const w = new PcapngWriter(f);
    const i = w.addInterface({ linkType: 1 });
    expect(() => w.writeFramed(i, new Uint8Array(14), 14, frame(10), 4, 8, 22, 1, 0)).toThrow(/outside its buffer/);
    w.close();
  });
});

describe('PcapngWriter comments', () => {
  it('writes each of several repeating comments with its own bytes and padding', () => {
    const f = tmpPath('comments.pcapng');
    const w = new PcapngWriter(f, { bufferSize: 100 });
    const i = w.addInterface({ linkType: 1 });
    const comments = ['rate-ceiling', 'fw-deny', 'rate-ceiling', 'vm-down', 'fw-deny', 'ünï'];
    comments.forEach((c, k) => w.write(i, frame(5 + k, k), 0, 5 + k, 5 + k, 1, k * 1000, c));
    w.close();
    expect(fs.readFileSync(f)).toEqual(
      Buffer.concat([
        shb(),
        idb({ linkType: 1, snaplen: 262144, tsresol: 6 }),
        ...comments.map((c, k) => epb({ ts: 1_000_000n + BigInt(k), data: frame(5 + k, k), comments: [c] })),
      ]),
    );
  });
});
