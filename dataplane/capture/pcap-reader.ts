/**
 * Classic pcap (libpcap's format): a 24-byte file header, then records of a 16-byte header
 * (seconds, sub-second count, captured and original length) and the frame. Micro- and
 * nanosecond magics, either byte order, version 2.x only.
 */
import { chainsimError } from '../../policy/index.js';
import { u16, u32 } from './bytes.js';
import type { ChunkSource } from './chunk-source.js';
import {
  MAX_SNAPLEN,
  PCAP_FILE as FILE,
  PCAP_FILE_HEADER_LEN,
  PCAP_LINKTYPE_MASK,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  PCAP_RECORD as RECORD,
  PCAP_RECORD_HEADER_LEN,
} from './pcap-format.js';
import { ReaderBase, countSuffix } from './reader-base.js';
import type { ByteOrder, CaptureRecord } from './types.js';

/** Never trust a header's snaplen beyond this when deciding how large a record may be. */
const MAX_RECORD = 128 * 1024 * 1024;

const SUBSECOND = 'subsecond';

export class PcapReader extends ReaderBase {
  readonly format = 'pcap' as const;
  readonly byteOrder: ByteOrder;
  readonly timestampResolution: string;
  private readonly le: boolean;
  /** Sub-second ticks per second (10^6 or 10^9) and nanoseconds per tick. */
  private readonly ticks: number;
  private readonly nsPerTick: number;
  private readonly snaplen: number;
  private readonly maxCaplen: number;

  /** `src` is positioned at the start of the file, whose first 4 bytes are a pcap magic. */
  constructor(path: string, src: ChunkSource) {
    super(path, src);
    if (!src.ensure(PCAP_FILE_HEADER_LEN)) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        `${path}: pcap file header truncated (${src.available} of ${PCAP_FILE_HEADER_LEN} bytes)`,
      );
    }
    const b = src.buf;
    const p = src.pos;
    const magicBE = b.readUInt32BE(p + FILE.magic);
    this.le = magicBE !== PCAP_MAGIC_MICRO && magicBE !== PCAP_MAGIC_NANO;
    const nano = u32(b, p + FILE.magic, this.le) === PCAP_MAGIC_NANO;
    this.byteOrder = this.le ? 'little' : 'big';
    this.ticks = nano ? 1e9 : 1e6;
    this.nsPerTick = nano ? 1 : 1000;
    this.timestampResolution = nano ? 'nanoseconds' : 'microseconds';
    const major = u16(b, p + FILE.versionMajor, this.le);
    const minor = u16(b, p + FILE.versionMinor, this.le);
    if (major !== 2) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        `${path}: pcap version ${major}.${minor} is not supported (only 2.x)`,
      );
    }
    this.snaplen = u32(b, p + FILE.snaplen, this.le);
    this.maxCaplen = Math.max(MAX_SNAPLEN, Math.min(this.snaplen, MAX_RECORD));
    const linkType = u32(b, p + FILE.linkType, this.le) & PCAP_LINKTYPE_MASK;
    this.interfaces.push({
      index: 0,
      section: 0,
      sectionIndex: 0,
      linkType,
      name: null,
      snaplen: this.snaplen,
      tsresol: nano ? 9 : 6,
      tsoffset: 0,
    });
    this.rec.linkType = linkType;
    src.pos = p + PCAP_FILE_HEADER_LEN;
  }

  next(): CaptureRecord | null {
    const src = this.src;
    if (src.end - src.pos < PCAP_RECORD_HEADER_LEN && !src.ensure(PCAP_RECORD_HEADER_LEN)) {
      return this.atEnd();
    }
    let p = src.pos;
    let b = src.buf;
    const le = this.le;
    const caplen = u32(b, p + RECORD.caplen, le);
    if (caplen > this.maxCaplen) this.tooLong(caplen);
    const size = PCAP_RECORD_HEADER_LEN + caplen;
    if (src.end - p < size) {
      if (!src.ensure(size)) return this.cut();
      p = src.pos;
      b = src.buf;
    }
    const rec = this.rec;
    rec.index++;
    rec.offset = src.base + p;
    rec.data = b;
    rec.start = p + PCAP_RECORD_HEADER_LEN;
    rec.caplen = caplen;
    rec.origlen = u32(b, p + RECORD.origlen, le);
    const sec = u32(b, p + RECORD.sec, le);
    const frac = u32(b, p + RECORD.frac, le);
    if (frac < this.ticks) {
      rec.tsSec = sec;
      rec.tsNsec = frac * this.nsPerTick;
    } else {
      this.carry(sec, frac);
    }
    if (caplen > rec.origlen) this.caplenOverOriglen();
    src.pos = p + size;
    return rec;
  }

  /**
   * A sub-second count at or past one second: read as is, as Wireshark does, the whole
   * seconds carrying into tsSec; warned once, naming the first record.
   */
  private carry(sec: number, frac: number): void {
    const rec = this.rec;
    const whole = Math.floor(frac / this.ticks);
    rec.tsSec = sec + whole;
    rec.tsNsec = (frac - whole * this.ticks) * this.nsPerTick;
    if (this.warn.bump(SUBSECOND)) return;
    const { path, timestampResolution, ticks } = this;
    const { index, offset } = rec;
    this.warn.first(
      'capture.pcap.subsecond_out_of_range',
      SUBSECOND,
      offset,
      index,
      (n) =>
        `${path}: record ${index} at byte ${offset}: sub-second field ${frac} is out of range for ` +
        `${timestampResolution} (max ${ticks - 1}); read as is, carried into the seconds` +
        countSuffix(n, 'records'),
    );
  }

  private tooLong(caplen: number): never {
    const record = this.rec.index + 1;
    const limit =
      this.maxCaplen === this.snaplen
        ? `snaplen ${this.snaplen}`
        : `the limit ${this.maxCaplen} (snaplen ${this.snaplen})`;
    throw chainsimError(
      'CHAINSIM_CAPTURE',
      `${this.path}: record ${record} at byte ${this.src.offset}: length ${caplen} exceeds ${limit}`,
    );
  }
}
