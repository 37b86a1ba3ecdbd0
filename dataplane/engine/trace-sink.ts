/**
 * Writes trace lines to a JSONL file in input order. A packet that waited (the ceiling's queue,
 * the firewall's latency) completes after packets that came in behind it; their lines are held
 * until every earlier packet's line is out. Lines are encoded into one large reused buffer
 * (byte-out.ts) that goes to the file when full: no string per line, one write per batch.
 *
 * Held lines are formatted into an arena (one buffer, appended) and found by packet index in
 * a ring whose slots cover the indexes from the next one due: no buffer per held line, and
 * the arena starts over whenever no line is held (else it is compacted when full).
 */
import { openSync, closeSync } from 'node:fs';
import { chainsimError } from '../../policy/index.js';
import { ByteOut, putString } from './byte-out.js';
import type { PacketContext } from './context.js';
import type { TraceFormatter } from './trace.js';

/** One write per 256 KiB: a batch still in the CPU caches copies into the kernel faster (file-sink.ts). */
const BATCH_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
/** Free arena bytes wanted before a held line is formatted (a longer line grows the arena). */
const HOLD_ROOM = 4096;

export class TraceSink {
  private readonly out: ByteOut;
  private nextIndex = 1;
  /** Held lines' bytes; `spare` is the other half of a compaction. */
  private arena = new ByteOut(256 * 1024);
  private spare = new ByteOut(0);
  /** Ring of held lines by packet index (slot index & mask): index (0: empty), arena offset, length. */
  private ringIndex = new Float64Array(1024);
  private ringAt = new Int32Array(1024);
  private ringLen = new Int32Array(1024);
  private held = 0;

  constructor(readonly file: string) {
    let fd: number;
    try {
      fd = openSync(file, 'w');
    } catch (err) {
      throw chainsimError('CHAINSIM_USAGE', `--trace ${file}: cannot write: ${(err as Error).message}`);
    }
    this.out = new ByteOut(BATCH_BYTES, fd);
  }

  /** The trace line of a finished packet, formatted straight into the output when it is due. */
  addPacket(ctx: PacketContext, formatter: TraceFormatter): void {
    if (ctx.index === this.nextIndex) {
      formatter.write(ctx, this.out);
      this.emitted();
      return;
    }
    const start = this.holdStart(ctx.index);
    formatter.write(ctx, this.arena);
    this.holdEnd(ctx.index, start);
  }

  /** The line of input packet `index` (1-based), as text. */
  add(index: number, line: string): void {
    const due = index === this.nextIndex;
    const start = due ? 0 : this.holdStart(index);
    const target = due ? this.out : this.arena;
    target.ensure(3 * line.length + 1); // UTF-8: at most 3 bytes per UTF-16 unit
    putString(target, line);
    if (due) this.emitted();
    else this.holdEnd(index, start);
  }

  close(): void {
    // Lines still held wait for a packet that never finished: there is no place for them.
    this.out.flush();
    closeSync(this.out.fd);
  }

  /** The due line is in `out`: ends it, then sends every held line that is now due. */
  private emitted(): void {
    const out = this.out;
    out.ensure(1);
    out.buf[out.pos++] = NEWLINE;
    this.nextIndex++;
    if (this.held > 0) this.release();
  }

  private release(): void {
    const out = this.out;
    const arena = this.arena.buf;
    const mask = this.ringIndex.length - 1;
    for (let slot = this.nextIndex & mask; this.held > 0 && this.ringIndex[slot] === this.nextIndex; slot = this.nextIndex & mask) {
      const at = this.ringAt[slot];
      const len = this.ringLen[slot];
      out.ensure(len + 1);
      // A native copy (Node 20 makes a short-lived view inside): a byte loop costs ~4× more.
      arena.copy(out.buf, out.pos, at, at + len);
      out.pos += len;
      out.buf[out.pos++] = NEWLINE;
      this.ringIndex[slot] = 0;
      this.held--;
      this.nextIndex++;
    }
    if (this.held === 0) this.arena.pos = 0;
  }

  /** Makes room for the held line of packet `index`; returns where in the arena it starts. */
  private holdStart(index: number): number {
    if (index - this.nextIndex >= this.ringIndex.length) this.growRing(index);
    if (this.arena.buf.length - this.arena.pos < HOLD_ROOM) this.compact(HOLD_ROOM);
    return this.arena.pos;
  }

  /** Files the line just written at `start` in the arena under its packet index. */
  private holdEnd(index: number, start: number): void {
    const slot = index & (this.ringIndex.length - 1);
    this.ringIndex[slot] = index;
    this.ringAt[slot] = start;
    this.ringLen[slot] = this.arena.pos - start;
    this.held++;
  }

  /** More ring slots, so that `index` fits in the window that starts at the next index due. */
  private growRing(index: number): void {
    let size = this.ringIndex.length * 2;
    while (index - this.nextIndex >= size) size *= 2;
    const [ix, at, len] = [this.ringIndex, this.ringAt, this.ringLen];
    this.ringIndex = new Float64Array(size);
    this.ringAt = new Int32Array(size);
    this.ringLen = new Int32Array(size);
    for (let s = 0; s < ix.length; s++) {
      if (ix[s] === 0) continue;
      const t = ix[s] & (size - 1);
      this.ringIndex[t] = ix[s];
      this.ringAt[t] = at[s];
      this.ringLen[t] = len[s];
    }
  }

  /** Moves the held lines to the start of the other arena (grown to twice what they need). */
  private compact(need: number): void {
    let live = need;
    for (let s = 0; s < this.ringIndex.length; s++) if (this.ringIndex[s] !== 0) live += this.ringLen[s];
    const to = this.spare;
    to.pos = 0;
    to.ensure(Math.max(this.arena.buf.length, 2 * live));
    const from = this.arena.buf;
    for (let s = 0; s < this.ringIndex.length; s++) {
      if (this.ringIndex[s] === 0) continue;
      const at = this.ringAt[s];
      from.copy(to.buf, to.pos, at, at + this.ringLen[s]);
      this.ringAt[s] = to.pos;
      to.pos += this.ringLen[s];
    }
    this.spare = this.arena;
    this.arena = to;
  }
}
