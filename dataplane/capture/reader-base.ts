/**
 * What the pcap and pcapng readers share: the reused record, warnings, the end-of-file and
 * truncation handling, and the properties of `CaptureReader` that do not depend on the format.
 */
import type { ChunkSource } from './chunk-source.js';
import { WarningLog } from './warnings.js';
import type {
  ByteOrder,
  CaptureFormat,
  CaptureInterface,
  CaptureReader,
  CaptureRecord,
  CaptureTruncation,
  CaptureWarning,
} from './types.js';

const CAPLEN_OVER_ORIGLEN = 'caplen>origlen';

export function newRecord(data: Buffer): CaptureRecord {
  return {
    index: 0,
    offset: 0,
    data,
    start: 0,
    caplen: 0,
    origlen: 0,
    tsSec: 0,
    tsNsec: 0,
    linkType: 0,
    interfaceIndex: 0,
    sectionInterfaceIndex: 0,
    interfaceName: null,
    comment: null,
  };
}

/** ` (5 records in all)` after a warning's first occurrence, when there were more. */
export function countSuffix(count: number, noun: string): string {
  return count > 1 ? ` (${count} ${noun} in all)` : '';
}

export abstract class ReaderBase implements CaptureReader {
  abstract readonly format: CaptureFormat;
  abstract readonly byteOrder: ByteOrder;
  abstract readonly timestampResolution: string;
  truncated: CaptureTruncation | null = null;
  readonly interfaces: CaptureInterface[] = [];
  protected readonly rec: CaptureRecord;
  protected readonly warn = new WarningLog();

  constructor(
    readonly path: string,
    protected readonly src: ChunkSource,
  ) {
    this.rec = newRecord(src.buf);
  }

  abstract next(): CaptureRecord | null;

  get warnings(): readonly CaptureWarning[] {
    return this.warn.snapshot();
  }

  linkTypes(): number[] {
    const seen: number[] = [];
    for (const i of this.interfaces) if (!seen.includes(i.linkType)) seen.push(i.linkType);
    return seen;
  }

  close(): void {
    this.src.close();
  }

  /** End of data where a record would start: clean if nothing is left, else a truncation. */
  protected atEnd(): null {
    return this.src.available > 0 ? this.cut() : null;
  }

  /** The record at the read position is incomplete: stop here, for good, with a warning. */
  protected cut(): null {
    const offset = this.src.offset;
    const record = this.rec.index + 1;
    this.truncated = { offset, record };
    this.warn.add(
      'capture.truncated',
      `${this.path}: truncated at byte ${offset} (record ${record} incomplete)`,
      offset,
      record,
    );
    this.src.close();
    return null;
  }

  /** Kept as captured (tools disagree on what it means), but said once. */
  protected caplenOverOriglen(): void {
    if (this.warn.bump(CAPLEN_OVER_ORIGLEN)) return;
    const { path } = this;
    const { index, offset, caplen, origlen } = this.rec;
    this.warn.first(
      'capture.caplen_exceeds_origlen',
      CAPLEN_OVER_ORIGLEN,
      offset,
      index,
      (n) =>
        `${path}: record ${index} at byte ${offset}: captured length ${caplen} exceeds original length ${origlen}` +
        countSuffix(n, 'records'),
    );
  }
}
