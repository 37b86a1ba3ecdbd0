// Hand-written frames shared by the fixed-bytes decode tests. Comments give what the hex says.
import { expect } from 'vitest';
import type { PacketView } from '../../../dataplane/wire/index.js';
import { decodeHex, hex } from './helpers.js';

export const MACS = '00 11 22 33 44 55  66 77 88 99 aa bb';

// 192.168.1.10:50000 > 192.168.1.1:443 SYN, DF, TTL 64, id 0x1c46, MSS option (TCP 24 bytes).
export const IPV4_TCP_SYN = `
  45 00 00 2c 1c 46 40 00 40 06 00 00 c0 a8 01 0a c0 a8 01 01
  c3 50 01 bb 00 00 00 01 00 00 00 00 60 02 ff ff 00 00 00 00 02 04 05 b4`;
// 10.1.1.1:1234 > 10.2.2.2:5678 UDP, no payload.
export const IPV4_UDP = `
  45 00 00 1c 00 03 00 00 40 11 00 00 0a 01 01 01 0a 02 02 02
  04 d2 16 2e 00 08 00 00`;
// fe80::1:443 > fe80::2:50000 SYN-ACK.
export const IPV6_TCP_SYNACK = `
  60 00 00 00 00 14 06 40
  fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01
  fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 02
  01 bb c3 50 00 00 00 00 00 00 00 00 50 12 ff ff 00 00 00 00`;
export const V6_SRC = '20 01 0d b8 00 01 00 00 00 00 00 00 00 00 00 0a'; // 2001:db8:1::a
export const V6_DST = '20 01 0d b8 00 02 00 00 00 00 00 00 00 00 00 01'; // 2001:db8:2::1


/** Decodes a hex frame and insists it is not malformed. */
export function ok(frame: string, linkType: number): PacketView {
  const v = decodeHex(hex(frame), linkType);
  expect(v.malformed, `malformed ${v.malformed}`).toBe(0);
  return v;
}
