// dataplane/capture/: capture files read and written as streams (classic pcap and pcapng).
export { openCapture } from './open.js';
export { PcapWriter, type PcapWriterOptions } from './pcap-writer.js';
export { PcapngWriter, type PcapngWriterOptions, type PcapngInterfaceOptions } from './pcapng-writer.js';
export type {
  ByteOrder,
  CaptureFormat,
  CaptureInterface,
  CaptureReader,
  CaptureRecord,
  CaptureTruncation,
  CaptureWarning,
  OpenCaptureOptions,
} from './types.js';
