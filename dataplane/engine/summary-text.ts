/**
 * The human summary of `chainsim replay`: tcpreplay's three lines first (`Actual:`, `Rated:`,
 * `Flows:`) so that existing log scrapers work, then tables — interfaces, the hosted firewall,
 * policies, drops, connections, accounting. Rates use the virtual clock (the capture's own
 * time), so they are the same on every run; the wall-clock speed is on its own line.
 */
import type { Summary } from './summary.js';

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}

const fixed = (x: number | null, d = 2): string => (x === null ? 'n/a' : x.toFixed(d));

export function formatSummary(s: Summary): string {
  const secs = s.run.virtualSeconds;
  const flows = s.connections.created;
  const flowPackets = s.accounting.in - s.accounting.consumed - (s.drops.malformed ?? 0) - (s.drops['no-ingress'] ?? 0);
  const out: string[] = [];
  out.push(`Actual: ${s.input.packets} packets (${s.input.bytes} bytes) sent in ${secs.toFixed(6)} seconds`);
  out.push(
    `Rated: ${fixed(secs > 0 ? s.input.bytes / secs : null, 1)} Bps, ${fixed(secs > 0 ? (s.input.bytes * 8) / secs / 1e6 : null)} Mbps, ${fixed(secs > 0 ? s.input.packets / secs : null)} pps`,
  );
  out.push(`Flows: ${flows} flows, ${fixed(secs > 0 ? flows / secs : null)} fps, ${flowPackets} flow packets, ${s.input.packets - flowPackets} non-flow`);
  out.push(`Run: ${s.run.packetsPerSecond} packets/s on the wall clock (${s.run.wallSeconds.toFixed(3)} s)`);
  if (s.input.truncated) out.push('Input: truncated (the warnings say where)');
  out.push('');

  out.push(
    table(
      ['interface', 'rx packets', 'rx bytes', 'tx packets', 'tx bytes'],
      Object.entries(s.interfaces).map(([n, i]) => [n, i.rxPackets, i.rxBytes, i.txPackets, i.txBytes]),
    ),
  );
  out.push('');
  const fw = s.hostedFirewall;
  out.push(`Hosted firewall ${fw.name ?? '(none)'} ${fw.model ?? ''}: admin ${fw.adminState}, ${fw.processingState}`);
  out.push(
    table(
      ['', 'packets', 'bytes'],
      [
        ['sent to the VM', fw.packetsSent, fw.bytesSent],
        ['received from the VM', fw.packetsReceived, fw.bytesReceived],
        ['dropped by SD-WAN', fw.packetsDropped, fw.bytesDropped],
        ...Object.entries(fw.drops).map(([r, n]) => [`  ${r}`, n, '']),
      ],
    ),
  );
  out.push(
    `Redirect rate: offered ${fixed(fw.redirectMbps.offered)} Mbit/s, delivered ${fixed(fw.redirectMbps.delivered)} Mbit/s, busiest second ${fixed(fw.redirectMbps.peak1s)} Mbit/s`,
  );
  out.push('');
  out.push(
    table(
      ['policy', 'group', 'template', 'action', 'packets', 'bytes', 'connections'],
      s.policies.map((p) => [p.name, p.group, p.template ?? '-', p.action, p.packets, p.bytes, p.connections]),
    ),
  );
  out.push('');
  const drops = Object.entries(s.drops).filter(([, n]) => n > 0);
  out.push(drops.length === 0 ? 'Drops: none' : table(['drop reason', 'packets'], drops));
  const consumed = Object.entries(s.consumed).filter(([, n]) => n > 0);
  if (consumed.length > 0) out.push('', table(['consumed', 'packets'], consumed));
  out.push('');
  const c = s.connections;
  out.push(`Connections: ${c.created} created, ${c.active} active at the end, ${c.expired} expired, ${c.evicted} evicted, peak ${c.peak}`);
  const a = s.accounting;
  out.push(
    `Accounting: in ${a.in} = forwarded ${a.forwarded} + dropped ${a.dropped} + consumed ${a.consumed} + queued ${a.queued}: ${a.balanced ? 'balanced' : 'NOT BALANCED'}`,
  );
  return out.join('\n') + '\n';
}
