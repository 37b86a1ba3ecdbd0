/**
 * pcapng options: code (16 bits), length (16 bits), value padded to 32 bits, up to
 * opt_endofopt or the end of the block. One walk serves every block; it keeps what the block's
 * reader asked for in a reused `OptionValues` and reports an option that runs past the block.
 */
import { pad4, u16, u32 } from './bytes.js';
import { DEFAULT_TSRESOL, OPT, OPTION_HEADER_LEN } from './pcapng-format.js';

/** What a walk keeps: nothing (SHB), an interface's options (IDB), a packet's comments. */
export const KEEP_NOTHING = 0;
export const KEEP_INTERFACE = 1;
export const KEEP_COMMENTS = 2;

export interface OptionValues {
  /** opt_comment; several are joined by a newline. */
  comment: string | null;
  name: string | null;
  tsresol: number;
  tsoffset: number;
}

export function newOptionValues(): OptionValues {
  return { comment: null, name: null, tsresol: DEFAULT_TSRESOL, tsoffset: 0 };
}

/**
 * Walks the options in `b[p, end)`, resetting then filling `out` as `keep` says. Returns null,
 * or what is wrong (an option overrunning the block) for the caller to place in its message.
 */
export function walkOptions(
  b: Buffer,
  p: number,
  end: number,
  le: boolean,
  keep: number,
  out: OptionValues,
): string | null {
  out.comment = null;
  out.name = null;
  out.tsresol = DEFAULT_TSRESOL;
  out.tsoffset = 0;
  while (end - p >= OPTION_HEADER_LEN) {
    const code = u16(b, p, le);
    const len = u16(b, p + 2, le);
    if (code === OPT.endOfOpt) return null;
    const v = p + OPTION_HEADER_LEN;
    if (v + len > end) return `option ${code} (${len} bytes) overruns the block`;
    if (keep === KEEP_COMMENTS) {
      if (code === OPT.comment) {
        const s = text(b, v, len);
        out.comment = out.comment === null ? s : `${out.comment}\n${s}`;
      }
    } else if (keep === KEEP_INTERFACE) {
      if (code === OPT.ifName) out.name = text(b, v, len);
      else if (code === OPT.ifTsresol && len >= 1) out.tsresol = b[v];
      else if (code === OPT.ifTsoffset && len === 8) out.tsoffset = i64(b, v, le);
    }
    p = v + pad4(len);
  }
  return null;
}

/** A signed 64-bit count of seconds (if_tsoffset); exact below 2^53, as any offset is. */
function i64(b: Buffer, p: number, le: boolean): number {
  const hi = le ? b.readInt32LE(p + 4) : b.readInt32BE(p);
  return hi * 4294967296 + u32(b, le ? p : p + 4, le);
}

/** An option's UTF-8 text, without the NUL terminators some writers add. */
function text(b: Buffer, p: number, len: number): string {
  let end = p + len;
  while (end > p && b[end - 1] === 0) end--;
  return b.toString('utf8', p, end);
}
