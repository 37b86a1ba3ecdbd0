/**
 * The writers' output: records are built in place in one large buffer, which goes to the
 * file with `fs.writeSync` when it fills and on close, so writing costs no allocation per record.
 */
import * as fs from 'node:fs';
import { chainsimError } from '../../policy/index.js';
import { ioReason } from './io-reason.js';

export const DEFAULT_WRITE_BUFFER = 4 * 1024 * 1024;

export class FileSink {
  buf: Buffer;
  /** Next free byte in `buf`. */
  pos = 0;
  private fd: number | null;

  constructor(
    readonly path: string,
    size: number = DEFAULT_WRITE_BUFFER,
  ) {
    try {
      this.fd = fs.openSync(path, 'w');
    } catch (err) {
      throw chainsimError('CHAINSIM_CAPTURE', `${path}: cannot write: ${ioReason(err)}`);
    }
    this.buf = Buffer.allocUnsafe(Math.max(64, Math.floor(size)));
  }

  get closed(): boolean {
    return this.fd === null;
  }

  /** Makes room for n bytes at `pos` (flushing, or growing for one record larger than the buffer). */
  reserve(n: number): void {
    if (this.buf.length - this.pos >= n) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
  }

  flush(): void {
    if (this.fd === null) return;
    let done = 0;
    try {
      while (done < this.pos) done += fs.writeSync(this.fd, this.buf, done, this.pos - done);
    } catch (err) {
      throw chainsimError('CHAINSIM_CAPTURE', `${this.path}: write failed: ${ioReason(err)}`);
    }
    this.pos = 0;
  }

  close(): void {
    if (this.fd === null) return;
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** A writer's caller must hand a frame that lies inside its buffer. */
export function checkSlice(path: string, buf: Buffer, start: number, len: number): void {
  const whole = Number.isInteger(start) && Number.isInteger(len) && start >= 0 && len >= 0;
  if (!whole || start + len > buf.length) {
    throw chainsimError(
      'CHAINSIM_INTERNAL',
      `${path}: frame [${start}, ${start + len}) is outside its buffer of ${buf.length} bytes`,
    );
  }
}
