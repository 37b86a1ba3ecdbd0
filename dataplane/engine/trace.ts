/**
 * The trace (SPEC.md: Trace): one JSON object per packet, keys in SPEC's order, formatted from
 * the numbers the stages stored in the packet's context. Only this formatting costs anything,
 * and it runs only when a trace was asked for. The line is encoded straight into the sink's
 * byte buffer (byte-out.ts: numbers and addresses as digits, no string per packet). The runs
 * that hold names (interfaces, rules, redirect, firewall rule and zones, verdict, reason) are
 * formatted as text once per distinct combination (trace-segments.ts) and copied as bytes.
 */
import { FW_VERDICT_NAMES, type Firewall } from '../../vwire/index.js';
import { protoName } from '../wire/index.js';
import type { ApplianceTables } from './appliance.js';
import { ByteOut, putBytes, putIPv4, putIPv6, putSeconds, putString, putUint } from './byte-out.js';
import type { PacketContext } from './context.js';
import { DROP_NAME, VERDICT_NAME } from './reasons.js';
import { SegmentCache } from './trace-segments.js';

/**
 * A line's bytes outside its segments: five keys (~30), five numbers (≤ 25 each, as `String`
 * writes a double) and two endpoints (≤ 49 each), rounded up.
 */
const LINE_BYTES_WITHOUT_SEGMENTS = 512;

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const json = (v: unknown): string => JSON.stringify(v);

const NULL = ascii('null');
const DIR_JSON = ['"initiator"', '"responder"'];
const K_I = ascii('{"i":');
const K_T = ascii(',"t":');
const K_DST = ascii(',"dst":');
const K_FLOW = ascii(',"flow":');

export class TraceFormatter {
  /** `,"in":…,"vlan":` by ingress interface. */
  private readonly inSegment: SegmentCache;
  /** `,"proto":…,"src":` by protocol (-1: not IP). */
  private readonly protoSegment: SegmentCache;
  /** `,"dir":…,"rule":…,"action":…,"redirect":…,"fw":` by direction, entry and redirect. */
  private readonly ruleSegment: SegmentCache;
  /** The firewall's `{"rule":…,"verdict":…,"zones":[…]}` (or null), then `,"ceiling":`. */
  private readonly fwSegment: SegmentCache;
  /** `,"out":…,"verdict":…,"reason":…}` */
  private readonly tailSegment: SegmentCache;
  private readonly fwRules: number;
  private readonly zones: number;
  /** `line()`'s buffer. */
  private scratch: ByteOut | null = null;

  constructor(tables: ApplianceTables, firewall: Firewall) {
    const iface = (i: number): string => (i >= 0 ? json(tables.interfaceNames[i]) : 'null');
    const rule = tables.policies.map((p) =>
      p.group === 'default' ? 'null' : json({ group: p.group, template: p.template, name: p.name }),
    );
    const action = tables.policies.map((p) => json(p.action));
    const zone = (z: number): string => (z >= 0 ? json(firewall.zoneName(z)) : 'null');
    this.fwRules = firewall.ruleCount + 2; // the user rules, then the two default pseudo-rules
    this.zones = firewall.zoneNames.length;

    this.inSegment = new SegmentCache((inIface) => `,"in":${iface(inIface)},"vlan":`);
    this.protoSegment = new SegmentCache((proto) => `,"proto":${proto >= 0 ? json(protoName(proto)) : 'null'},"src":`);
    this.ruleSegment = new SegmentCache((dirEntry, fwIface, fwVlan, sri) => {
      const dir = (dirEntry % 3) - 1;
      const entry = (dirEntry - dir - 1) / 3 - 1;
      const redirect =
        fwIface !== 0
          ? `{"serviceRedirectInterface":${json(sri)},"interface":${fwIface},"vlan":${fwVlan < 0 ? 'null' : fwVlan}}`
          : 'null';
      return (
        `,"dir":${dir >= 0 ? DIR_JSON[dir] : 'null'},` +
        `"rule":${entry >= 0 ? rule[entry] : 'null'},` +
        `"action":${entry >= 0 ? action[entry] : 'null'},` +
        `"redirect":${redirect},"fw":`
      );
    });
    this.fwSegment = new SegmentCache((fwVerdict, fwRule, from, to) => {
      if (fwVerdict === 0) return 'null,"ceiling":';
      const name = fwRule >= 0 ? json(firewall.ruleName(fwRule)) : 'null';
      return `{"rule":${name},"verdict":"${FW_VERDICT_NAMES[fwVerdict - 1]}","zones":[${zone(from)},${zone(to as number)}]},"ceiling":`;
    });
    this.tailSegment = new SegmentCache(
      (outIface, verdict, reason) =>
        `,"out":${iface(outIface)},"verdict":"${VERDICT_NAME[verdict]}",` +
        `"reason":${reason > 0 ? `"${DROP_NAME[reason]}"` : 'null'}}`,
    );
  }

  /** Appends the packet's trace line, without the newline, to `out`. */
  write(ctx: PacketContext, out: ByteOut): void {
    const ip = ctx.family !== 0;
    const inSeg = this.inSegment.get(ctx.inIface, ctx.inIface, 0, 0, null);
    const proto = ip ? ctx.proto : -1;
    const protoSeg = this.protoSegment.get(proto, proto, 0, 0, null);
    // dir ∈ {-1, 0, 1} and entry ≥ -1 packed into one number; fwVlan is 12 bits.
    const dirEntry = (ctx.entry + 1) * 3 + ctx.dir + 1;
    const ruleKey = (dirEntry * 3 + ctx.fwIface) * 4097 + ctx.fwVlan + 1;
    const ruleSeg = this.ruleSegment.get(ruleKey, dirEntry, ctx.fwIface, ctx.fwVlan, ctx.fwIface !== 0 ? ctx.sri : null);
    const zones = this.zones + 1;
    const fwKey = (((ctx.fwVerdict * (this.fwRules + 1) + ctx.fwRule + 1) * zones + ctx.fwFromZone + 1) * zones) + ctx.fwToZone + 1;
    const fwSeg = this.fwSegment.get(fwKey, ctx.fwVerdict, ctx.fwRule, ctx.fwFromZone, ctx.fwToZone);
    const tailKey = ((ctx.outIface + 1) * 8 + ctx.verdict) * 256 + ctx.reason;
    const tailSeg = this.tailSegment.get(tailKey, ctx.outIface, ctx.verdict, ctx.reason, null);
    out.ensure(LINE_BYTES_WITHOUT_SEGMENTS + inSeg.length + protoSeg.length + ruleSeg.length + fwSeg.length + tailSeg.length);

    putBytes(out, K_I);
    putNumber(out, ctx.index);
    putBytes(out, K_T);
    putSeconds(out, ctx.tNs);
    putBytes(out, inSeg);
    putNumberOrNull(out, ctx.vlan >= 0, ctx.vlan);
    putBytes(out, protoSeg);
    putEndpointOrNull(out, ip, ctx.family, ctx.src, ctx.srcPort);
    putBytes(out, K_DST);
    putEndpointOrNull(out, ip, ctx.family, ctx.dst, ctx.dstPort);
    putBytes(out, K_FLOW);
    putNumberOrNull(out, ctx.flow > 0, ctx.flow);
    putBytes(out, ruleSeg);
    putBytes(out, fwSeg);
    if (ctx.ceilingNs >= 0) putSeconds(out, ctx.ceilingNs);
    else putBytes(out, NULL);
    putBytes(out, tailSeg);
  }

  /** The packet's trace line as text, without the newline (tests, the trace benchmark). */
  line(ctx: PacketContext): string {
    const out = (this.scratch ??= new ByteOut(4096));
    out.pos = 0;
    this.write(ctx, out);
    return out.buf.toString('utf8', 0, out.pos);
  }
}

/** A number as `String` writes it: integers by hand, anything else through the string. */
function putNumber(out: ByteOut, n: number): void {
  if (Number.isSafeInteger(n) && n >= 0) putUint(out, n);
  else putString(out, String(n));
}

function putNumberOrNull(out: ByteOut, present: boolean, n: number): void {
  if (present) putNumber(out, n);
  else putBytes(out, NULL);
}

/** `"1.2.3.4:80"` or `"[2001:db8::1]:443"` (wire's formatEndpoint), or null. */
function putEndpointOrNull(out: ByteOut, ip: boolean, family: number, words: Uint32Array, port: number): void {
  if (!ip) {
    putBytes(out, NULL);
    return;
  }
  const b = out.buf;
  b[out.pos++] = 0x22; // "
  if (family === 6) {
    b[out.pos++] = 0x5b; // [
    putIPv6(out, words);
    b[out.pos++] = 0x5d; // ]
  } else {
    putIPv4(out, words[0]);
  }
  b[out.pos++] = 0x3a; // :
  putNumber(out, port);
  b[out.pos++] = 0x22;
}
