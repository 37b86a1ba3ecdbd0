/**
 * A line chart as hand-written SVG (no dependency): log-scale x (a count: packets, connections
 * or rules), log-scale y (ns per packet: a warm-up-dominated small run costs 20× a long one,
 * which a linear axis would let flatten every other curve), gridlines at 1, 2 and 5 per decade,
 * one polyline with point markers per series, a legend. Enough for a reader to see a curve
 * bend; the table beside it has the numbers.
 */

export interface Series {
  name: string;
  points: readonly { x: number; y: number }[];
}

const W = 760;
const H = 440;
const M = { left: 70, right: 200, top: 40, bottom: 55 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function countLabel(x: number): string {
  if (x >= 1e6) return `${x / 1e6}M`;
  if (x >= 1e3) return `${x / 1e3}k`;
  return String(x);
}

export function lineChartSvg(title: string, xLabel: string, yLabel: string, series: readonly Series[]): string {
  const all = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.y));
  if (all.length === 0) return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><text x="20" y="40">${escape(title)}: no data</text></svg>\n`;
  const lo = Math.floor(Math.log10(Math.min(...all.map((p) => p.x))));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...all.map((p) => p.x)))));
  const ys = all.map((p) => p.y).filter((y) => y > 0);
  const yLo = Math.floor(Math.log10(Math.min(...ys)));
  const yHi = Math.max(yLo + 1, Math.ceil(Math.log10(Math.max(...ys))));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number): number => M.left + ((Math.log10(x) - lo) / (hi - lo)) * pw;
  const sy = (y: number): number => M.top + ph - ((Math.log10(y) - yLo) / (yHi - yLo)) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${M.left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`);
  for (let d = lo; d <= hi; d++) {
    const x = sx(10 ** d).toFixed(1);
    out.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${M.top + ph + 18}" text-anchor="middle">${countLabel(10 ** d)}</text>`);
  }
  for (let d = yLo; d <= yHi; d++) {
    for (const m of d === yHi ? [1] : [1, 2, 5]) {
      const y = m * 10 ** d;
      const yy = sy(y).toFixed(1);
      out.push(`<line x1="${M.left}" y1="${yy}" x2="${M.left + pw}" y2="${yy}" stroke="${m === 1 ? '#ccc' : '#eee'}"/>`);
      out.push(`<text x="${M.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle">${countLabel(y)}</text>`);
    }
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + pw / 2}" y="${H - 14}" text-anchor="middle">${escape(xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`);
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const pts = s.points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.y));
    if (pts.length === 0) return;
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${color}"><title>${escape(`${s.name}: ${countLabel(p.x)} → ${p.y.toFixed(0)}`)}</title></circle>`);
    }
    const ly = M.top + 10 + i * 22;
    out.push(`<line x1="${W - M.right + 16}" y1="${ly}" x2="${W - M.right + 40}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<text x="${W - M.right + 46}" y="${ly}" dominant-baseline="middle">${escape(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
