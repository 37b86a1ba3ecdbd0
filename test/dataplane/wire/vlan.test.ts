// VLAN push / pop / rewrite: fixed bytes, then properties over random frames, in place and
// between buffers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LINKTYPE,
  PacketView,
  decodeFrame,
  emitFrame,
  frameSpecLength,
  popVlan,
  pushVlan,
  rewriteVlan,
} from '../../../dataplane/wire/index.js';
import { frameSpecArb } from './arbitraries.js';
import { hex, snapshot } from './helpers.js';

const UNTAGGED = hex('00 11 22 33 44 55 66 77 88 99 aa bb 08 00 45 00 00 14');
const TAGGED = hex('00 11 22 33 44 55 66 77 88 99 aa bb 81 00 a0 64 08 00 45 00 00 14');

describe('fixed bytes', () => {
  it('push puts the tag right after the MACs', () => {
    const out = new Uint8Array(32);
    expect(pushVlan(UNTAGGED, 0, UNTAGGED.length, 0x8100, 0xa064, out, 3)).toBe(TAGGED.length);
    expect(out.subarray(3, 3 + TAGGED.length)).toEqual(TAGGED);
  });

  it('push onto a tagged frame makes the new tag the outer one', () => {
    const out = new Uint8Array(32);
    const n = pushVlan(TAGGED, 0, TAGGED.length, 0x88a8, 0x0005, out, 0);
    expect(out.subarray(0, n)).toEqual(hex('00 11 22 33 44 55 66 77 88 99 aa bb 88 a8 00 05 81 00 a0 64 08 00 45 00 00 14'));
  });

  it('pop removes the outer tag', () => {
    const out = new Uint8Array(32);
    expect(popVlan(TAGGED, 0, TAGGED.length, out, 0)).toBe(UNTAGGED.length);
    expect(out.subarray(0, UNTAGGED.length)).toEqual(UNTAGGED);
  });

  it('rewrite changes the VID and keeps PCP and DEI', () => {
    const buf = hex('00 11 22 33 44 55 66 77 88 99 aa bb 81 00 b0 64 08 00');
    rewriteVlan(buf, 12, 200);
    expect(buf.subarray(12, 16)).toEqual(hex('81 00 b0 c8')); // PCP 5, DEI 1 kept; VID 0x0c8
    rewriteVlan(buf, 12, 0x1fff); // only 12 bits are a VID
    expect(buf.subarray(12, 16)).toEqual(hex('81 00 bf ff'));
  });

  it('refuses what it cannot do: pop without a tag, frames too short, outputs too small', () => {
    const out = new Uint8Array(64);
    expect(popVlan(UNTAGGED, 0, UNTAGGED.length, out, 0)).toBe(-1);
    expect(pushVlan(UNTAGGED, 0, 13, 0x8100, 1, out, 0)).toBe(-1);
    expect(pushVlan(UNTAGGED, 0, UNTAGGED.length, 0x8100, 1, new Uint8Array(UNTAGGED.length + 3), 0)).toBe(-1);
    expect(popVlan(TAGGED, 0, 17, out, 0)).toBe(-1);
    expect(pushVlan(UNTAGGED, 10, UNTAGGED.length, 0x8100, 1, out, 0)).toBe(-1);
  });
});

const ethernetSpec = frameSpecArb.map((spec) => ({ ...spec, linkType: LINKTYPE.EN10MB }));
const tagArb = fc.record({ tpid: fc.constantFrom(0x8100, 0x88a8, 0x9100), tci: fc.nat({ max: 0xffff }) });

function emitted(spec: Parameters<typeof emitFrame>[0], headroom: number): [Uint8Array, number] {
  const len = frameSpecLength(spec);
  const buf = new Uint8Array(headroom + len + 8).fill(0x5a);
  emitFrame(spec, buf, headroom);
  return [buf, len];
}

describe('properties', () => {
  it('a pushed tag decodes as the outer VLAN, the old outer becomes inner, the rest is unchanged', () => {
    const before = new PacketView();
    const after = new PacketView();
    fc.assert(
      fc.property(ethernetSpec.filter((s) => s.tags.length < 8), tagArb, (spec, tag) => {
        const [buf, len] = emitted(spec, 0);
        decodeFrame(before, buf, 0, len, len, LINKTYPE.EN10MB);
        const out = new Uint8Array(len + 4);
        expect(pushVlan(buf, 0, len, tag.tpid, tag.tci, out, 0)).toBe(len + 4);
        decodeFrame(after, out, 0, len + 4, len + 4, LINKTYPE.EN10MB);
        expect(after).toMatchObject({
          vlanCount: before.vlanCount + 1,
          vlanOuter: tag.tci & 0xfff,
          vlanInner: before.vlanOuter,
          vlanOuterTpid: tag.tpid,
          vlanOuterOffset: 12,
          l3Offset: before.l3Offset + 4,
          l4Offset: before.l4Offset + 4,
          frameLength: len + 4,
        });
        const same = (v: PacketView) => {
          const s = snapshot(v);
          for (const k of ['vlanCount', 'vlanOuter', 'vlanInner', 'vlanOuterTpid', 'vlanOuterOffset', 'l3Offset', 'l4Offset', 'frameLength', 'captureLength', 'start']) delete s[k];
          return s;
        };
        expect(same(after)).toEqual(same(before));
      }),
      { numRuns: 300 },
    );
  });

  it('pop undoes push, between buffers and in place (headroom before, or shifting right)', () => {
    fc.assert(
      fc.property(ethernetSpec, tagArb, (spec, tag) => {
        const [original, len] = emitted(spec, 4);
        const frame = original.slice(4, 4 + len);

        // In place with 4 bytes of headroom: push to start - 4, then pop back to start.
        const buf = original.slice();
        expect(pushVlan(buf, 4, len, tag.tpid, tag.tci, buf, 0)).toBe(len + 4);
        const pushed = buf.slice(0, len + 4);
        expect(popVlan(buf, 0, len + 4, buf, 4)).toBe(len);
        expect(buf.subarray(4, 4 + len)).toEqual(frame);

        // In place without headroom: push at the same start (the tail moves right), pop at the same start.
        const wide = new Uint8Array(len + 4);
        wide.set(frame, 0);
        expect(pushVlan(wide, 0, len, tag.tpid, tag.tci, wide, 0)).toBe(len + 4);
        expect(wide).toEqual(pushed);
        expect(popVlan(wide, 0, len + 4, wide, 0)).toBe(len);
        expect(wide.subarray(0, len)).toEqual(frame);

        // Between buffers.
        const out = new Uint8Array(len + 4);
        expect(popVlan(pushed, 0, len + 4, out, 0)).toBe(len);
        expect(out.subarray(0, len)).toEqual(frame);
      }),
      { numRuns: 300 },
    );
  });

  it('in one buffer, any output position (overlapping either way) gives the between-buffers result', () => {
    fc.assert(
      fc.property(ethernetSpec, tagArb, fc.nat({ max: 40 }), (spec, tag, outStart) => {
        const [original, len] = emitted(spec, 20);
        const frame = original.slice(20, 20 + len);
        const pushed = new Uint8Array(len + 4);
        pushVlan(frame, 0, len, tag.tpid, tag.tci, pushed, 0);

        const buf = new Uint8Array(len + 64);
        buf.set(frame, 20);
        expect(pushVlan(buf, 20, len, tag.tpid, tag.tci, buf, outStart)).toBe(len + 4);
        expect(buf.subarray(outStart, outStart + len + 4)).toEqual(pushed);

        const back = new Uint8Array(len + 64);
        back.set(pushed, 20);
        expect(popVlan(back, 20, len + 4, back, outStart)).toBe(len);
        expect(back.subarray(outStart, outStart + len)).toEqual(frame);
      }),
      { numRuns: 300 },
    );
  });

  it('rewrite then decode gives the new VID; the other bytes stay', () => {
    const v = new PacketView();
    fc.assert(
      fc.property(ethernetSpec.filter((s) => s.tags.length > 0), fc.nat({ max: 4095 }), (spec, vid) => {
        const [buf, len] = emitted(spec, 0);
        const before = buf.slice();
        decodeFrame(v, buf, 0, len, len, LINKTYPE.EN10MB);
        rewriteVlan(buf, v.vlanOuterOffset, vid);
        decodeFrame(v, buf, 0, len, len, LINKTYPE.EN10MB);
        expect(v.vlanOuter).toBe(vid);
        expect(buf[14] & 0xf0).toBe(before[14] & 0xf0);
        const changed = [...buf.keys()].filter((i) => buf[i] !== before[i]);
        expect(changed.every((i) => i === 14 || i === 15)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
