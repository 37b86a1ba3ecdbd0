/**
 * Small captures made by hand for dataplane tests: each packet is a FrameSpec override plus
 * its time, written as a classic pcap (nanosecond) or pcapng with named interfaces.
 */
import { PcapWriter } from '../../dataplane/capture/index.js';
import { emitFrame, newFrameSpec, type FrameSpec } from '../../dataplane/wire/index.js';

export interface TestPacket extends Partial<FrameSpec> {
  /** Seconds after the capture's start. */
  t: number;
}

export const CAPTURE_EPOCH = 1_767_225_600;

export function ipv4(text: string): [number, number, number, number] {
  const [a, b, c, d] = text.split('.').map(Number);
  return [((a << 24) | (b << 16) | (c << 8) | d) >>> 0, 0, 0, 0];
}

export function frameOf(p: Partial<FrameSpec>): Buffer {
  const spec = { ...newFrameSpec(), ...p };
  const buf = Buffer.alloc(4096);
  const len = emitFrame(spec, buf, 0);
  return Buffer.from(buf.subarray(0, len));
}

export function writeCapture(file: string, packets: readonly TestPacket[], linkType = 1): void {
  const w = new PcapWriter(file, { linkType, resolution: 'ns' });
  for (const p of packets) {
    const frame = frameOf({ linkType, ...p });
    const ns = Math.round(p.t * 1e9);
    w.write(frame, 0, frame.length, frame.length, CAPTURE_EPOCH + Math.floor(ns / 1e9), ns % 1e9);
  }
  w.close();
}

const SYN = 0x02;
const ACK = 0x10;
const PSH = 0x08;
const FIN = 0x01;

/** A whole TCP connection: handshake, `data` exchanges (client then server), close. */
export function tcpConnection(client: string, clientPort: number, server: string, serverPort: number, t0: number, data = 1, gap = 0.001): TestPacket[] {
  const c = ipv4(client);
  const s = ipv4(server);
  const out: TestPacket[] = [];
  let t = t0;
  const push = (fromClient: boolean, flags: number, payloadLength = 0): void => {
    out.push({
      t,
      src: fromClient ? c : s,
      dst: fromClient ? s : c,
      srcPort: fromClient ? clientPort : serverPort,
      dstPort: fromClient ? serverPort : clientPort,
      proto: 6,
      tcpFlags: flags,
      payloadLength,
    });
    t += gap;
  };
  push(true, SYN);
  push(false, SYN | ACK);
  push(true, ACK);
  for (let i = 0; i < data; i++) {
    push(true, PSH | ACK, 100);
    push(false, PSH | ACK, 1000);
  }
  push(true, FIN | ACK);
  push(false, FIN | ACK);
  push(true, ACK);
  return out;
}
