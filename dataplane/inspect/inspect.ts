/**
 * `chainsim inspect`: what capinfos tells about a capture, plus what this field needs — VLAN
 * ids (outer and inner), the protocol mix, connections by canonical 5-tuple, malformed frames
 * by reason. One streaming pass with the same reader and decoder the dataplane uses.
 */
import { openCapture } from '../capture/index.js';
import { DECODE_IP, DECODE_MALFORMED, MALFORMED_REASONS, PacketView, decodeFrame, linkTypeName } from '../wire/index.js';
import { ConnectionCounter } from './connection-counter.js';

export interface InspectResult {
  file: string;
  format: 'pcap' | 'pcapng';
  byteOrder: 'little' | 'big';
  timestampResolution: string;
  linkTypes: string[];
  packets: number;
  bytes: number;
  capturedBytes: number;
  first: number | null;
  last: number | null;
  durationSeconds: number | null;
  mbps: number | null;
  vlans: { outer: Record<string, number>; inner: Record<string, number> };
  protocols: {
    ipv4: number;
    ipv6: number;
    tcp: number;
    udp: number;
    icmp: number;
    icmpv6: number;
    fragments: number;
    nonIp: number;
    other: number;
  };
  connections: number;
  malformed: Record<string, number>;
  truncated: { offset: number } | null;
  warnings: string[];
}

/** An exact timestamp: whole seconds and nanoseconds, compared without floating point. */
interface Instant {
  sec: number;
  nsec: number;
}

function before(aSec: number, aNsec: number, b: Instant): boolean {
  return aSec < b.sec || (aSec === b.sec && aNsec < b.nsec);
}

function bump(map: Map<number, number>, key: number): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord(map: Map<number | string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[String(key)] = map.get(key)!;
  return out;
}

export function inspectCapture(file: string): InspectResult {
  const reader = openCapture(file);
  try {
    const view = new PacketView();
    const outer = new Map<number, number>();
    const inner = new Map<number, number>();
    const malformed = new Map<string, number>();
    const linkTypes = new Set<number>();
    const connections = new ConnectionCounter();
    const protocols = { ipv4: 0, ipv6: 0, tcp: 0, udp: 0, icmp: 0, icmpv6: 0, fragments: 0, nonIp: 0, other: 0 };
    let packets = 0;
    let bytes = 0;
    let capturedBytes = 0;
    let first: Instant | null = null;
    let last: Instant | null = null;

    for (let rec = reader.next(); rec !== null; rec = reader.next()) {
      packets++;
      bytes += rec.origlen;
      capturedBytes += rec.caplen;
      linkTypes.add(rec.linkType);
      if (first === null || before(rec.tsSec, rec.tsNsec, first)) first = { sec: rec.tsSec, nsec: rec.tsNsec };
      if (last === null || before(last.sec, last.nsec, { sec: rec.tsSec, nsec: rec.tsNsec })) {
        last = { sec: rec.tsSec, nsec: rec.tsNsec };
      }

      const status = decodeFrame(view, rec.data, rec.start, rec.caplen, rec.origlen, rec.linkType);
      if (view.vlanOuter >= 0) bump(outer, view.vlanOuter);
      if (view.vlanInner >= 0) bump(inner, view.vlanInner);
      if (status === DECODE_MALFORMED) {
        const reason = MALFORMED_REASONS[view.malformed] ?? `decode.unknown(${view.malformed})`;
        malformed.set(reason, (malformed.get(reason) ?? 0) + 1);
        continue;
      }
      if (status !== DECODE_IP) {
        protocols.nonIp++;
        continue;
      }
      if (view.family === 4) protocols.ipv4++;
      else protocols.ipv6++;
      if (view.isFragment) protocols.fragments++;
      switch (view.proto) {
        case 6:
          protocols.tcp++;
          break;
        case 17:
          protocols.udp++;
          break;
        case 1:
          protocols.icmp++;
          break;
        case 58:
          protocols.icmpv6++;
          break;
        default:
          protocols.other++;
      }
      // A later fragment carries no ports: it belongs to its datagram's connection, not a new one.
      if (!view.isLaterFragment) connections.add(view);
    }

    const durationSeconds = first && last ? last.sec - first.sec + (last.nsec - first.nsec) / 1e9 : null;
    const warnings = reader.warnings.map((w) => w.message);
    return {
      file,
      format: reader.format,
      byteOrder: reader.byteOrder,
      timestampResolution: reader.timestampResolution,
      linkTypes: [...linkTypes].sort((a, b) => a - b).map(linkTypeName),
      packets,
      bytes,
      capturedBytes,
      first: first ? first.sec + first.nsec / 1e9 : null,
      last: last ? last.sec + last.nsec / 1e9 : null,
      durationSeconds,
      mbps: durationSeconds && durationSeconds > 0 ? (bytes * 8) / durationSeconds / 1e6 : null,
      vlans: { outer: sortedRecord(outer), inner: sortedRecord(inner) },
      protocols,
      connections: connections.size,
      malformed: sortedRecord(malformed),
      truncated: reader.truncated ? { offset: reader.truncated.offset } : null,
      warnings,
    };
  } finally {
    reader.close();
  }
}
