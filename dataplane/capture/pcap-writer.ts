/**
 * Writes classic pcap (version 2.4), micro- or nanosecond, in either byte order. Frames longer
 * than the snaplen are cut to it, keeping their original length, as tcpdump -s does.
 *
 *   const w = new PcapWriter('out.pcap', { linkType: 1 });
 *   w.write(frame, 0, frame.length, frame.length, 1700000000, 123456000);
 *   w.close();
 */
import { chainsimError } from '../../policy/index.js';
import { FileSink, checkSlice } from './file-sink.js';
import {
  MAX_SNAPLEN,
  PCAP_FILE as FILE,
  PCAP_FILE_HEADER_LEN,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  PCAP_RECORD as RECORD,
  PCAP_RECORD_HEADER_LEN,
  PCAP_VERSION,
} from './pcap-format.js';
import type { ByteOrder } from './types.js';

export interface PcapWriterOptions {
  linkType: number;
  /** Default 262144. */
  snaplen?: number;
  /** Timestamp resolution: microseconds (the default) or nanoseconds. */
  resolution?: 'us' | 'ns';
  /** Default little. */
  byteOrder?: ByteOrder;
  /** Output buffer size in bytes (default 256 KiB: file-sink.ts says why). */
  bufferSize?: number;
}

const MAX_U32 = 0xffffffff;

export class PcapWriter {
  /** Records written so far. */
  records = 0;
  private readonly sink: FileSink;
  private readonly le: boolean;
  private readonly nsPerTick: number;
  private readonly snaplen: number;

  constructor(
    readonly path: string,
    opts: PcapWriterOptions,
  ) {
    const nano = opts.resolution === 'ns';
    this.le = (opts.byteOrder ?? 'little') === 'little';
    this.nsPerTick = nano ? 1 : 1000;
    this.snaplen = opts.snaplen ?? MAX_SNAPLEN;
    if (!isU32(this.snaplen) || this.snaplen === 0 || !isU32(opts.linkType)) {
      throw chainsimError(
        'CHAINSIM_INTERNAL',
        `${path}: pcap writer needs a snaplen of 1..${MAX_U32} and a link type of 0..${MAX_U32}`,
      );
    }
    this.sink = new FileSink(path, opts.bufferSize);
    const b = this.sink.view;
    this.put32(b, FILE.magic, nano ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO);
    this.put16(b, FILE.versionMajor, PCAP_VERSION.major);
    this.put16(b, FILE.versionMinor, PCAP_VERSION.minor);
    this.put32(b, FILE.thiszone, 0);
    this.put32(b, FILE.sigfigs, 0);
    this.put32(b, FILE.snaplen, this.snaplen);
    this.put32(b, FILE.linkType, opts.linkType);
    this.sink.pos = PCAP_FILE_HEADER_LEN;
  }

  /** Writes `buf[start, start + caplen)` as one record; caplen above the snaplen is cut to it. */
  write(
    buf: Buffer,
    start: number,
    caplen: number,
    origlen: number,
    tsSec: number,
    tsNsec: number,
  ): void {
    const sink = this.sink;
    if (sink.closed) throw chainsimError('CHAINSIM_INTERNAL', `${this.path}: write after close`);
    if (!isU32(tsSec) || !(tsNsec >= 0 && tsNsec < 1e9) || !isU32(origlen)) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        `${this.path}: record ${this.records + 1}: timestamp ${tsSec}.${tsNsec} s or length ${origlen} does not fit a pcap record`,
      );
    }
    const len = caplen < this.snaplen ? caplen : this.snaplen;
    checkSlice(this.path, buf, start, len);
    sink.reserve(PCAP_RECORD_HEADER_LEN + len);
    const v = sink.view;
    const p = sink.pos;
    this.put32(v, p + RECORD.sec, tsSec);
    this.put32(v, p + RECORD.frac, Math.floor(tsNsec / this.nsPerTick));
    this.put32(v, p + RECORD.caplen, len);
    this.put32(v, p + RECORD.origlen, origlen);
    buf.copy(sink.buf, p + PCAP_RECORD_HEADER_LEN, start, start + len);
    sink.pos = p + PCAP_RECORD_HEADER_LEN + len;
    this.records++;
  }

  /** Flushes and closes the file; later calls do nothing. */
  close(): void {
    this.sink.close();
  }

  private put32(view: DataView, p: number, v: number): void {
    view.setUint32(p, v, this.le);
  }

  private put16(view: DataView, p: number, v: number): void {
    view.setUint16(p, v, this.le);
  }
}

function isU32(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= MAX_U32;
}
