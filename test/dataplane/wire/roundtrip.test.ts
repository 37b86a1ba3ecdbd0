// Emit → decode: every field the view reports is the one the representation asked for. The
// expected layout (link header sizes, IHL rounding, extension sizes) is written out here
// independently of the emitters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DECODE_IP,
  IP_PROTO,
  LINKTYPE,
  PacketView,
  decodeFrame,
  emitFrame,
  frameSpecLength,
  type FrameSpec,
} from '../../../dataplane/wire/index.js';
import { frameSpecArb } from './arbitraries.js';

function linkLen(spec: FrameSpec): number {
  switch (spec.linkType) {
    case 1:
      return 14 + 4 * spec.tags.length;
    case 113:
      return 16;
    case 276:
      return 20;
    case 0:
    case 108:
      return 4;
    default:
      return 0;
  }
}

function ipHeaderLen(spec: FrameSpec): number {
  if (spec.family === 4) return 20 + Math.ceil((spec.ipv4Options?.length ?? 0) / 4) * 4;
  const frag = spec.fragOffset > 0 || spec.moreFragments || spec.ipv6FragmentHeader ? 8 : 0;
  return 40 + spec.ipv6Ext.reduce((sum, e) => sum + e.length, 0) + frag;
}

function isIcmp(spec: FrameSpec): boolean {
  return spec.proto === (spec.family === 4 ? IP_PROTO.ICMP : IP_PROTO.ICMPV6);
}

function upperLen(spec: FrameSpec): number {
  if (spec.fragOffset > 0) return 0;
  if (spec.proto === IP_PROTO.TCP) return 20;
  if (spec.proto === IP_PROTO.UDP || isIcmp(spec)) return 8;
  return 0;
}

function expected(spec: FrameSpec, start: number, len: number): Record<string, unknown> {
  const later = spec.fragOffset > 0;
  const echo = isIcmp(spec) && [0, 8, 128, 129].includes(spec.icmpType);
  const ported = !later && (spec.proto === IP_PROTO.TCP || spec.proto === IP_PROTO.UDP);
  const l3 = start + linkLen(spec);
  const ethernet = spec.linkType === LINKTYPE.EN10MB && spec.tags.length > 0;
  const v6Frag = spec.family === 6 && (spec.fragOffset > 0 || spec.moreFragments || spec.ipv6FragmentHeader);
  return {
    status: DECODE_IP,
    malformed: 0,
    anomaly: 0,
    linkType: spec.linkType,
    start,
    frameLength: len,
    captureLength: len,
    vlanCount: spec.linkType === LINKTYPE.EN10MB ? spec.tags.length : 0,
    vlanOuter: ethernet ? spec.tags[0].tci & 0xfff : -1,
    vlanInner: ethernet && spec.tags.length > 1 ? spec.tags[1].tci & 0xfff : -1,
    vlanOuterTpid: ethernet ? spec.tags[0].tpid : 0,
    vlanOuterOffset: ethernet ? start + 12 : -1,
    etherType: spec.family === 4 ? 0x0800 : 0x86dd,
    l3Offset: l3,
    family: spec.family,
    src: Array.from(spec.src, (w) => w >>> 0),
    dst: Array.from(spec.dst, (w) => w >>> 0),
    proto: spec.proto,
    dscp: spec.dscp,
    ecn: spec.ecn,
    ttl: spec.ttl,
    ipTotalLength: ipHeaderLen(spec) + upperLen(spec) + spec.payloadLength,
    ipPayloadLength: upperLen(spec) + spec.payloadLength,
    ipId: spec.family === 4 ? spec.ident : v6Frag ? spec.ident >>> 0 : 0,
    dontFragment: spec.dontFragment ? 1 : 0,
    fragOffset: spec.fragOffset,
    moreFragments: spec.moreFragments ? 1 : 0,
    isFragment: spec.fragOffset > 0 || spec.moreFragments ? 1 : 0,
    isLaterFragment: later ? 1 : 0,
    l4Offset: l3 + ipHeaderLen(spec),
    srcPort: ported ? spec.srcPort : !later && echo ? spec.srcPort : 0,
    dstPort: ported ? spec.dstPort : !later && echo ? spec.srcPort : 0,
    tcpFlags: !later && spec.proto === IP_PROTO.TCP ? spec.tcpFlags : 0,
    icmpType: !later && isIcmp(spec) ? spec.icmpType : 0,
    icmpCode: !later && isIcmp(spec) ? spec.icmpCode : 0,
    arpOp: 0,
  };
}

describe('emit → decode round trip', () => {
  it('decodes exactly what was emitted, at any offset in a larger buffer', () => {
    const v = new PacketView();
    fc.assert(
      fc.property(frameSpecArb, fc.nat({ max: 64 }), fc.nat({ max: 255 }), (spec, start, junk) => {
        const len = frameSpecLength(spec);
        const buf = new Uint8Array(start + len + 64).fill(junk);
        expect(emitFrame(spec, buf, start)).toBe(len);
        expect(decodeFrame(v, buf, start, len, len, spec.linkType)).toBe(DECODE_IP);
        const want = expected(spec, start, len);
        const got: Record<string, unknown> = {};
        for (const key of Object.keys(want)) got[key] = (v as unknown as Record<string, unknown>)[key];
        got.src = Array.from(v.src);
        got.dst = Array.from(v.dst);
        expect(got).toEqual(want);
      }),
      { numRuns: 1500 },
    );
  });

  it('emitFrame writes nothing outside [off, off + length)', () => {
    fc.assert(
      fc.property(frameSpecArb, fc.nat({ max: 32 }), (spec, off) => {
        const len = frameSpecLength(spec);
        const buf = new Uint8Array(off + len + 32).fill(0xa5);
        emitFrame(spec, buf, off);
        expect(buf.subarray(0, off).every((b) => b === 0xa5)).toBe(true);
        expect(buf.subarray(off + len).every((b) => b === 0xa5)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
