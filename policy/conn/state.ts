/**
 * The connection state machine (SPEC.md "Connections" and "Edge cases → TCP and timeouts") as
 * pure functions over numbers, shared by the appliance's connection table and the hosted
 * firewall's sessions.
 *
 * A state code says both where the connection is and which timeout bounds its idle time, so the
 * table needs one byte per connection and no protocol field. TCP "closing" has two codes, by which
 * side sent the FIN, because "FINs from both sides → time-wait" must remember the first one;
 * `CONN_STATES[code].name` is `tcp-closing` for both.
 *
 * Transitions (direction 0 = from the initiator, 1 = from the responder):
 *   TCP: RST → closed, from any state, and closed stays closed until it expires;
 *        time-wait stays time-wait (but for RST);
 *        a FIN → closing; a FIN from the other side of a closing connection → time-wait;
 *        otherwise the responder's first packet while initial → established.
 *   UDP: udp-initial until the responder sends, then udp-idle.
 *   ICMP (1 and 58): icmp-idle.  Any other protocol: generic-idle.
 * A connection is created in its protocol's first state; the creating packet then goes through
 * `nextState` like every later one (a first packet carrying FIN or RST moves it on at once).
 */
import type { Timeouts } from '../config/types.js';
import { PROTO_ICMP, PROTO_ICMPV6, PROTO_TCP, PROTO_UDP, TCP_FIN, TCP_RST } from '../model/tuple.js';

export const CONN_TCP_INITIAL = 0;
export const CONN_TCP_ESTABLISHED = 1;
/** Closing after a FIN from the initiator only. */
export const CONN_TCP_CLOSING_INITIATOR = 2;
/** Closing after a FIN from the responder only. */
export const CONN_TCP_CLOSING_RESPONDER = 3;
export const CONN_TCP_TIME_WAIT = 4;
export const CONN_TCP_CLOSED = 5;
export const CONN_UDP_INITIAL = 6;
export const CONN_UDP_IDLE = 7;
export const CONN_ICMP = 8;
export const CONN_GENERIC = 9;
/** Not a state: marks a free slot in the `state` array of a FlowTable. */
export const CONN_FREE = 255;

export const DIR_INITIATOR = 0;
export const DIR_RESPONDER = 1;

export interface ConnStateInfo {
  /** Name for traces, `explain` and tests. */
  readonly name: string;
  /** The `firewall.timeouts` key that bounds the idle time in this state. */
  readonly timeout: keyof Timeouts;
}

/** Indexed by state code: the one declaration names and timeouts come from. */
export const CONN_STATES: readonly ConnStateInfo[] = [
  { name: 'tcp-initial', timeout: 'tcpInitial' },
  { name: 'tcp-established', timeout: 'tcpIdle' },
  { name: 'tcp-closing', timeout: 'tcpClosing' },
  { name: 'tcp-closing', timeout: 'tcpClosing' },
  { name: 'tcp-time-wait', timeout: 'tcpTimeWait' },
  { name: 'tcp-closed', timeout: 'tcpClosed' },
  { name: 'udp-initial', timeout: 'udpInitial' },
  { name: 'udp-idle', timeout: 'udpIdle' },
  { name: 'icmp-idle', timeout: 'icmpIdle' },
  { name: 'generic-idle', timeout: 'genericIdle' },
];

export const CONN_STATE_COUNT = CONN_STATES.length;

/** The name of a state code (`free` for CONN_FREE, `unknown(n)` for anything else). */
export function connStateName(state: number): string {
  if (state === CONN_FREE) return 'free';
  const info = CONN_STATES[state];
  return info === undefined ? `unknown(${state})` : info.name;
}

/** The state a new connection of this protocol starts in. */
export function initialState(proto: number): number {
  if (proto === PROTO_TCP) return CONN_TCP_INITIAL;
  if (proto === PROTO_UDP) return CONN_UDP_INITIAL;
  if (proto === PROTO_ICMP || proto === PROTO_ICMPV6) return CONN_ICMP;
  return CONN_GENERIC;
}

/** One packet's step. `tcpFlags` is read only in TCP states (pass 0 for other protocols). */
export function nextState(state: number, direction: number, tcpFlags: number): number {
  if (state <= CONN_TCP_CLOSED) {
    if ((tcpFlags & TCP_RST) !== 0) return CONN_TCP_CLOSED;
    if (state >= CONN_TCP_TIME_WAIT) return state;
    if ((tcpFlags & TCP_FIN) !== 0) {
      if (state === CONN_TCP_CLOSING_INITIATOR) {
        return direction === DIR_RESPONDER ? CONN_TCP_TIME_WAIT : state;
      }
      if (state === CONN_TCP_CLOSING_RESPONDER) {
        return direction === DIR_INITIATOR ? CONN_TCP_TIME_WAIT : state;
      }
      return direction === DIR_INITIATOR ? CONN_TCP_CLOSING_INITIATOR : CONN_TCP_CLOSING_RESPONDER;
    }
    if (state === CONN_TCP_INITIAL && direction === DIR_RESPONDER) return CONN_TCP_ESTABLISHED;
    return state;
  }
  if (state === CONN_UDP_INITIAL && direction === DIR_RESPONDER) return CONN_UDP_IDLE;
  return state;
}

/** Converts seconds to the table's time unit once, at construction. */
export const NS_PER_SECOND = 1e9;

/**
 * Idle timeouts in nanoseconds, indexed by state code. Rounded to whole nanoseconds so that
 * `last + timeout` stays an exact integer-valued double (times are below 2^53 ns ≈ 104 days).
 */
export function timeoutTable(timeouts: Timeouts): Float64Array {
  const table = new Float64Array(CONN_STATE_COUNT);
  for (let s = 0; s < CONN_STATE_COUNT; s++) {
    table[s] = Math.round(timeouts[CONN_STATES[s].timeout] * NS_PER_SECOND);
  }
  return table;
}

/** SPEC: a connection expires when the clock reaches last + timeout, before a packet then. */
export function isExpired(lastSeen: number, timeoutNs: number, now: number): boolean {
  return now >= lastSeen + timeoutNs;
}
