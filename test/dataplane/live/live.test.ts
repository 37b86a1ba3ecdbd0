/**
 * `chainsim live` on real devices: veth pairs into a private network namespace, chainsim inside
 * it, the test on the outer ends sending frames and reading what comes out (cap in-process).
 * Expected counts are derived from the frames each test sends, under the embedded default
 * config (use case 1: everything redirected; the stub firewall allows LAN → WAN and the
 * replies of its sessions).
 */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns, Outer, arpRequest, configWithProbe, liveTestLacking, running, sleep, udpFrame, until } from './veth.js';

const LAN_HOST = '172.16.10.5';
const WAN_HOST = '198.51.100.10';

/** The frame with an 802.1Q tag (TPID 0x8100, VID `vlan`, PCP 0) after its MAC addresses. */
function tagged(frame: Buffer, vlan: number): Buffer {
  const tag = Buffer.from([0x81, 0x00, vlan >> 8, vlan & 0xff]);
  return Buffer.concat([frame.subarray(0, 12), tag, frame.subarray(12)]);
}

describe.skipIf(liveTestLacking().length > 0)('chainsim live on veth pairs', () => {
  let net: Netns;
  const outer: Record<string, Outer> = {};
  let dir: string;

  beforeAll(() => {
    net = new Netns();
    dir = mkdtempSync(path.join(tmpdir(), 'chs-live-'));
    // LAN side takes jumbo frames so that an oversize frame reaches chainsim, and WAN refuses it.
    for (const [inner, mtu] of [['lan', 9000], ['wan', 1500], ['fw1', 1500], ['fw2', 1500]] as const) {
      outer[inner] = new Outer(net.veth(inner, mtu));
    }
  });

  afterAll(() => {
    for (const o of Object.values(outer)) o.close();
    net?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const clear = (): void => {
    for (const o of Object.values(outer)) o.frames.length = 0;
  };

  async function stop(child: ReturnType<Netns['chainsim']>, done: ReturnType<typeof running>['done']) {
    child.kill('SIGINT');
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  }

  it('refuses a device named twice or missing, before opening any (exit 2)', async () => {
    for (const args of [
      ['--port', 'LAN-1=lan', '--port', 'WAN-1=lan', '--fw', 'stub'],
      ['--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw-if1', 'fw1', '--fw-if2', 'nosuchdev0'],
      ['--port', 'LAN-1=lan', '--fw', 'stub', '--fw-if1', 'fw1', '--fw-if2', 'fw2'],
    ]) {
      const { done } = running(net.chainsim(['live', ...args, '--duration', '1']));
      const r = await done;
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/chainsim: live: /);
      expect(r.stderr).not.toMatch(/ready/);
    }
  });

  it('stub firewall: forwards unchanged on the routed device, bridges ARP, drops tx-error', async () => {
    clear();
    const child = net.chainsim(['live', '--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw', 'stub', '--json']);
    const { ready, done } = running(child);
    await ready;
    const arp = arpRequest(LAN_HOST, WAN_HOST);
    const out = udpFrame(LAN_HOST, WAN_HOST, 5000, 53, 120);
    const reply = udpFrame(WAN_HOST, LAN_HOST, 53, 5000, 90, 0x33);
    const oversize = udpFrame(LAN_HOST, WAN_HOST, 5001, 53, 2000);
    outer.lan.send(arp);
    await until(() => outer.wan.frames.length >= 1);
    outer.lan.send(out);
    await until(() => outer.wan.frames.length >= 2);
    outer.wan.send(reply);
    await until(() => outer.lan.frames.length >= 1);
    outer.lan.send(oversize);
    await sleep(200);
    const s = await stop(child, done);

    // ARP and the LAN → WAN datagram leave on WAN-1 byte for byte; the reply on LAN-1.
    expect(outer.wan.frames).toEqual([arp, out]);
    expect(outer.lan.frames).toEqual([reply]);
    expect(outer.fw1.frames).toEqual([]);
    expect(s.interfaces['LAN-1']).toEqual({ rxPackets: 3, rxBytes: arp.length + 120 + 2000, txPackets: 1, txBytes: 90 });
    expect(s.interfaces['WAN-1']).toEqual({ rxPackets: 1, rxBytes: 90, txPackets: 1, txBytes: 120 });
    expect(s.drops['tx-error']).toBe(1);
    expect(s.consumed['non-ip']).toBe(1);
    expect(s.accounting).toEqual({ in: 4, forwarded: 2, dropped: 1, consumed: 1, queued: 0, balanced: true });
    expect(s.hostedFirewall.packetsSent).toBe(3);
    expect(s.live.firewall).toBe('stub');
    expect(s.live.probe).toBeNull();
    expect(s.live.devices.wan.refused).toBe(1);
    // Every frame the kernel received on a port was read: 3 on lan, 1 on wan, none lost.
    expect(s.live.devices.lan).toMatchObject({ received: 3, captureDrops: 0 });
    expect(s.live.devices.wan).toMatchObject({ received: 1, captureDrops: 0 });
  });

  it('a packet that waits in the firewall is not bridged like the ARP frame before it', async () => {
    clear();
    // The stub holds every redirected frame 20 ms: the datagram finishes after the next frames.
    const config = path.join(dir, 'latency.yaml');
    writeFileSync(config, configWithProbe(null).replace(/processingLatency: 0ms/, 'processingLatency: 20ms'));
    const child = net.chainsim(['live', '--config', config, '--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw', 'stub', '--json']);
    const { ready, done } = running(child);
    await ready;
    const arp = arpRequest(LAN_HOST, WAN_HOST);
    const out = udpFrame(LAN_HOST, WAN_HOST, 5100, 53, 100);
    outer.lan.send(arp);
    await until(() => outer.wan.frames.length >= 1);
    outer.lan.send(out);
    await until(() => outer.wan.frames.length >= 2);
    await sleep(200);
    const s = await stop(child, done);

    // Once, from the firewall's way out: not also bridged at once as the ARP frame was.
    expect(outer.wan.frames).toEqual([arp, out]);
    expect(s.accounting).toEqual({ in: 2, forwarded: 1, dropped: 0, consumed: 1, queued: 0, balanced: true });
  });

  it('real firewall: tags towards it, pops what returns with a redirect VLAN, counts the rest fw-no-return', async () => {
    clear();
    const config = path.join(dir, 'no-probe.yaml');
    writeFileSync(config, configWithProbe(null));
    const child = net.chainsim(['live', '--config', config, '--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw-if1', 'fw1', '--fw-if2', 'fw2', '--json']);
    const { ready, done } = running(child);
    await ready;
    const first = udpFrame(LAN_HOST, WAN_HOST, 6000, 53, 100);
    const second = udpFrame(LAN_HOST, WAN_HOST, 6001, 53, 110);
    outer.lan.send(first);
    await until(() => outer.fw1.frames.length >= 1);
    // The test plays the firewall: what entered interface 1 leaves interface 2, same VLAN.
    outer.fw2.send(outer.fw1.frames[0]);
    await until(() => outer.wan.frames.length >= 1);
    outer.lan.send(second);
    await until(() => outer.fw1.frames.length >= 2);
    outer.fw2.send(tagged(second, 200)); // not a redirect VLAN: ignored
    await sleep(200);
    const s = await stop(child, done);

    expect(outer.fw1.frames).toEqual([tagged(first, 100), tagged(second, 100)]);
    expect(outer.wan.frames).toEqual([first]);
    expect(s.hostedFirewall.packetsSent).toBe(2);
    expect(s.hostedFirewall.packetsReceived).toBe(1);
    expect(s.drops['fw-no-return']).toBe(1);
    expect(s.accounting).toEqual({ in: 2, forwarded: 1, dropped: 1, consumed: 0, queued: 0, balanced: true });
    expect(s.live.firewall).toMatchObject({ returned: 1, ignored: 1, outAtEnd: 1, captureDrops: 0 });
    // SPEC: offered = the tagged frames' bits over the input's span (first to last port frame),
    // not over the run: time 0 is the first frame, as in replay.
    const bits = outer.fw1.frames.reduce((a, f) => a + f.length * 8, 0);
    const span = s.input.last - s.input.first;
    expect(span).toBeGreaterThan(0);
    expect(s.hostedFirewall.redirectMbps.offered / (bits / span / 1e6)).toBeCloseTo(1, 2);
  });

  it('probes: three misses make redirected packets drop vm-down; a reply brings the VM back', async () => {
    clear();
    const config = path.join(dir, 'probe.yaml');
    // No route to 192.0.2.50 in the namespace: every probe misses until the address appears.
    writeFileSync(config, configWithProbe('{ address: 192.0.2.50, interval: 100ms }'));
    const child = net.chainsim(['live', '--config', config, '--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw-if1', 'fw1', '--fw-if2', 'fw2', '--json']);
    const { ready, done } = running(child);
    await ready;
    await sleep(1000); // 10 probe intervals: far more than 3 misses
    outer.lan.send(udpFrame(LAN_HOST, WAN_HOST, 7000, 53));
    await sleep(100);
    expect(outer.fw1.frames).toEqual([]);
    net.ip('addr', 'add', '192.0.2.50/32', 'dev', 'lo');
    try {
      // The first reply brings the VM back: try until a frame reaches the firewall link (each
      // try before that drops vm-down too).
      let tries = 0;
      let back = udpFrame(LAN_HOST, WAN_HOST, 7001, 53);
      for (; tries < 25 && outer.fw1.frames.length === 0; tries++) {
        back = udpFrame(LAN_HOST, WAN_HOST, 7001 + tries, 53);
        outer.lan.send(back);
        await sleep(200);
      }
      const s = await stop(child, done);
      expect(outer.fw1.frames).toEqual([tagged(back, 100)]);
      expect(s.drops['vm-down']).toBe(tries);
      expect(s.hostedFirewall.drops['vm-down']).toBe(tries);
      expect(s.hostedFirewall.packetsSent).toBe(1);
      expect(s.hostedFirewall.adminState).toBe('up');
      expect(s.live.probe.replies).toBeGreaterThan(0);
      expect(s.live.probe.sent - s.live.probe.replies).toBeGreaterThanOrEqual(3);
      expect(s.live.probe.down).toBe(false);
    } finally {
      net.ip('addr', 'del', '192.0.2.50/32', 'dev', 'lo');
    }
  });

  it('stub firewall sends no probes even when the config has one', async () => {
    clear();
    const config = path.join(dir, 'probe-stub.yaml');
    writeFileSync(config, configWithProbe('{ address: 192.0.2.50, interval: 100ms }'));
    const child = net.chainsim(['live', '--config', config, '--port', 'LAN-1=lan', '--port', 'WAN-1=wan', '--fw', 'stub', '--json']);
    const { ready, done } = running(child);
    await ready;
    await sleep(500);
    outer.lan.send(udpFrame(LAN_HOST, WAN_HOST, 8000, 53));
    await until(() => outer.wan.frames.length >= 1);
    const s = await stop(child, done);
    expect(s.live.probe).toBeNull();
    expect(s.drops['vm-down']).toBe(0);
    expect(outer.wan.frames.length).toBe(1);
  });
});
