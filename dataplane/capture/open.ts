/**
 * `openCapture`: picks the reader by the file's first four bytes, so the same command reads
 * pcap and pcapng whatever the file is called.
 */
import { chainsimError } from '../../policy/index.js';
import { ChunkSource, DEFAULT_CHUNK_SIZE } from './chunk-source.js';
import { BLOCK } from './pcapng-format.js';
import { PcapngReader } from './pcapng-reader.js';
import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO } from './pcap-format.js';
import { PcapReader } from './pcap-reader.js';
import type { CaptureReader, OpenCaptureOptions } from './types.js';

const PCAP_MAGICS: readonly number[] = [
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  swap32(PCAP_MAGIC_MICRO),
  swap32(PCAP_MAGIC_NANO),
];

export function openCapture(path: string, opts: OpenCaptureOptions = {}): CaptureReader {
  const src = new ChunkSource(path, opts.chunkSize ?? DEFAULT_CHUNK_SIZE);
  try {
    if (!src.ensure(4)) {
      throw chainsimError(
        'CHAINSIM_CAPTURE',
        src.available === 0
          ? `${path}: empty file: not a pcap or pcapng capture`
          : `${path}: file of ${src.available} bytes: not a pcap or pcapng capture`,
      );
    }
    const magic = src.buf.readUInt32BE(src.pos);
    if (magic === BLOCK.SHB) return new PcapngReader(path, src);
    if (PCAP_MAGICS.includes(magic)) return new PcapReader(path, src);
    throw chainsimError(
      'CHAINSIM_CAPTURE',
      `${path}: bad magic 0x${magic.toString(16).padStart(8, '0')}: not a pcap or pcapng capture`,
    );
  } catch (err) {
    src.close();
    throw err;
  }
}

function swap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}
