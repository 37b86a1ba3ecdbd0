import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDefaultConfig } from '../../../policy/index.js';
import { replay } from '../../../dataplane/engine/index.js';
import { rateChartSvg } from '../../../dataplane/engine/rate-chart.js';
import { WindowCounts } from '../../../dataplane/engine/windows.js';
import { repoRoot } from '../../support/env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-rate-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
type Node = Record<string, unknown>;
const asList = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Node[];
const byClass = (svg: Node, tag: string, cls: string): Node => asList(svg[tag]).find((n) => n.class === cls)!;
/** Window counts holding `bits[i]` in window i. */
function windowsOf(bits: ArrayLike<number>): WindowCounts {
  const w = new WindowCounts();
  for (let i = 0; i < bits.length; i++) w.add(i, bits[i]!);
  return w;
}

describe('redirect rate chart', () => {
  // Two windows, 300 and 150 Mbit/s offered, 100 and 50 delivered, a 100 Mbit/s ceiling. Worked
  // by hand: the highest value is 300, so the axis runs to ceil(315 / 100) × 100 = 400 Mbit/s
  // over 280 px from y = 316 up; windows sit at their middles, x = 64 + (i + 0.5) / 2 × 640.
  const svg = parser.parse(
    rateChartSvg({
      offered: windowsOf([300e6, 150e6]),
      delivered: windowsOf([100e6, 50e6]),
      rateBitsPerSecond: 100e6,
      burstBytes: 62_500,
      title: 'test <run>',
    }),
  ).svg as Node;

  it('draws offered and delivered per window on a linear Mbit/s axis', () => {
    expect(byClass(svg, 'polyline', 'offered').points).toBe('224.0,106.0 544.0,211.0');
    expect(byClass(svg, 'polyline', 'delivered').points).toBe('224.0,246.0 544.0,281.0');
  });

  it('draws the ceiling, and rate + burst just above it', () => {
    expect(byClass(svg, 'line', 'ceiling').y1).toBe('246.0');
    // 100.5 Mbit/s: 0.5 Mbit of burst is 0.35 px above the ceiling.
    expect(Number(byClass(svg, 'line', 'bound').y1)).toBeCloseTo(245.65, 1);
    expect(svg.title).toBe('test <run>');
  });

  it('draws at most MAX_POINTS points, each the busiest second of its bucket', () => {
    // 2,500 windows → buckets of 3 → 834 points; the one busy second (window 1000, in bucket
    // 333) must still reach the top of its line.
    const offered = new Float64Array(2500).fill(10e6);
    offered[1000] = 250e6;
    const chart = parser.parse(rateChartSvg({ offered: windowsOf(offered), delivered: windowsOf(new Float64Array(2500)), rateBitsPerSecond: 100e6, burstBytes: 62_500, title: 't' })).svg as Node;
    const ys = String(byClass(chart, 'polyline', 'offered').points)
      .split(' ')
      .map((p) => Number(p.split(',')[1]));
    expect(ys.length).toBe(834);
    expect(ys.indexOf(Math.min(...ys))).toBe(333);
  });

  it('keeps windows years apart without a slot per second, peak and chart included', () => {
    // A public capture spans ten years: 3.2e8 windows must cost two entries, not 2.6 GB.
    const w = new WindowCounts();
    w.add(0, 5e6);
    w.add(320_000_000, 7e6);
    expect(w.count).toBe(320_000_001);
    expect(w.peak()).toBe(7e6);
    const b = w.busiest(w.count, Math.ceil(w.count / 1000));
    expect(b.length).toBe(1000);
    expect([b[0], b[999]]).toEqual([5e6, 7e6]);
  });

  it('is written by replay --out-dir, one point per second of the capture', async () => {
    const outDir = path.join(dir, 'out');
    const r = await replay({ config: loadDefaultConfig(), inputs: [{ file: path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap'), bind: null }], outDir });
    const text = readFileSync(path.join(outDir, 'redirect-rate.svg'), 'utf8');
    const chart = parser.parse(text).svg as Node;
    const seconds = Math.ceil(r.summary.input.last! - r.summary.input.first! + 1e-9);
    const points = String(byClass(chart, 'polyline', 'delivered').points).split(' ');
    expect(points.length).toBeGreaterThanOrEqual(seconds);
    expect(points.length).toBeLessThanOrEqual(seconds + 1);
    expect(String(chart.title)).toContain('branch-mix.pcap');
  });
});
