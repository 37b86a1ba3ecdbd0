/**
 * The verdicts of the hosted firewall's probes, apart from the socket (so that they can be
 * tested without one). A probe fails only when it really went out (the socket wrote it, or
 * refused it: no route) and no reply has been read a whole interval after that, once the
 * socket has been drained. Under load the event loop reads late and raw-socket writes a
 * queued request late; judging by the loop's clock alone marked a busy, healthy firewall down.
 * A reply to any recent probe, even one already judged, proves the path: misses start over and
 * the firewall is up. Three failures in a row make it down (SPEC: instance.probe).
 */

/** Failures in a row that make the VM not processing (SPEC). */
export const PROBE_MISSES_DOWN = 3;
/** Probes remembered after their verdict, so that a late reply still counts. */
const REMEMBERED = 16;
/**
 * A request's reply is awaited this share of the interval after it was written before the
 * probe can fail: the next tick judges a probe written at once (idle loop), a probe the
 * socket wrote late waits a tick more.
 */
const WAIT_SHARE = 0.9;

export type VerdictChange = 'down' | 'up' | null;

export class ProbeVerdicts {
  sent = 0;
  replies = 0;
  /** Failures in a row. */
  misses = 0;
  down = false;
  /** Per remembered probe: its sequence number, write time (NaN: not yet), state. */
  private readonly seqs = new Int32Array(REMEMBERED).fill(-1);
  private readonly writtenMs = new Float64Array(REMEMBERED).fill(Number.NaN);
  /** 0 awaiting, 1 answered, 2 judged failed (a late reply still counts), 3 answered and judged. */
  private readonly state = new Uint8Array(REMEMBERED);
  private next = 0;

  constructor(private readonly intervalMs: number) {}

  /** Probe `seq` was handed to the socket. */
  requested(seq: number): void {
    const i = this.next;
    this.next = (i + 1) % REMEMBERED;
    this.seqs[i] = seq;
    this.writtenMs[i] = Number.NaN;
    this.state[i] = 0;
    this.sent++;
  }

  /** The socket wrote probe `seq` (or refused it: then no reply can come) at `nowMs`. */
  written(seq: number, nowMs: number): void {
    const i = this.indexOf(seq);
    if (i >= 0 && Number.isNaN(this.writtenMs[i])) this.writtenMs[i] = nowMs;
  }

  /** A reply to probe `seq` was read; returns 'up' when it ends a down verdict. */
  reply(seq: number): VerdictChange {
    const i = this.indexOf(seq);
    if (i < 0 || (this.state[i] & 1) === 1) return null;
    this.state[i] |= 1;
    this.replies++;
    this.misses = 0;
    if (!this.down) return null;
    this.down = false;
    return 'up';
  }

  /**
   * Judges the probes written at least an interval (WAIT_SHARE of it) before `nowMs` and still
   * unanswered — call after reading every reply the socket holds; returns 'down' when the
   * third failure in a row is reached.
   */
  judge(nowMs: number): VerdictChange {
    let change: VerdictChange = null;
    // Oldest first, so that failures count in the order the probes went out.
    for (let k = 0; k < REMEMBERED; k++) {
      const i = (this.next + k) % REMEMBERED;
      if (this.seqs[i] < 0 || this.state[i] >= 2) continue;
      if (this.state[i] === 1) {
        this.state[i] = 3;
        continue;
      }
      const w = this.writtenMs[i];
      if (Number.isNaN(w) || nowMs - w < this.intervalMs * WAIT_SHARE) continue;
      this.state[i] = 2;
      this.misses++;
      if (this.misses >= PROBE_MISSES_DOWN && !this.down) {
        this.down = true;
        change = 'down';
      }
    }
    return change;
  }

  private indexOf(seq: number): number {
    for (let i = 0; i < REMEMBERED; i++) if (this.seqs[i] === seq) return i;
    return -1;
  }
}
