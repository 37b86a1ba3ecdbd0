/**
 * The trace's byte encoder against SPEC's line written the plain way (a template string, as
 * the trace was first written: the oracle below), on random contexts; and the sink's order:
 * lines handed over in any completion order come out in input order, held lines included.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PacketContext, Pipeline, VERDICT_NAME, DROP_NAME } from '../../../dataplane/engine/index.js';
import { TraceFormatter } from '../../../dataplane/engine/trace.js';
import { TraceSink } from '../../../dataplane/engine/trace-sink.js';
import { formatEndpoint, protoName } from '../../../dataplane/wire/index.js';
import { loadDefaultConfig } from '../../../policy/index.js';
import { FW_VERDICT_NAMES, type Firewall } from '../../../vwire/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chainsim-trace-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pipeline = new Pipeline(loadDefaultConfig().config);
const tables = pipeline.tables;
const firewall: Firewall = pipeline.firewall;

/** SPEC.md's trace line as a template: the text the encoder must reproduce byte for byte. */
function oracle(ctx: PacketContext): string {
  const j = JSON.stringify;
  const ip = ctx.family !== 0;
  const iface = (i: number): string => (i >= 0 ? j(tables.interfaceNames[i]) : 'null');
  const p = ctx.entry >= 0 ? tables.policies[ctx.entry] : null;
  const rule = p === null || p.group === 'default' ? 'null' : j({ group: p.group, template: p.template, name: p.name });
  const redirect =
    ctx.fwIface !== 0
      ? `{"serviceRedirectInterface":${j(ctx.sri)},"interface":${ctx.fwIface},"vlan":${ctx.fwVlan < 0 ? 'null' : ctx.fwVlan}}`
      : 'null';
  const zone = (z: number): string => (z >= 0 ? j(firewall.zoneName(z)) : 'null');
  const fw =
    ctx.fwVerdict !== 0
      ? `{"rule":${ctx.fwRule >= 0 ? j(firewall.ruleName(ctx.fwRule)) : 'null'},"verdict":"${FW_VERDICT_NAMES[ctx.fwVerdict - 1]}","zones":[${zone(ctx.fwFromZone)},${zone(ctx.fwToZone)}]}`
      : 'null';
  return (
    `{"i":${ctx.index},"t":${ctx.tNs / 1e9},"in":${iface(ctx.inIface)},"vlan":${ctx.vlan >= 0 ? ctx.vlan : 'null'},` +
    `"proto":${ip ? j(protoName(ctx.proto)) : 'null'},` +
    `"src":${ip ? j(formatEndpoint(ctx.family, ctx.src, ctx.srcPort)) : 'null'},` +
    `"dst":${ip ? j(formatEndpoint(ctx.family, ctx.dst, ctx.dstPort)) : 'null'},` +
    `"flow":${ctx.flow > 0 ? ctx.flow : 'null'},"dir":${ctx.dir === 0 ? '"initiator"' : ctx.dir === 1 ? '"responder"' : 'null'},` +
    `"rule":${ctx.entry >= 0 ? rule : 'null'},"action":${p ? j(p.action) : 'null'},"redirect":${redirect},"fw":${fw},` +
    `"ceiling":${ctx.ceilingNs >= 0 ? ctx.ceilingNs / 1e9 : 'null'},"out":${iface(ctx.outIface)},` +
    `"verdict":"${VERDICT_NAME[ctx.verdict]}","reason":${ctx.reason > 0 ? `"${DROP_NAME[ctx.reason]}"` : 'null'}}`
  );
}

const word = fc.integer({ min: 0, max: 0xffffffff });
const arbContext = fc
  .record({
    index: fc.integer({ min: 1, max: 2 ** 40 }),
    tNs: fc.oneof(fc.integer({ min: 0, max: 2 ** 50 }), fc.double({ min: 0, max: 1e12, noNaN: true })),
    inIface: fc.integer({ min: -1, max: tables.interfaceNames.length - 1 }),
    vlan: fc.integer({ min: -1, max: 4095 }),
    family: fc.constantFrom(0, 4, 6),
    proto: fc.integer({ min: 0, max: 255 }),
    src: fc.array(fc.oneof(word, fc.constant(0)), { minLength: 4, maxLength: 4 }),
    dst: fc.array(fc.oneof(word, fc.constant(0)), { minLength: 4, maxLength: 4 }),
    srcPort: fc.integer({ min: 0, max: 65535 }),
    dstPort: fc.integer({ min: 0, max: 65535 }),
    flow: fc.integer({ min: 0, max: 2 ** 32 }),
    dir: fc.constantFrom(-1, 0, 1),
    entry: fc.integer({ min: -1, max: tables.policies.length - 1 }),
    fwIface: fc.constantFrom(0, 1, 2),
    fwVlan: fc.integer({ min: -1, max: 4095 }),
    sri: fc.constantFrom('LAN-side', 'WAN-side', 'ünï "side"'),
    fwVerdict: fc.integer({ min: 0, max: FW_VERDICT_NAMES.length }),
    fwRule: fc.integer({ min: -1, max: firewall.ruleCount + 1 }),
    fwFromZone: fc.integer({ min: -1, max: firewall.zoneNames.length - 1 }),
    fwToZone: fc.integer({ min: -1, max: firewall.zoneNames.length - 1 }),
    ceilingNs: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 2 ** 40 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
    outIface: fc.integer({ min: -1, max: tables.interfaceNames.length - 1 }),
    verdict: fc.integer({ min: 1, max: VERDICT_NAME.length - 1 }),
    reason: fc.integer({ min: 0, max: DROP_NAME.length - 1 }),
  })
  .map((r) => {
    const ctx = new PacketContext();
    const { src, dst, ...rest } = r;
    Object.assign(ctx, rest);
    ctx.src.set(src);
    ctx.dst.set(dst);
    return ctx;
  });

describe('TraceFormatter', () => {
  it('encodes the same bytes as the template line, for any context', () => {
    const formatter = new TraceFormatter(tables, firewall);
    fc.assert(
      fc.property(fc.array(arbContext, { minLength: 1, maxLength: 5 }), (ctxs) => {
        // Several lines in a row: the per-combination segments are reused across packets.
        for (const ctx of ctxs) expect(formatter.line(ctx)).toBe(oracle(ctx));
      }),
      { numRuns: 500 },
    );
  });
});

describe('TraceSink', () => {
  it('writes lines in input order whatever order the packets finish in', () => {
    const formatter = new TraceFormatter(tables, firewall);
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(arbContext, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 3000 }),
        (ctxs, seed, span) => {
          ctxs.forEach((c, i) => (c.index = i + 1));
          // A completion order: each packet finishes some time after it arrived (its wait).
          let s = seed;
          const finish = ctxs.map((c) => {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            return { c, at: c.index + (s % span) };
          });
          finish.sort((a, b) => a.at - b.at || a.c.index - b.c.index);
          const file = path.join(dir, `order-${++run}.jsonl`);
          const sink = new TraceSink(file);
          for (const { c } of finish) sink.addPacket(c, formatter);
          sink.close();
          expect(fs.readFileSync(file, 'utf8')).toBe(ctxs.map((c) => `${oracle(c)}\n`).join(''));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('holds many lines at once (ring and arena grow) and takes text lines the same way', () => {
    const n = 5000;
    const file = path.join(dir, 'many.jsonl');
    const sink = new TraceSink(file);
    const text = (i: number): string => `{"i":${i},"pad":"${'ü'.repeat(i % 97)}"}`;
    // Every line but the first arrives before it, in reverse: all wait for packet 1.
    for (let i = n; i >= 2; i--) sink.add(i, text(i));
    sink.add(1, text(1));
    sink.close();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBe(n + 1);
    expect(lines.slice(0, n)).toEqual(Array.from({ length: n }, (_, i) => text(i + 1)));
  });

  it('leaves out lines still waiting for a packet that never finished', () => {
    const file = path.join(dir, 'gap.jsonl');
    const sink = new TraceSink(file);
    sink.add(1, 'a');
    sink.add(3, 'c');
    sink.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('a\n');
  });
});
