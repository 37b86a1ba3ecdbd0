/**
 * The run's counters (SPEC.md: Summary), bumped where things happen: each of forwarded,
 * dropped and consumed is counted at its own place, never derived from the others, so that
 * `accounting.balanced` can fail when a path forgets a packet.
 */
import { asDouble } from '../../policy/index.js';
import { CONSUMED_NAME, DROP_CODE_COUNT } from './reasons.js';
import { WindowCounts } from './windows.js';

const NS_PER_WINDOW = 1e9;

// Counters outgrow 31 bits (bytes, bits, ns): they start as doubles (policy/model/double.ts).
export class Counters {
  inPackets = asDouble(0);
  inBytes = asDouble(0);
  forwarded = asDouble(0);
  dropped = asDouble(0);
  consumed = asDouble(0);
  queued = asDouble(0);
  outOfOrder = asDouble(0);
  readonly drops = new Float64Array(DROP_CODE_COUNT);
  readonly consumedBy = new Float64Array(CONSUMED_NAME.length);
  readonly rxPackets: Float64Array;
  readonly rxBytes: Float64Array;
  readonly txPackets: Float64Array;
  readonly txBytes: Float64Array;

  /** Hosted firewall: packets sent to the VM, received back, dropped by the appliance. */
  fwSent = asDouble(0);
  fwReceived = asDouble(0);
  fwDropped = asDouble(0);
  fwBytesSent = asDouble(0);
  fwBytesReceived = asDouble(0);
  fwBytesDropped = asDouble(0);
  readonly fwDrops = new Float64Array(DROP_CODE_COUNT);

  readonly policyPackets: Float64Array;
  readonly policyBytes: Float64Array;
  readonly policyConnections: Float64Array;

  /** Internal-link bits offered to the ceiling and delivered past it (SPEC: redirectMbps). */
  offeredBits = asDouble(0);
  deliveredBits = asDouble(0);
  lastDepartureNs = asDouble(-1);
  /** Delivered bits per 1-second window by departure time, offered by arrival at the ceiling. */
  readonly deliveredWindows = new WindowCounts();
  readonly offeredWindows = new WindowCounts();

  constructor(interfaces: number, policies: number) {
    this.rxPackets = new Float64Array(interfaces);
    this.rxBytes = new Float64Array(interfaces);
    this.txPackets = new Float64Array(interfaces);
    this.txBytes = new Float64Array(interfaces);
    this.policyPackets = new Float64Array(policies);
    this.policyBytes = new Float64Array(policies);
    this.policyConnections = new Float64Array(policies);
  }

  /** A redirected packet of `bits` reaches the ceiling at `arrivalNs`. */
  offered(bits: number, arrivalNs: number): void {
    this.offeredBits += bits;
    this.offeredWindows.add(Math.floor(arrivalNs / NS_PER_WINDOW), bits);
  }

  delivered(bits: number, departureNs: number): void {
    this.deliveredBits += bits;
    if (departureNs > this.lastDepartureNs) this.lastDepartureNs = departureNs;
    this.deliveredWindows.add(Math.floor(departureNs / NS_PER_WINDOW), bits);
  }

  /** Bits of the busiest 1-second window. */
  peakWindowBits(): number {
    return this.deliveredWindows.peak();
  }
}
