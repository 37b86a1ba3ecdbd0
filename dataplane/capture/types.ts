/**
 * What a capture reader hands out. One record object per reader, reused for every packet
 * (the hot path allocates nothing per packet): read what you need before the next `next()`.
 */

export type CaptureFormat = 'pcap' | 'pcapng';
export type ByteOrder = 'little' | 'big';

export interface CaptureRecord {
  /** 1-based position among the packet records of the file. */
  index: number;
  /** Byte offset of the record header (pcap) or block (pcapng) in the file. */
  offset: number;
  /** The reader's chunk buffer: the frame is `data[start, start + caplen)`. */
  data: Buffer;
  start: number;
  caplen: number;
  origlen: number;
  /** Whole seconds since the epoch (may exceed 2^32 after a sub-second carry or if_tsoffset). */
  tsSec: number;
  /** 0..999 999 999. */
  tsNsec: number;
  linkType: number;
  /** Global interface index (counting every section's interfaces in file order); 0 for pcap. */
  interfaceIndex: number;
  /** Interface id inside its pcapng section (ids restart per section); 0 for pcap. */
  sectionInterfaceIndex: number;
  interfaceName: string | null;
  /** The packet's opt_comment (several joined by a newline), or null. */
  comment: string | null;
}

export interface CaptureInterface {
  /** Global index, as in `CaptureRecord.interfaceIndex`. */
  index: number;
  /** 0-based pcapng section; 0 for pcap. */
  section: number;
  /** Interface id inside its section. */
  sectionIndex: number;
  linkType: number;
  name: string | null;
  /** 0 means no limit (pcapng allows it). */
  snaplen: number;
  /** The raw if_tsresol byte: 6 = µs (the default), 9 = ns, 0x80 | n = 2^-n seconds. */
  tsresol: number;
  /** if_tsoffset: seconds added to every timestamp of this interface. */
  tsoffset: number;
}

export interface CaptureWarning {
  /** Dotted name, e.g. `capture.truncated`, `capture.pcapng.block_skipped`. */
  code: string;
  message: string;
  offset?: number;
  record?: number;
  /** How many times it happened (a warning stands for every occurrence of its kind). */
  count?: number;
}

export interface CaptureTruncation {
  /** Byte offset of the incomplete record or block. */
  offset: number;
  /** 1-based index the incomplete record would have had. */
  record: number;
}

export interface CaptureReader {
  readonly path: string;
  readonly format: CaptureFormat;
  /** Byte order of the file (pcapng: of its first section). */
  readonly byteOrder: ByteOrder;
  /** `microseconds`, `nanoseconds`, …; pcapng: of the first interface (µs if none is declared). */
  readonly timestampResolution: string;
  /**
   * Interfaces declared so far (pcap: the one its header describes; pcapng: those right after
   * the first section header once opened, then each as the walk meets it).
   */
  readonly interfaces: readonly CaptureInterface[];
  readonly warnings: readonly CaptureWarning[];
  /** Set once the reader met a record cut short by the end of the file. */
  readonly truncated: CaptureTruncation | null;
  /** Distinct link types declared so far, in order of appearance. */
  linkTypes(): number[];
  /** The next packet record, or null at the end; the same object every call. */
  next(): CaptureRecord | null;
  close(): void;
}

export interface OpenCaptureOptions {
  /** Size of the reusable read buffer in bytes (default 4 MiB); grows for a larger record. */
  chunkSize?: number;
}
