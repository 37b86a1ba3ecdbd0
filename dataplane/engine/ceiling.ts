/**
 * The 100 Mbit/s ceiling on traffic redirected to the hosted firewall (SPEC.md: Ceiling).
 *
 * A token bucket of depth `burst` bytes, full at the first packet, refilled at `rate` from the
 * virtual clock (nanoseconds). With `queue: 0` it polices: a packet that does not find its
 * tokens is dropped `rate-ceiling`. With a queue it shapes: a FIFO whose wait is bounded by
 * `queue`; a packet whose wait would exceed it is dropped on arrival and takes no tokens.
 *
 * Shaping needs no packet list: in a FIFO behind one bucket, a packet's departure follows from
 * the bucket's state after the previous departure, so `offer` computes it on arrival and the
 * caller schedules delivery at that time. Police is the same computation with a zero bound.
 *
 * Inputs: `offer(bits, now, lane)`; outputs: the departure time in `departure` or a refusal.
 * Config: rate (bit/s), burst (bytes), queue (s), scope (`aggregate` | `per-direction`: lane 0
 * for the initiator's packets, 1 for replies).
 */
import { asDouble, type CeilingConfig } from '../../policy/index.js';

export class Ceiling {
  /** Bits per nanosecond. */
  private readonly rate: number;
  private readonly depth: number;
  private readonly queueNs: number;
  private readonly lanes: number;
  /** Per lane: tokens (bits) at `mark`, the time of the last departure or refill. */
  private readonly tokens: Float64Array;
  private readonly mark: Float64Array;
  private readonly started: Uint8Array;
  /** Departure time (ns) of the last packet `offer` accepted (a double from the start:
   * policy/model/double.ts). */
  departure = asDouble(0);

  constructor(config: CeilingConfig) {
    this.rate = config.rateBitsPerSecond / 1e9;
    this.depth = config.burstBytes * 8;
    this.queueNs = config.queueSeconds * 1e9;
    this.lanes = config.scope === 'per-direction' ? 2 : 1;
    this.tokens = new Float64Array(2);
    this.mark = new Float64Array(2);
    this.started = new Uint8Array(2);
  }

  get shaping(): boolean {
    return this.queueNs > 0;
  }

  /**
   * Offers a packet of `bits` arriving at `now`. Returns true and sets `departure` when it
   * passes (at once when policing), false when it must be dropped `rate-ceiling`.
   */
  offer(bits: number, now: number, lane: number): boolean {
    const l = this.lanes === 1 ? 0 : lane;
    if (this.started[l] === 0) {
      this.started[l] = 1;
      this.tokens[l] = this.depth;
      this.mark[l] = now;
    }
    const start = now > this.mark[l] ? now : this.mark[l];
    let available = this.tokens[l] + (start - this.mark[l]) * this.rate;
    if (available > this.depth) available = this.depth;
    let depart = start;
    if (available < bits) {
      // A packet larger than the bucket can never find its tokens.
      if (bits > this.depth) return false;
      depart = start + Math.ceil((bits - available) / this.rate);
    }
    if (depart - now > this.queueNs) return false;
    const atDeparture = available + (depart - start) * this.rate;
    this.tokens[l] = (atDeparture > this.depth ? this.depth : atDeparture) - bits;
    this.mark[l] = depart;
    this.departure = depart;
    return true;
  }
}
