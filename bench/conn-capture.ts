/**
 * Captures with a chosen number of concurrent connections (`gen imix` fixes 10k flows per
 * million packets, so the connection-scaling curve builds its own): `flows` TCP connections
 * from LAN clients (10.0.0.1 + i) to internet servers (52.96.0.0 + i % 4096, port 443), visited
 * round-robin so that every one is live from its SYN to the end: visit 0 is the client's SYN,
 * visit 1 the server's SYN-ACK, then ACKs alternating direction. Frames are 60 bytes, 8 µs
 * apart (60 Mbit/s: under the default 100 Mbit/s ceiling, so every packet takes the whole
 * redirect path) — the virtual clock never reaches a timeout. Deterministic: same arguments,
 * same bytes.
 */
import { fileURLToPath } from 'node:url';
import { PcapWriter } from '../dataplane/capture/index.js';
import { GEN_EPOCH } from '../dataplane/gen/index.js';
import { IP_PROTO, emitFrame, frameSpecLength, newFrameSpec } from '../dataplane/wire/index.js';
import { cachedCapture } from './capture-file.js';

const GAP_NS = 8000;
const FRAME = 60;
const SYN = 0x02;
const ACK = 0x10;

/** Packets of a connection-scaling capture: enough for a steady state, at least two per flow. */
export function connCapturePackets(flows: number, basePackets: number): number {
  return Math.max(basePackets, 2 * flows);
}

function build(file: string, flows: number, packets: number): void {
  const spec = newFrameSpec();
  spec.proto = IP_PROTO.TCP;
  spec.dstPort = 443;
  const base = FRAME - frameSpecLength(spec);
  spec.payloadLength = base > 0 ? base : 0;
  const frame = Buffer.alloc(128);
  const a = [0, 0, 0, 0];
  const b = [0, 0, 0, 0];
  const writer = new PcapWriter(file, { linkType: 1, resolution: 'ns' });
  try {
    for (let n = 0; n < packets; n++) {
      const i = n % flows;
      const visit = Math.floor(n / flows);
      const client = (0x0a000001 + i) >>> 0;
      const server = (0x34600000 + (i % 4096)) >>> 0;
      const clientPort = 1024 + (i % 60000);
      const fromClient = visit % 2 === 0;
      a[0] = fromClient ? client : server;
      b[0] = fromClient ? server : client;
      spec.src = a;
      spec.dst = b;
      spec.srcPort = fromClient ? clientPort : 443;
      spec.dstPort = fromClient ? 443 : clientPort;
      spec.tcpFlags = visit === 0 ? SYN : visit === 1 ? SYN | ACK : ACK;
      spec.seq = fromClient ? 1000 + visit : 5000 + visit;
      spec.ack = visit === 0 ? 0 : fromClient ? 5001 : 1001;
      const len = emitFrame(spec, frame, 0);
      const ns = n * GAP_NS;
      writer.write(frame, 0, len, len, GEN_EPOCH + Math.floor(ns / 1e9), ns % 1e9);
    }
  } finally {
    writer.close();
  }
}

/** The cached capture with `flows` concurrent connections over `packets` packets. */
export function connCapture(flows: number, packets: number): string {
  if (flows > 0xffffff) throw new Error('bench: at most 16M flows (clients are 10.0.0.1 + i)');
  const self = fileURLToPath(import.meta.url);
  return cachedCapture(`conns-${flows}-${packets}`, { flows, packets, gapNs: GAP_NS, frame: FRAME }, (out) => build(out, flows, packets), [self]);
}
