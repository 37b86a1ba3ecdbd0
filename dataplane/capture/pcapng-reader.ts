/**
 * pcapng: a stream of blocks in sections. Each section (SHB) sets its own byte order and
 * restarts interface ids; interfaces (IDB) carry link type, snaplen, name and timestamp units;
 * packets come as EPB, SPB (no timestamp: takes the clock) or the obsolete OPB. Any other
 * block is skipped by its length, with one counted warning per block type.
 */
import { chainsimError } from '../../policy/index.js';
import { pad4, u16, u32 } from './bytes.js';
import { ChunkSource } from './chunk-source.js';
import {
  BLOCK,
  BLOCK_MAX_LEN,
  BLOCK_MIN_LEN,
  BYTE_ORDER_MAGIC,
  DEFAULT_TSRESOL,
  EPB,
  IDB,
  OPB,
  SHB,
  SPB,
  blockName,
} from './pcapng-format.js';
import { KEEP_COMMENTS, KEEP_INTERFACE, KEEP_NOTHING, newOptionValues, walkOptions } from './pcapng-options.js';
import { ReaderBase } from './reader-base.js';
import { TimestampUnits, isSupportedResolution, resolutionName } from './timestamp.js';
import type { ByteOrder, CaptureRecord } from './types.js';

/** The lookahead for the first timestamp reads little at a time: it usually stops early. */
const LOOKAHEAD_CHUNK = 64 * 1024;

export class PcapngReader extends ReaderBase {
  readonly format = 'pcapng' as const;
  readonly byteOrder: ByteOrder;
  /** Byte order of the current section. */
  private le = true;
  private section = -1;
  private sectionBase = 0;
  private sectionCount = 0;
  private readonly units: TimestampUnits[] = [];
  /** Time of the last packet (what an SPB takes), once there is one. */
  private hasClock = false;
  private clockSec = 0;
  private clockNsec = 0;
  /** Whether the record just returned carried its own timestamp. */
  private timestamped = false;
  /** What the last option walk found. */
  private readonly opts = newOptionValues();

  /**
   * `src` is positioned at the start of the file, whose first 4 bytes are the SHB type.
   * `lookahead` is false for the reader that looks ahead itself (it must not recurse).
   */
  constructor(
    path: string,
    src: ChunkSource,
    private readonly lookahead = true,
  ) {
    super(path, src);
    if (!src.ensure(BLOCK_MIN_LEN)) this.headerCut();
    this.readByteOrder(src.buf, src.pos);
    this.byteOrder = this.le ? 'little' : 'big';
    const len = this.blockLength(src.buf, src.pos);
    if (!src.ensure(len)) this.headerCut();
    const p = src.pos;
    this.checkTrailer(src.buf, p, len);
    src.pos = p + len;
    this.readSection(src.buf, p, len, src.base + p);
    this.readLeadingInterfaces();
  }

  /**
   * Reads the interface blocks that follow the first section header, so that `interfaces`,
   * `linkTypes()` and `timestampResolution` describe the file right after opening. Anything
   * else, or a block cut short, is left for `next()`.
   */
  private readLeadingInterfaces(): void {
    const src = this.src;
    while (src.ensure(BLOCK_MIN_LEN) && u32(src.buf, src.pos, this.le) === BLOCK.IDB) {
      const len = this.blockLength(src.buf, src.pos);
      if (!src.ensure(len)) return;
      const p = src.pos;
      this.checkTrailer(src.buf, p, len);
      src.pos = p + len;
      this.readInterface(src.buf, p, len, src.base + p);
    }
  }

  get timestampResolution(): string {
    return resolutionName(this.interfaces.length > 0 ? this.interfaces[0].tsresol : DEFAULT_TSRESOL);
  }

  next(): CaptureRecord | null {
    const src = this.src;
    for (;;) {
      if (src.end - src.pos < BLOCK_MIN_LEN && !src.ensure(BLOCK_MIN_LEN)) return this.atEnd();
      let p = src.pos;
      let b = src.buf;
      const type = u32(b, p, this.le);
      if (type === BLOCK.SHB) this.readByteOrder(b, p);
      const len = this.blockLength(b, p);
      if (src.end - p < len) {
        if (!src.ensure(len)) return this.cut();
        p = src.pos;
        b = src.buf;
      }
      this.checkTrailer(b, p, len);
      src.pos = p + len;
      switch (type) {
        case BLOCK.EPB:
          return this.readEpb(b, p, len);
        case BLOCK.SPB:
          return this.readSpb(b, p, len);
        case BLOCK.OPB:
          return this.readOpb(b, p, len);
        case BLOCK.IDB:
          this.readInterface(b, p, len, src.base + p);
          break;
        case BLOCK.SHB:
          this.readSection(b, p, len, src.base + p);
          break;
        default:
          this.skipped(type, src.base + p);
      }
    }
  }

  private readEpb(b: Buffer, p: number, len: number): CaptureRecord {
    this.startRecord(p, len, EPB.minLen);
    const caplen = u32(b, p + EPB.caplen, this.le);
    this.setInterface(u32(b, p + EPB.interfaceId, this.le));
    this.setTime(u32(b, p + EPB.tsHigh, this.le), u32(b, p + EPB.tsLow, this.le));
    return this.finishRecord(b, p, len, EPB.data, caplen, u32(b, p + EPB.origlen, this.le));
  }

  /** The obsolete Packet Block: an EPB with a 16-bit interface id and a drops count. */
  private readOpb(b: Buffer, p: number, len: number): CaptureRecord {
    this.startRecord(p, len, OPB.minLen);
    const caplen = u32(b, p + OPB.caplen, this.le);
    this.setInterface(u16(b, p + OPB.interfaceId, this.le));
    this.setTime(u32(b, p + OPB.tsHigh, this.le), u32(b, p + OPB.tsLow, this.le));
    return this.finishRecord(b, p, len, OPB.data, caplen, u32(b, p + OPB.origlen, this.le));
  }

  /**
   * The Simple Packet Block: interface 0, no captured length (the smallest of original
   * length, snaplen and the block's room), no timestamp and no options.
   */
  private readSpb(b: Buffer, p: number, len: number): CaptureRecord {
    const rec = this.startRecord(p, len, SPB.minLen);
    this.setInterface(0);
    const origlen = u32(b, p + SPB.origlen, this.le);
    const snaplen = this.interfaces[rec.interfaceIndex].snaplen;
    let caplen = Math.min(origlen, len - SPB.minLen);
    if (snaplen !== 0 && snaplen < caplen) caplen = snaplen;
    if (!this.hasClock) this.startClock();
    rec.tsSec = this.clockSec;
    rec.tsNsec = this.clockNsec;
    this.timestamped = false;
    rec.data = b;
    rec.start = p + SPB.data;
    rec.caplen = caplen;
    rec.origlen = origlen;
    return rec;
  }

  private startRecord(p: number, len: number, minLen: number): CaptureRecord {
    const rec = this.rec;
    rec.index++;
    rec.offset = this.src.base + p;
    rec.comment = null;
    if (len < minLen) this.fail(`is ${len} bytes long, shorter than its fixed fields (${minLen})`);
    return rec;
  }

  /** Takes the frame and options of an EPB or OPB whose fixed fields are read. */
  private finishRecord(
    b: Buffer,
    p: number,
    len: number,
    dataAt: number,
    caplen: number,
    origlen: number,
  ): CaptureRecord {
    const rec = this.rec;
    const optionsAt = dataAt + pad4(caplen);
    if (optionsAt > len - 4) {
      this.fail(`captured length ${caplen} overruns the block (${len} bytes)`);
    }
    rec.data = b;
    rec.start = p + dataAt;
    rec.caplen = caplen;
    rec.origlen = origlen;
    if (optionsAt < len - 4) {
      const wrong = walkOptions(b, p + optionsAt, p + len - 4, this.le, KEEP_COMMENTS, this.opts);
      if (wrong !== null) this.fail(wrong);
      rec.comment = this.opts.comment;
    }
    if (caplen > origlen) this.caplenOverOriglen();
    return rec;
  }

  private setInterface(id: number): void {
    if (id >= this.sectionCount) {
      this.fail(
        this.sectionCount === 0
          ? `refers to interface ${id}, but section ${this.section} declares none`
          : `refers to interface ${id}, but section ${this.section} declares only ${this.sectionCount}`,
      );
    }
    const rec = this.rec;
    const g = this.sectionBase + id;
    const iface = this.interfaces[g];
    rec.interfaceIndex = g;
    rec.sectionInterfaceIndex = id;
    rec.linkType = iface.linkType;
    rec.interfaceName = iface.name;
  }

  private setTime(hi: number, lo: number): void {
    const rec = this.rec;
    this.units[rec.interfaceIndex].convert(hi, lo, rec);
    rec.tsSec += this.interfaces[rec.interfaceIndex].tsoffset;
    this.clockSec = rec.tsSec;
    this.clockNsec = rec.tsNsec;
    this.hasClock = true;
    this.timestamped = true;
  }

  /**
   * An SPB before any timestamped packet takes the first timestamp in the file, found by a
   * second reader walking ahead (only regular files can be read twice); none at all: t = 0.
   * Problems further on are left for this walk to report when it gets there.
   */
  private startClock(): void {
    this.hasClock = true;
    if (!this.lookahead || !this.src.isRegularFile) return;
    let ahead: PcapngReader | null = null;
    try {
      ahead = new PcapngReader(this.path, new ChunkSource(this.path, LOOKAHEAD_CHUNK), false);
      for (let r = ahead.next(); r !== null; r = ahead.next()) {
        if (ahead.timestamped) {
          this.clockSec = r.tsSec;
          this.clockNsec = r.tsNsec;
          return;
        }
      }
    } catch {
      // The same problem stops this reader when it reaches that block, with its message.
    } finally {
      ahead?.close();
    }
  }

  private readSection(b: Buffer, p: number, len: number, offset: number): void {
    if (len < SHB.minLen) {
      this.failBlock(offset, `section header block is ${len} bytes long, shorter than ${SHB.minLen}`);
    }
    const major = u16(b, p + SHB.versionMajor, this.le);
    const minor = u16(b, p + SHB.versionMinor, this.le);
    if (major !== 1) {
      this.failBlock(offset, `pcapng version ${major}.${minor} is not supported (only 1.x)`);
    }
    const wrong = walkOptions(b, p + SHB.options, p + len - 4, this.le, KEEP_NOTHING, this.opts);
    if (wrong !== null) this.failBlock(offset, wrong);
    this.section++;
    this.sectionBase = this.interfaces.length;
    this.sectionCount = 0;
  }

  private readInterface(b: Buffer, p: number, len: number, offset: number): void {
    if (len < IDB.minLen) {
      this.failBlock(offset, `interface description block is ${len} bytes long, shorter than ${IDB.minLen}`);
    }
    const o = this.opts;
    const wrong = walkOptions(b, p + IDB.options, p + len - 4, this.le, KEEP_INTERFACE, o);
    if (wrong !== null) this.failBlock(offset, wrong);
    if (!isSupportedResolution(o.tsresol)) {
      const hex = o.tsresol.toString(16);
      this.failBlock(offset, `if_tsresol 0x${hex} is not supported (finest: 10^-19, 2^-63 seconds)`);
    }
    this.interfaces.push({
      index: this.interfaces.length,
      section: this.section,
      sectionIndex: this.sectionCount,
      linkType: u16(b, p + IDB.linkType, this.le),
      name: o.name,
      snaplen: u32(b, p + IDB.snaplen, this.le),
      tsresol: o.tsresol,
      tsoffset: o.tsoffset,
    });
    this.units.push(new TimestampUnits(o.tsresol));
    this.sectionCount++;
  }

  private skipped(type: number, offset: number): void {
    if (this.warn.bump(type)) return;
    const { path } = this;
    const name = blockName(type);
    const hex = type.toString(16).padStart(8, '0');
    this.warn.first(
      'capture.pcapng.block_skipped',
      type,
      offset,
      undefined,
      (n) =>
        `${path}: skipped ${n > 1 ? n : /^[aeiou]/.test(name) ? 'an' : 'a'} ${name} block${n > 1 ? 's' : ''} ` +
        `(type 0x${hex}), first at byte ${offset}`,
    );
  }

  /** Sets the section's byte order from the SHB at `p` (12 bytes available). */
  private readByteOrder(b: Buffer, p: number): void {
    const magic = b.readUInt32BE(p + SHB.byteOrderMagic);
    if (magic === BYTE_ORDER_MAGIC) this.le = false;
    else if (b.readUInt32LE(p + SHB.byteOrderMagic) === BYTE_ORDER_MAGIC) this.le = true;
    else {
      this.failBlock(
        this.src.base + p,
        `bad byte-order magic 0x${magic.toString(16).padStart(8, '0')} in the section header block`,
      );
    }
  }

  /** The block's total length at `p` (8 bytes available), checked for sense. */
  private blockLength(b: Buffer, p: number): number {
    const len = u32(b, p + 4, this.le);
    if (len < BLOCK_MIN_LEN || len % 4 !== 0) {
      this.failBlock(
        this.src.base + p,
        `block length ${len} is not a multiple of 4 of at least ${BLOCK_MIN_LEN}`,
      );
    }
    if (len > BLOCK_MAX_LEN) {
      this.failBlock(this.src.base + p, `block length ${len} exceeds the maximum ${BLOCK_MAX_LEN}`);
    }
    return len;
  }

  private checkTrailer(b: Buffer, p: number, len: number): void {
    const trailing = u32(b, p + len - 4, this.le);
    if (trailing !== len) {
      this.failBlock(
        this.src.base + p,
        `trailing block length ${trailing} disagrees with the leading one ${len}`,
      );
    }
  }

  private headerCut(): never {
    throw chainsimError(
      'CHAINSIM_CAPTURE',
      `${this.path}: section header block truncated (file ends at byte ${this.src.base + this.src.end})`,
    );
  }

  /** An error in the packet record being read. */
  private fail(what: string): never {
    const { index, offset } = this.rec;
    throw chainsimError('CHAINSIM_CAPTURE', `${this.path}: record ${index} at byte ${offset}: ${what}`);
  }

  private failBlock(offset: number, what: string): never {
    throw chainsimError('CHAINSIM_CAPTURE', `${this.path}: block at byte ${offset}: ${what}`);
  }
}
