/**
 * `chainsim send` on a veth pair: what leaves the device is counted on the other end (cap), not
 * timed. Pacing is checked by bounds that deadlines guarantee: N packets at R cannot finish
 * before the last one's deadline (the bits before it over R), and a run of D seconds cannot
 * send more than R × D plus one packet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns, Outer, liveTestLacking, running, sleep } from './veth.js';

const SRC = '172.16.10.5';
const DST = '198.51.100.10';

describe.skipIf(liveTestLacking().length > 0)('chainsim send on a veth pair', () => {
  let net: Netns;
  let peer: Outer;

  beforeAll(() => {
    net = new Netns();
    peer = new Outer(net.veth('snd'));
    // The next hop's MAC: no ARP on the wire, every packet leaves at once.
    net.ip('neigh', 'add', DST, 'lladdr', '02:00:00:00:00:0b', 'dev', 'snd', 'nud', 'permanent');
  });

  afterAll(() => {
    peer?.close();
    net?.destroy();
  });

  /** IPv4 frames from SRC to DST that arrived at the peer. */
  function received(): Buffer[] {
    const ip = (f: Buffer, at: number) => [...f.subarray(at, at + 4)].join('.');
    return peer.frames.filter((f) => f.readUInt16BE(12) === 0x0800 && ip(f, 26) === SRC && ip(f, 30) === DST);
  }

  async function send(args: string[]) {
    peer.frames.length = 0;
    const r = await running(net.chainsim(['send', '--device', 'snd', '--profile', 'usecase1', '--src', SRC, '--dst', DST, '--json', ...args])).done;
    expect(r.code, r.stderr).toBe(0);
    await sleep(200);
    return JSON.parse(r.stdout);
  }

  it('sends exactly --packets readdressed packets, no sooner than their deadlines', async () => {
    const result = await send(['--packets', '40', '--mbps', '2']);
    const frames = received();
    expect(result.packets).toBe(40);
    expect(frames.length).toBe(40);
    expect(result.bytes).toBe(frames.reduce((a, f) => a + f.length - 14, 0));
    // Deadline of the last packet: the frame bits of all before it at 2 Mbit/s.
    const before = frames.slice(0, -1).reduce((a, f) => a + f.length * 8, 0);
    expect(result.seconds).toBeGreaterThanOrEqual((before / 2e6) * 0.999);
  });

  it('a --duration run sends no more than the rate allows', async () => {
    const result = await send(['--duration', '0.5', '--mbps', '1']);
    const frames = received();
    expect(frames.length).toBe(result.packets);
    expect(frames.length).toBeGreaterThan(0);
    const bits = frames.reduce((a, f) => a + f.length * 8, 0);
    expect(bits).toBeLessThanOrEqual(1e6 * 0.5 + 1514 * 8);
  });

  it('refuses a device that does not exist (exit 2)', async () => {
    const r = await running(net.chainsim(['send', '--device', 'nosuchdev0', '--profile', 'usecase1'])).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/send: --device: no network device "nosuchdev0"/);
  });
});
