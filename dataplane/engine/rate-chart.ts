/**
 * The picture of the ceiling at work (`--out-dir D` writes it as `D/redirect-rate.svg`): the
 * traffic redirected to the hosted firewall per 1-second window of the virtual clock — offered
 * (by arrival at the ceiling) and delivered (by departure past it) — against the configured
 * rate and rate + burst, the bound SPEC.md sets on any window. Plain SVG, no dependency; the
 * same run gives the same bytes (no dates, numbers rounded to fixed decimals).
 */
/** Bits per 1-second window (windows.ts). */
export interface WindowSeries {
  /** One past the last window with bits. */
  readonly count: number;
  /** The busiest window of each run of `bucket` windows, over the first `windows`. */
  busiest(windows: number, bucket: number): Float64Array;
}

export interface RateChartInput {
  /** By arrival at the ceiling, and by departure past it. */
  readonly offered: WindowSeries;
  readonly delivered: WindowSeries;
  readonly rateBitsPerSecond: number;
  readonly burstBytes: number;
  readonly title: string;
}

const WIDTH = 720;
const HEIGHT = 360;
const LEFT = 64;
const RIGHT = 16;
const TOP = 36;
const BOTTOM = 44;

/** At most this many points per line: a capture spanning days (or a clock that jumps) would
 * otherwise draw one point per second. Each point is then the busiest second of its bucket,
 * so the windows that pass the bound still show. */
export const MAX_POINTS = 1000;

const fixed = (n: number): string => n.toFixed(1);

/** A 1-2-5 step that gives about `ticks` divisions of `max`. */
function step(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function rateChartSvg(input: RateChartInput): string {
  const windows = Math.max(1, input.offered.count, input.delivered.count);
  const mbps = (bits: number): number => bits / 1e6;
  const ceiling = mbps(input.rateBitsPerSecond);
  const bound = mbps(input.rateBitsPerSecond + input.burstBytes * 8);
  const bucket = Math.max(1, Math.ceil(windows / MAX_POINTS));
  const offered = input.offered.busiest(windows, bucket);
  const delivered = input.delivered.busiest(windows, bucket);
  const points = offered.length;
  let top = bound;
  for (const a of [offered, delivered]) for (const v of a) top = Math.max(top, mbps(v));
  const yStep = step(top * 1.05, 6);
  const yMax = Math.ceil((top * 1.05) / yStep) * yStep;
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  // Each point is drawn at the middle of its windows; one window alone sits in the middle.
  const x = (j: number): number => LEFT + (Math.min(windows, (j + 0.5) * bucket) / windows) * plotW;
  const y = (v: number): number => TOP + plotH - (v / yMax) * plotH;
  const line = (a: Float64Array): string => Array.from({ length: points }, (_, j) => `${fixed(x(j))},${fixed(y(mbps(a[j] ?? 0)))}`).join(' ');

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`);
  out.push(`<title>${escape(input.title)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`);
  out.push(`<text x="${LEFT}" y="20" font-size="13">${escape(input.title)}</text>`);
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(v))}" y2="${fixed(y(v))}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${LEFT - 6}" y="${fixed(y(v) + 4)}" text-anchor="end">${+v.toFixed(6)}</text>`);
  }
  const xStep = step(windows, 8);
  for (let s = 0; s <= windows; s += Math.max(1, xStep)) {
    const px = LEFT + (s / windows) * plotW;
    out.push(`<text x="${fixed(px)}" y="${HEIGHT - BOTTOM + 16}" text-anchor="middle">${s}</text>`);
  }
  const windowsText = bucket === 1 ? '1-second windows' : `each point the busiest 1-second window of ${bucket}`;
  out.push(`<text x="${LEFT + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">seconds from the first packet (${windowsText})</text>`);
  out.push(`<text transform="translate(14 ${TOP + plotH / 2}) rotate(-90)" text-anchor="middle">Mbit/s on the internal link</text>`);
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  out.push(`<line class="ceiling" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(ceiling))}" y2="${fixed(y(ceiling))}" stroke="#d62728" stroke-width="1.5"/>`);
  out.push(`<line class="bound" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${fixed(y(bound))}" y2="${fixed(y(bound))}" stroke="#d62728" stroke-dasharray="5 4"/>`);
  out.push(`<polyline class="offered" points="${line(offered)}" fill="none" stroke="#9e9e9e" stroke-width="1.5"/>`);
  out.push(`<polyline class="delivered" points="${line(delivered)}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  const legend: [string, string, string][] = [
    ['#9e9e9e', '', 'offered'],
    ['#1f77b4', '', 'delivered'],
    ['#d62728', '', `ceiling ${+ceiling.toFixed(3)} Mbit/s`],
    ['#d62728', '5 4', 'ceiling + burst (a window\u2019s bound)'],
  ];
  legend.forEach(([color, dash, label], i) => {
    const ly = TOP + 14 + i * 15;
    out.push(`<line x1="${LEFT + 10}" x2="${LEFT + 34}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    out.push(`<text x="${LEFT + 40}" y="${ly + 4}">${escape(label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
