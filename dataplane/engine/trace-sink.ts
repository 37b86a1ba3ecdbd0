/**
 * Writes trace lines to a JSONL file in input order. A packet that waited (the ceiling's queue,
 * the firewall's latency) completes after packets that came in behind it; their lines are held
 * until every earlier packet's line is out. Lines are batched into large writes.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { chainsimError } from '../../policy/index.js';

const FLUSH_AT = 1 << 20;

export class TraceSink {
  private readonly fd: number;
  private pending = '';
  private nextIndex = 1;
  private readonly held = new Map<number, string>();

  constructor(readonly file: string) {
    try {
      this.fd = openSync(file, 'w');
    } catch (err) {
      throw chainsimError('CHAINSIM_USAGE', `--trace ${file}: cannot write: ${(err as Error).message}`);
    }
  }

  /** The line of input packet `index` (1-based). */
  add(index: number, line: string): void {
    if (index !== this.nextIndex) {
      this.held.set(index, line);
      return;
    }
    this.append(line);
    this.nextIndex++;
    while (this.held.size > 0) {
      const next = this.held.get(this.nextIndex);
      if (next === undefined) break;
      this.held.delete(this.nextIndex);
      this.append(next);
      this.nextIndex++;
    }
  }

  private append(line: string): void {
    this.pending += line + '\n';
    if (this.pending.length >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending);
    this.pending = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
