/** The human form of `chainsim inspect`: capinfos's layout, then what chainsim adds. */
import type { InspectResult } from './inspect.js';

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k} (${v})`).join(', ');
}

function isoTime(epochSeconds: number | null): string {
  if (epochSeconds === null) return 'n/a';
  return new Date(Math.floor(epochSeconds * 1000)).toISOString();
}

export function formatInspect(r: InspectResult): string {
  const p = r.protocols;
  const lines = [
    `File name:           ${r.file}`,
    `File format:         ${r.format} (${r.byteOrder}-endian, ${r.timestampResolution})`,
    `Link types:          ${r.linkTypes.join(', ') || 'none'}`,
    `Packets:             ${r.packets}`,
    `Data size:           ${r.bytes} bytes (captured ${r.capturedBytes})`,
    `First packet time:   ${isoTime(r.first)}`,
    `Last packet time:    ${isoTime(r.last)}`,
    `Duration:            ${r.durationSeconds === null ? 'n/a' : `${r.durationSeconds.toFixed(6)} s`}`,
    `Average rate:        ${r.mbps === null ? 'n/a' : `${r.mbps.toFixed(3)} Mbit/s`}`,
    `Protocols:           IPv4 ${p.ipv4}, IPv6 ${p.ipv6}; TCP ${p.tcp}, UDP ${p.udp}, ICMP ${p.icmp}, ICMPv6 ${p.icmpv6}, other ${p.other}; fragments ${p.fragments}; non-IP ${p.nonIp}`,
    `VLANs (outer):       ${counts(r.vlans.outer)}`,
    `VLANs (inner):       ${counts(r.vlans.inner)}`,
    `Connections:         ${r.connections}`,
    `Malformed:           ${counts(r.malformed)}`,
    `Truncated:           ${r.truncated ? `yes, at byte ${r.truncated.offset}` : 'no'}`,
  ];
  for (const w of r.warnings) lines.push(`Warning:             ${w}`);
  return lines.join('\n') + '\n';
}
