/**
 * A file read through one large reusable buffer, so that walking a capture of any size keeps
 * flat memory. Readers look at `buf[pos, end)`; `ensure(n)` makes n bytes available from `pos`,
 * moving the unread tail to the front and refilling when a record straddles the chunk's end,
 * and growing the buffer when one record is larger than it.
 */
import * as fs from 'node:fs';
import { chainsimError } from '../../policy/index.js';
import { ioReason } from './io-reason.js';

/**
 * Measured: a chunk that stays in the CPU caches walks faster than a large one (4 MiB was about
 * a third slower than 512 KiB), and 512 KiB still holds a record of libpcap's maximum snaplen.
 */
export const DEFAULT_CHUNK_SIZE = 512 * 1024;

export class ChunkSource {
  buf: Buffer;
  /** Next unread byte in `buf`. */
  pos = 0;
  /** End of the valid bytes in `buf`. */
  end = 0;
  /** File offset of `buf[0]`. */
  base = 0;
  private eof = false;
  private fd: number | null = null;
  /** Known size of a regular file (refreshed when it seems to be exceeded); else Infinity. */
  private size = Infinity;

  constructor(
    readonly path: string,
    chunkSize: number = DEFAULT_CHUNK_SIZE,
  ) {
    try {
      this.fd = fs.openSync(path, 'r');
      const st = fs.fstatSync(this.fd);
      if (st.isDirectory()) throw new Error('is a directory');
      this.size = st.isFile() ? st.size : Infinity;
    } catch (err) {
      this.closeQuietly();
      throw chainsimError('CHAINSIM_CAPTURE', `${path}: cannot open: ${ioReason(err)}`);
    }
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.floor(chunkSize)));
  }

  /** File offset of `buf[pos]`. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Whether the file can be opened again and read from the start (not a pipe). */
  get isRegularFile(): boolean {
    return this.size !== Infinity;
  }

  /** Bytes buffered but not yet consumed. */
  get available(): number {
    return this.end - this.pos;
  }

  /** True when n bytes are available from `pos` (reading more if needed); false at end of file. */
  ensure(n: number): boolean {
    if (this.end - this.pos >= n) return true;
    return this.refill(n);
  }

  /** Closes the file and drops what was buffered: nothing more can be read. */
  close(): void {
    this.closeQuietly();
    this.eof = true;
    this.pos = 0;
    this.end = 0;
  }

  private refill(n: number): boolean {
    if (this.fd === null) return false;
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    // A length that runs past the end of the file is a truncation, not a reason to grow.
    if (this.base + n > this.size && this.base + n > this.statSize()) return this.fillAll(n);
    if (n > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.end);
      this.buf = grown;
    }
    return this.fillAll(n);
  }

  private fillAll(n: number): boolean {
    const fd = this.fd;
    while (this.end < n && !this.eof && fd !== null && this.end < this.buf.length) {
      let got: number;
      try {
        got = fs.readSync(fd, this.buf, this.end, this.buf.length - this.end, null);
      } catch (err) {
        const at = this.base + this.end;
        throw chainsimError('CHAINSIM_CAPTURE', `${this.path}: read failed at byte ${at}: ${ioReason(err)}`);
      }
      if (got === 0) this.eof = true;
      else this.end += got;
    }
    return this.end >= n;
  }

  private statSize(): number {
    if (this.fd === null || this.size === Infinity) return Infinity;
    this.size = fs.fstatSync(this.fd).size;
    return this.size;
  }

  private closeQuietly(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // Closing a descriptor we opened cannot fail in a way the reader could act on.
    }
    this.fd = null;
  }
}
