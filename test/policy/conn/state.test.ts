import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CONN_FREE,
  CONN_GENERIC,
  CONN_ICMP,
  CONN_STATE_COUNT,
  CONN_TCP_CLOSED,
  CONN_TCP_CLOSING_INITIATOR as CLOSING_I,
  CONN_TCP_CLOSING_RESPONDER as CLOSING_R,
  CONN_TCP_ESTABLISHED as ESTABLISHED,
  CONN_TCP_INITIAL as INITIAL,
  CONN_TCP_TIME_WAIT as TIME_WAIT,
  CONN_UDP_IDLE,
  CONN_UDP_INITIAL,
  connStateName,
  initialState,
  isExpired,
  nextState,
  timeoutTable,
} from '../../../policy/conn/index.js';
import { DEFAULT_TIMEOUTS } from '../../../policy/config/types.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN } from '../../../policy/model/tuple.js';

const CLOSED = CONN_TCP_CLOSED;
const I = 0;
const R = 1;
const S = TCP_SYN;
const A = TCP_ACK;
const F = TCP_FIN;
const RST = TCP_RST;

describe('initialState', () => {
  it.each([
    [6, INITIAL],
    [17, CONN_UDP_INITIAL],
    [1, CONN_ICMP],
    [58, CONN_ICMP],
    [47, CONN_GENERIC],
    [132, CONN_GENERIC],
    [0, CONN_GENERIC],
  ])('protocol %i starts in state %i', (proto, state) => {
    expect(initialState(proto)).toBe(state);
  });
});

describe('nextState: every transition of SPEC', () => {
  // [from, direction, flags, to, why]
  const table: [number, number, number, number, string][] = [
    [INITIAL, I, S, INITIAL, 'SYN retransmitted by the initiator'],
    [INITIAL, I, A, INITIAL, 'initiator alone never establishes'],
    [INITIAL, R, S | A, ESTABLISHED, "responder's first packet (SYN-ACK)"],
    [INITIAL, R, A, ESTABLISHED, "responder's first packet (mid-stream pickup)"],
    [INITIAL, R, 0, ESTABLISHED, "responder's first packet, no flags"],
    [INITIAL, I, RST, CLOSED, 'RST from the initiator'],
    [INITIAL, R, RST | A, CLOSED, 'RST from the responder (refused)'],
    [INITIAL, I, F | RST, CLOSED, 'RST wins over FIN'],
    [INITIAL, I, F, CLOSING_I, 'FIN from the initiator before any reply'],
    [INITIAL, R, F | A, CLOSING_R, 'FIN from the responder as its first packet'],
    [ESTABLISHED, I, A, ESTABLISHED, 'data'],
    [ESTABLISHED, R, TCP_PSH | A, ESTABLISHED, 'data back'],
    [ESTABLISHED, I, S, ESTABLISHED, 'a stray SYN changes nothing'],
    [ESTABLISHED, I, F | A, CLOSING_I, 'initiator closes'],
    [ESTABLISHED, R, F | A, CLOSING_R, 'responder closes'],
    [ESTABLISHED, R, RST, CLOSED, 'reset'],
    [CLOSING_I, I, A, CLOSING_I, 'more from the closer'],
    [CLOSING_I, I, F | A, CLOSING_I, 'FIN retransmitted by the same side'],
    [CLOSING_I, R, A, CLOSING_I, 'ACK of the FIN'],
    [CLOSING_I, R, F | A, TIME_WAIT, 'FIN from the other side'],
    [CLOSING_I, R, RST, CLOSED, 'reset while closing'],
    [CLOSING_R, R, F | A, CLOSING_R, 'FIN retransmitted by the responder'],
    [CLOSING_R, I, A, CLOSING_R, 'ACK of the FIN'],
    [CLOSING_R, I, F | A, TIME_WAIT, 'FIN from the initiator too'],
    [CLOSING_R, I, RST, CLOSED, 'reset while closing'],
    [TIME_WAIT, I, A, TIME_WAIT, 'the last ACK'],
    [TIME_WAIT, R, F | A, TIME_WAIT, 'FIN retransmitted'],
    [TIME_WAIT, I, S, TIME_WAIT, 'a new SYN before expiry stays in the old connection'],
    [TIME_WAIT, R, RST, CLOSED, 'reset in time-wait'],
    [CLOSED, I, S, CLOSED, 'closed stays closed until it expires'],
    [CLOSED, R, F | A, CLOSED, 'FIN after reset'],
    [CLOSED, R, S | A, CLOSED, 'SYN-ACK after reset'],
    [CLOSED, I, RST, CLOSED, 'RST again'],
    [CONN_UDP_INITIAL, I, 0, CONN_UDP_INITIAL, 'initiator alone'],
    [CONN_UDP_INITIAL, R, 0, CONN_UDP_IDLE, 'the responder sends'],
    [CONN_UDP_INITIAL, R, F, CONN_UDP_IDLE, 'flags mean nothing outside TCP'],
    [CONN_UDP_INITIAL, I, RST, CONN_UDP_INITIAL, 'flags mean nothing outside TCP'],
    [CONN_UDP_IDLE, I, 0, CONN_UDP_IDLE, 'stays idle'],
    [CONN_UDP_IDLE, R, 0, CONN_UDP_IDLE, 'stays idle'],
    [CONN_ICMP, I, 0, CONN_ICMP, 'icmp'],
    [CONN_ICMP, R, RST, CONN_ICMP, 'icmp ignores flags'],
    [CONN_GENERIC, R, 0, CONN_GENERIC, 'generic'],
    [CONN_GENERIC, I, RST | F, CONN_GENERIC, 'generic ignores flags'],
  ];
  it.each(table)('state %i, dir %i, flags %i → %i (%s)', (from, dir, flags, to) => {
    expect(nextState(from, dir, flags)).toBe(to);
  });

  it('a whole handshake and close walks initial → established → closing → time-wait', () => {
    let s = initialState(6);
    s = nextState(s, I, S);
    s = nextState(s, R, S | A);
    s = nextState(s, I, A);
    expect(connStateName(s)).toBe('tcp-established');
    s = nextState(s, R, F | A);
    expect(connStateName(s)).toBe('tcp-closing');
    s = nextState(s, I, A);
    s = nextState(s, I, F | A);
    expect(connStateName(s)).toBe('tcp-time-wait');
    s = nextState(s, R, A);
    expect(connStateName(s)).toBe('tcp-time-wait');
  });

  it('properties: RST always closes TCP; other protocols ignore flags and never become TCP', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CONN_STATE_COUNT - 1 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 0xff }), (s, d, f) => {
        const next = nextState(s, d, f);
        const tcp = s <= CLOSED;
        if (tcp) {
          expect(next).toBeLessThanOrEqual(CLOSED);
          if ((f & RST) !== 0) expect(next).toBe(CLOSED);
        } else {
          expect(next).toBe(nextState(s, d, 0));
          expect(next).toBeGreaterThan(CLOSED);
        }
      }),
    );
  });
});

describe('names and timeouts', () => {
  it('names every state, free and unknown codes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(connStateName)).toEqual([
      'tcp-initial',
      'tcp-established',
      'tcp-closing',
      'tcp-closing',
      'tcp-time-wait',
      'tcp-closed',
      'udp-initial',
      'udp-idle',
      'icmp-idle',
      'generic-idle',
    ]);
    expect(connStateName(CONN_FREE)).toBe('free');
    expect(connStateName(42)).toBe('unknown(42)');
  });

  it('converts the default timeouts to nanoseconds per state', () => {
    expect(Array.from(timeoutTable(DEFAULT_TIMEOUTS))).toEqual([
      120e9, 7440e9, 10e9, 10e9, 5e9, 10e9, 30e9, 300e9, 60e9, 300e9,
    ]);
  });

  it('rounds fractional seconds to whole nanoseconds', () => {
    const t = timeoutTable({ ...DEFAULT_TIMEOUTS, udpInitial: 0.5, icmpIdle: 1e-10 });
    expect(t[CONN_UDP_INITIAL]).toBe(500_000_000);
    expect(t[CONN_ICMP]).toBe(0);
  });

  it('expires exactly when the clock reaches last + timeout', () => {
    expect(isExpired(1000, 10, 1009)).toBe(false);
    expect(isExpired(1000, 10, 1010)).toBe(true);
    expect(isExpired(1000, 10, 1011)).toBe(true);
    expect(isExpired(5, 0, 5)).toBe(true);
  });
});
