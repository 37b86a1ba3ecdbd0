/**
 * Test-side helpers: walk a reader into plain copies (the reader reuses its record). What the
 * machine has (tools, ../shared) is test/support/env.ts's job.
 */
import { openCapture, type CaptureReader, type OpenCaptureOptions } from '../../../dataplane/capture/index.js';

export interface Rec {
  index: number;
  offset: number;
  frame: Buffer;
  caplen: number;
  origlen: number;
  tsSec: number;
  tsNsec: number;
  linkType: number;
  interfaceIndex: number;
  sectionInterfaceIndex: number;
  interfaceName: string | null;
  comment: string | null;
}

export function walk(reader: CaptureReader): Rec[] {
  const out: Rec[] = [];
  for (let r = reader.next(); r !== null; r = reader.next()) {
    out.push({
      index: r.index,
      offset: r.offset,
      frame: Buffer.from(r.data.subarray(r.start, r.start + r.caplen)),
      caplen: r.caplen,
      origlen: r.origlen,
      tsSec: r.tsSec,
      tsNsec: r.tsNsec,
      linkType: r.linkType,
      interfaceIndex: r.interfaceIndex,
      sectionInterfaceIndex: r.sectionInterfaceIndex,
      interfaceName: r.interfaceName,
      comment: r.comment,
    });
  }
  return out;
}

/** Opens, walks and closes; returns the records and the reader (for its properties). */
export function readAll(file: string, opts?: OpenCaptureOptions): { records: Rec[]; reader: CaptureReader } {
  const reader = openCapture(file, opts);
  try {
    return { records: walk(reader), reader };
  } finally {
    reader.close();
  }
}

/** `sec.nnnnnnnnn`, as tshark prints frame.time_epoch. */
export function epoch(r: { tsSec: number; tsNsec: number }): string {
  return `${r.tsSec}.${String(r.tsNsec).padStart(9, '0')}`;
}
