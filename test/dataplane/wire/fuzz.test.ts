// The outer ring: arbitrary and mutated bytes through decodeFrame and the trace formatters.
// Never a throw, always one of three statuses with a known reason, and never a read outside
// [start, start + caplen): changing every byte around the frame changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECODE_EVENTS,
  DECODE_IP,
  DECODE_MALFORMED,
  DECODE_NON_IP,
  LINKTYPE,
  MALFORMED_REASONS,
  PacketView,
  decodeFrame,
  emitFrame,
  etherTypeName,
  formatEndpoint,
  frameSpecLength,
  protoName,
} from '../../../dataplane/wire/index.js';
import { frameSpecArb } from './arbitraries.js';
import { snapshot } from './helpers.js';

const LINK_TYPES = [...Object.values(LINKTYPE), 105, 127, 147, -1, 65535];

function checkResult(v: PacketView, status: number): void {
  expect([DECODE_IP, DECODE_NON_IP, DECODE_MALFORMED]).toContain(status);
  expect(v.status).toBe(status);
  if (status === DECODE_MALFORMED) {
    expect(DECODE_EVENTS[v.malformed]?.fatal).toBe(true);
    expect(MALFORMED_REASONS[v.malformed]).toMatch(/^decode\.[a-z0-9]+\.[a-z_]+$/);
  } else {
    expect(v.malformed).toBe(0);
  }
  if (v.anomaly !== 0) expect(DECODE_EVENTS[v.anomaly]?.fatal).toBe(false);
  if (status === DECODE_IP) {
    expect([4, 6]).toContain(v.family);
    expect(v.l4Offset).toBeGreaterThanOrEqual(v.l3Offset);
    expect(v.l4Offset).toBeLessThanOrEqual(v.start + v.captureLength);
    expect(typeof formatEndpoint(v.family, v.src, v.srcPort)).toBe('string');
    expect(typeof protoName(v.proto)).toBe('string');
  }
  if (status === DECODE_NON_IP) expect(v.family).toBe(0);
  expect(typeof etherTypeName(v.etherType)).toBe('string');
}

/** Decodes `frame` placed at `start` in a buffer filled around it with `fill`. */
function decodeIn(v: PacketView, frame: Uint8Array, start: number, fill: number, origlen: number, lt: number) {
  const buf = new Uint8Array(start + frame.length + 16).fill(fill);
  buf.set(frame, start);
  const status = decodeFrame(v, buf, start, frame.length, origlen, lt);
  return { status, view: snapshot(v) };
}

describe('fuzz', () => {
  it('random bytes at random link types: a status, a known reason, no read outside the frame', () => {
    const a = new PacketView();
    const b = new PacketView();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 160 }),
        fc.constantFrom(...LINK_TYPES),
        fc.nat({ max: 40 }),
        fc.nat({ max: 2000 }),
        (frame, lt, start, extra) => {
          const one = decodeIn(a, frame, start, 0x00, frame.length + extra, lt);
          checkResult(a, one.status);
          const two = decodeIn(b, frame, start, 0xff, frame.length + extra, lt);
          expect(two).toEqual(one);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('likely-looking headers: random bytes after a valid link header and IP version', () => {
    const prefixes: [number, number[]][] = [
      [LINKTYPE.EN10MB, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00, 0x45]],
      [LINKTYPE.EN10MB, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x81, 0x00, 0, 5, 0x86, 0xdd, 0x60]],
      [LINKTYPE.EN10MB, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x88, 0xa8]],
      [LINKTYPE.RAW, [0x60, 0, 0, 0, 0, 0x30]],
      [LINKTYPE.RAW, [0x45]],
      [LINKTYPE.NULL, [0x1e, 0, 0, 0, 0x60]],
    ];
    const a = new PacketView();
    const b = new PacketView();
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 120 }), fc.nat({ max: 8 }), ([lt, prefix], rest, start) => {
        const frame = Uint8Array.from([...prefix, ...rest]);
        const one = decodeIn(a, frame, start, 0x00, frame.length, lt);
        checkResult(a, one.status);
        expect(decodeIn(b, frame, start, 0xff, frame.length, lt)).toEqual(one);
      }),
      { numRuns: 3000 },
    );
  });

  it('valid frames with flipped bytes and random cuts', () => {
    const a = new PacketView();
    const b = new PacketView();
    fc.assert(
      fc.property(
        frameSpecArb,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 }),
        fc.nat(),
        (spec, flips, cutSeed) => {
          const full = new Uint8Array(frameSpecLength(spec));
          emitFrame(spec, full, 0);
          for (const [at, value] of flips) if (full.length > 0) full[at % full.length] = value;
          const frame = full.subarray(0, cutSeed % (full.length + 1));
          const one = decodeIn(a, frame, 3, 0x00, full.length, spec.linkType);
          checkResult(a, one.status);
          expect(decodeIn(b, frame, 3, 0xff, full.length, spec.linkType)).toEqual(one);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a capture length past the end of the buffer is clamped, not read', () => {
    const v = new PacketView();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(...LINK_TYPES), fc.nat({ max: 100 }), fc.nat({ max: 100 }), (buf, lt, start, caplen) => {
        const status = decodeFrame(v, buf, start, caplen, caplen, lt);
        checkResult(v, status);
        expect(v.captureLength).toBe(Math.max(0, Math.min(start + caplen, buf.length) - start));
      }),
      { numRuns: 1000 },
    );
  });
});
