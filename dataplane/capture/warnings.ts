/**
 * A reader's warnings. A capture can repeat one anomaly on every record, so each kind is
 * warned about once, naming its first occurrence, with a count kept as a number on the hot
 * path and written into the message only when the list is read.
 */
import type { CaptureWarning } from './types.js';

interface Counted {
  warning: CaptureWarning;
  count: number;
  render: (count: number) => string;
}

export class WarningLog {
  private readonly list: CaptureWarning[] = [];
  private readonly counted = new Map<string | number, Counted>();

  /** A one-off warning. */
  add(code: string, message: string, offset?: number, record?: number): void {
    this.list.push(make(code, message, offset, record));
  }

  /** Counts one more occurrence of a kind already warned about; false if it is new. */
  bump(key: string | number): boolean {
    const seen = this.counted.get(key);
    if (seen === undefined) return false;
    seen.count++;
    return true;
  }

  /**
   * The first occurrence of a kind of anomaly (`key` separates kinds sharing a code; later
   * ones go through `bump`): `render` writes the message from the count.
   */
  first(
    code: string,
    key: string | number,
    offset: number,
    record: number | undefined,
    render: (count: number) => string,
  ): void {
    const warning = make(code, render(1), offset, record);
    warning.count = 1;
    this.counted.set(key, { warning, count: 1, render });
    this.list.push(warning);
  }

  snapshot(): readonly CaptureWarning[] {
    for (const c of this.counted.values()) {
      if (c.warning.count !== c.count) {
        c.warning.count = c.count;
        c.warning.message = c.render(c.count);
      }
    }
    return this.list;
  }
}

function make(code: string, message: string, offset?: number, record?: number): CaptureWarning {
  const w: CaptureWarning = { code, message };
  if (offset !== undefined) w.offset = offset;
  if (record !== undefined) w.record = record;
  return w;
}
