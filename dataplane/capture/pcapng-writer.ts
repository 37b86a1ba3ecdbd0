/**
 * Writes pcapng: one section, interfaces added as needed, packets as Enhanced Packet Blocks
 * with an optional opt_comment (chainsim writes drop reasons there). Frames longer than their
 * interface's snaplen are cut to it, keeping their original length.
 *
 *   const w = new PcapngWriter('dropped.pcapng', { application: 'chainsim 0.1.0' });
 *   const lan = w.addInterface({ linkType: 1, name: 'LAN-1' });
 *   w.write(lan, frame, 0, frame.length, frame.length, 1700000000, 5000, 'fw-deny');
 *   w.close();
 */
import { chainsimError } from '../../policy/index.js';
import { pad4 } from './bytes.js';
import { FileSink, checkSlice } from './file-sink.js';
import { MAX_SNAPLEN } from './pcap-format.js';
import { BLOCK, BYTE_ORDER_MAGIC, EPB, IDB, OPT, OPTION_HEADER_LEN, SHB } from './pcapng-format.js';
import { toUnits, type UnitsOut } from './timestamp.js';
import type { ByteOrder } from './types.js';

export interface PcapngWriterOptions {
  /** Default little. */
  byteOrder?: ByteOrder;
  /** Written as the section's shb_userappl. */
  application?: string;
  /** Output buffer size in bytes (default 256 KiB: file-sink.ts says why). */
  bufferSize?: number;
}

export interface PcapngInterfaceOptions {
  linkType: number;
  name?: string;
  /** Default 262144; 0 means no limit. */
  snaplen?: number;
  /** 6: microseconds (the default), 9: nanoseconds. */
  tsresol?: 6 | 9;
}

const MAX_OPTION_LEN = 0xffff;
/** Distinct comments kept encoded (see commentBytes). */
const MAX_KEPT_COMMENTS = 256;
const NO_HEAD = new Uint8Array(0);

export class PcapngWriter {
  /** Records written so far. */
  records = 0;
  private readonly sink: FileSink;
  private readonly le: boolean;
  private readonly snaplens: number[] = [];
  private readonly unitsPerSec: number[] = [];
  private readonly ts: UnitsOut = { hi: 0, lo: 0 };
  private readonly comments = new Map<string, Buffer>();

  constructor(
    readonly path: string,
    opts: PcapngWriterOptions = {},
  ) {
    this.le = (opts.byteOrder ?? 'little') === 'little';
    this.sink = new FileSink(path, opts.bufferSize);
    const app = opts.application === undefined ? null : this.optionText(opts.application);
    const len = SHB.minLen + (app === null ? 0 : optionSize(app.length) + OPTION_HEADER_LEN);
    const p = this.open(BLOCK.SHB, len);
    this.put32(p + SHB.byteOrderMagic, BYTE_ORDER_MAGIC);
    this.put16(p + SHB.versionMajor, 1);
    this.put16(p + SHB.versionMinor, 0);
    // Section length -1: not known (the file is streamed).
    this.put32(p + SHB.sectionLength, 0xffffffff);
    this.put32(p + SHB.sectionLength + 4, 0xffffffff);
    let q = p + SHB.options;
    if (app !== null) {
      q = this.putOption(q, OPT.shbUserAppl, app);
      q = this.putEndOfOptions(q);
    }
    this.close32(q, len);
  }

  /** Declares an interface; returns its id, which `write` takes. */
  addInterface(opts: PcapngInterfaceOptions): number {
    if (this.sink.closed) {
      throw chainsimError('CHAINSIM_INTERNAL', `${this.path}: interface added after close`);
    }
    const snaplen = opts.snaplen ?? MAX_SNAPLEN;
    const tsresol = opts.tsresol ?? 6;
    if (!isUint(opts.linkType, 0xffff) || !isUint(snaplen, 0xffffffff) || (tsresol !== 6 && tsresol !== 9)) {
      throw chainsimError(
        'CHAINSIM_INTERNAL',
        `${this.path}: interface needs a link type of 0..65535, a 32-bit snaplen and tsresol 6 or 9`,
      );
    }
    const name = opts.name === undefined ? null : this.optionText(opts.name);
    let optLen = optionSize(1);
    if (name !== null) optLen += optionSize(name.length);
    const len = IDB.minLen + optLen + OPTION_HEADER_LEN;
    const p = this.open(BLOCK.IDB, len);
    this.put16(p + IDB.linkType, opts.linkType);
    this.put16(p + IDB.reserved, 0);
    this.put32(p + IDB.snaplen, snaplen);
    let q = p + IDB.options;
    if (name !== null) q = this.putOption(q, OPT.ifName, name);
    this.put16(q, OPT.ifTsresol);
    this.put16(q + 2, 1);
    this.put32(q + 4, 0);
    this.sink.buf[q + 4] = tsresol;
    q = this.putEndOfOptions(q + optionSize(1));
    this.close32(q, len);
    this.snaplens.push(snaplen);
    this.unitsPerSec.push(10 ** tsresol);
    return this.snaplens.length - 1;
  }

  /**
   * Writes `buf[start, start + caplen)` as an EPB on interface `ifIndex`, with `comment` as
   * its opt_comment when given.
   */
  write(
    ifIndex: number,
    buf: Buffer,
    start: number,
    caplen: number,
    origlen: number,
    tsSec: number,
    tsNsec: number,
    comment: string | null = null,
  ): void {
    this.record(ifIndex, NO_HEAD, 0, buf, start, caplen, origlen, tsSec, tsNsec, comment);
  }

  /**
   * Writes one EPB whose frame is `head[0, headLen)` followed by `buf[start, start + bodyLen)`
   * (cut at the snaplen like any frame). For a caller that puts a new link header before
   * captured bytes: the frame is copied once, into the output, instead of assembled first.
   */
  writeFramed(
    ifIndex: number,
    head: Uint8Array,
    headLen: number,
    buf: Buffer,
    start: number,
    bodyLen: number,
    origlen: number,
    tsSec: number,
    tsNsec: number,
  ): void {
    this.record(ifIndex, head, headLen, buf, start, bodyLen, origlen, tsSec, tsNsec, null);
  }

  /** Flushes and closes the file; later calls do nothing. */
  close(): void {
    this.sink.close();
  }

  private record(
    ifIndex: number,
    head: Uint8Array,
    headLen: number,
    buf: Buffer,
    start: number,
    bodyLen: number,
    origlen: number,
    tsSec: number,
    tsNsec: number,
    comment: string | null,
  ): void {
    const sink = this.sink;
    if (sink.closed) throw chainsimError('CHAINSIM_INTERNAL', `${this.path}: write after close`);
    const snaplen = this.snaplens[ifIndex];
    if (snaplen === undefined) {
      throw chainsimError('CHAINSIM_INTERNAL', `${this.path}: interface ${ifIndex} was never added`);
    }
    const frameLen = headLen + bodyLen;
    const len = snaplen !== 0 && frameLen > snaplen ? snaplen : frameLen;
    const headCut = headLen < len ? headLen : len;
    const bodyCut = len - headCut;
    checkSlice(this.path, buf, start, bodyCut);
    const ts = this.ts;
    if (
      !isUint(tsSec, Number.MAX_SAFE_INTEGER) ||
      !(tsNsec >= 0 && tsNsec < 1e9) ||
      !isUint(origlen, 0xffffffff) ||
      !toUnits(tsSec, tsNsec, this.unitsPerSec[ifIndex], ts)
    ) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        `${this.path}: record ${this.records + 1}: timestamp ${tsSec}.${tsNsec} s or length ${origlen} does not fit a pcapng record`,
      );
    }
    const text = comment === null ? null : this.commentBytes(comment);
    const dataLen = pad4(len);
    const optLen = text === null ? 0 : optionSize(text.length) + OPTION_HEADER_LEN;
    const blockLen = EPB.minLen + dataLen + optLen;
    sink.reserve(blockLen);
    const b = sink.buf;
    const v = sink.view;
    const le = this.le;
    const p = sink.pos;
    v.setUint32(p, BLOCK.EPB, le);
    v.setUint32(p + 4, blockLen, le);
    v.setUint32(p + EPB.interfaceId, ifIndex, le);
    v.setUint32(p + EPB.tsHigh, ts.hi, le);
    v.setUint32(p + EPB.tsLow, ts.lo, le);
    v.setUint32(p + EPB.caplen, len, le);
    v.setUint32(p + EPB.origlen, origlen, le);
    let q = p + EPB.data;
    for (let i = 0; i < headCut; i++) b[q++] = head[i];
    // One native copy per frame. (Node 20's Buffer.copy makes a short-lived view of the source
    // range inside; a copy loop in JavaScript measured 3–10× slower for IMIX frame sizes.)
    if (bodyCut > 0) buf.copy(b, q, start, start + bodyCut);
    q += bodyCut;
    for (const end = p + EPB.data + dataLen; q < end; q++) b[q] = 0;
    if (text !== null) {
      v.setUint16(q, OPT.comment, le);
      v.setUint16(q + 2, text.length, le);
      b.set(text, q + OPTION_HEADER_LEN);
      q += OPTION_HEADER_LEN + text.length;
      for (const end = p + EPB.data + dataLen + optionSize(text.length); q < end; q++) b[q] = 0;
      v.setUint32(q, 0, le); // opt_endofopt
      q += OPTION_HEADER_LEN;
    }
    v.setUint32(q, blockLen, le);
    sink.pos = q + 4;
    this.records++;
  }

  /**
   * A comment's UTF-8 bytes. Comments repeat (chainsim's are drop reasons), so each is encoded
   * once and kept, up to a bound that leaves a writer fed ever-new comments no worse off.
   */
  private commentBytes(comment: string): Buffer {
    const known = this.comments.get(comment);
    if (known !== undefined) return known;
    const bytes = Buffer.from(comment, 'utf8');
    if (bytes.length > MAX_OPTION_LEN) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        `${this.path}: record ${this.records + 1}: comment of ${bytes.length} bytes is longer than an option can be (65535)`,
      );
    }
    if (this.comments.size < MAX_KEPT_COMMENTS) this.comments.set(comment, bytes);
    return bytes;
  }

  /** Reserves a whole block and writes its type and length; returns where it starts. */
  private open(type: number, len: number): number {
    this.sink.reserve(len);
    const p = this.sink.pos;
    this.put32(p, type);
    this.put32(p + 4, len);
    return p;
  }

  /** Writes the trailing length at `q` (the block's end minus 4) and moves past the block. */
  private close32(q: number, len: number): void {
    this.put32(q, len);
    this.sink.pos = q + 4;
  }

  private putOption(q: number, code: number, value: Buffer): number {
    const b = this.sink.buf;
    this.put16(q, code);
    this.put16(q + 2, value.length);
    value.copy(b, q + OPTION_HEADER_LEN);
    b.fill(0, q + OPTION_HEADER_LEN + value.length, q + optionSize(value.length));
    return q + optionSize(value.length);
  }

  private putEndOfOptions(q: number): number {
    this.put32(q, 0);
    return q + OPTION_HEADER_LEN;
  }

  /** Interface names and the application name, as UTF-8 (not per packet). */
  private optionText(s: string): Buffer {
    const bytes = Buffer.from(s, 'utf8');
    if (bytes.length > MAX_OPTION_LEN) {
      const what = `option text of ${bytes.length} bytes is too long`;
      throw chainsimError('CHAINSIM_INTERNAL', `${this.path}: ${what}`);
    }
    return bytes;
  }

  private put32(p: number, v: number): void {
    this.sink.view.setUint32(p, v, this.le);
  }

  private put16(p: number, v: number): void {
    this.sink.view.setUint16(p, v, this.le);
  }
}

/** An option's header and value padded to 32 bits. */
function optionSize(valueLen: number): number {
  return OPTION_HEADER_LEN + pad4(valueLen);
}

function isUint(x: number, max: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= max;
}
