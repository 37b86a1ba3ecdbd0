/**
 * The rig itself, without chainsim: its namespaces and devices, its firewall's policy (the
 * sub-interface VLAN passes, other VLANs and the denied port do not, each counted per
 * direction), the probe path through the bridge, and cleanup of half-built and failed rigs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/env.js';
import { liveLacking } from './prereq.js';
import { RIG, readFrames, rigScript, useRig } from './rig.js';

const missing = liveLacking();
const PREFIX = 'rt' + String(process.pid % 100000);

/** A tagged (or untagged, vlan null) Ethernet + IPv4 + UDP frame from the LAN host to the WAN host. */
function udpFrame(vlan: number | null, dport: number): string {
  const mac = '020000000002' + '020000000001'; // destination, source: never looked at
  const tag = vlan === null ? '' : '8100' + vlan.toString(16).padStart(4, '0');
  const hex = (n: number, bytes: number): string => n.toString(16).padStart(bytes * 2, '0');
  const ip = (a: string): string => a.split('.').map((o) => hex(Number(o), 1)).join('');
  const payload = '61626364';
  const udp = hex(40000, 2) + hex(dport, 2) + hex(12, 2) + '0000' + payload;
  // The header checksum is left 0: a bridge and nftables never check it.
  const ipHdr = '4500' + hex(20 + 12, 2) + '00010000' + '4011' + '0000' + ip(RIG.lanAddr) + ip(RIG.wanAddr);
  return mac + tag + '0800' + ipHdr + udp;
}

function nsList(): string[] {
  return spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n !== '');
}

describe.skipIf(missing.length > 0)('live rig (test/live/rig.sh)', () => {
  const { rig, tmp } = useRig(PREFIX, 'rig');

  it('builds four namespaces with the planned devices, IPv6 off and offloads off', () => {
    for (const ns of Object.values(rig.ns)) expect(nsList()).toContain(ns);
    const appLinks = rig.run('app', ['ip', '-br', 'link']);
    for (const dev of Object.values(RIG.app)) expect(appLinks).toMatch(new RegExp(`^${dev}@`, 'm'));
    const ports = rig.run('fw', ['bridge', 'link']);
    for (const port of ['p1', 'p2', 'mgmt']) expect(ports).toMatch(new RegExp(`^\\d+: ${port}@\\S+ .*master br0`, 'm'));
    for (const dev of ['lan1', 'wan1', 'fw1', 'fw2', 'mgmt']) {
      expect(rig.run('app', ['cat', `/proc/sys/net/ipv6/conf/${dev}/disable_ipv6`]).trim()).toBe('1');
      const features = rig.run('app', ['ethtool', '-k', dev]);
      expect(features).toMatch(/^tx-checksumming: off/m);
      expect(features).toMatch(/^generic-segmentation-offload: off/m);
    }
    expect(rig.run('lan', ['cat', '/proc/sys/net/ipv6/conf/eth0/disable_ipv6']).trim()).toBe('1');
    expect(rig.run('lan', ['ip', '-br', 'addr', 'show', 'eth0'])).toContain(`${RIG.lanAddr}/12`);
    expect(rig.run('wan', ['ip', '-br', 'addr', 'show', 'eth0'])).toContain(`${RIG.wanAddr}/24`);
  });

  it('passes only the sub-interface VLAN across the bridge, counts per direction, denies the test port', async () => {
    const before = rig.counters();
    const out2 = path.join(tmp, 'fw2.pcap');
    const out1 = path.join(tmp, 'fw1.pcap');
    // What leaves the firewall toward the appliance: frames coming in on fw1 / fw2.
    const cap2 = await rig.capture('app', 'fw2', out2, ['-Q', 'in']);
    const cap1 = await rig.capture('app', 'fw1', out1, ['-Q', 'in']);
    const inject = (dev: string, frames: string[]): string =>
      rig.run('app', [process.execPath, path.join(repoRoot, 'test/live/inject.mjs'), dev, ...frames]);
    inject('fw1', [udpFrame(100, 53), udpFrame(100, 53), udpFrame(100, 53), udpFrame(200, 53), udpFrame(200, 53), udpFrame(100, RIG.denyPort), udpFrame(100, RIG.denyPort), udpFrame(null, 53)]);
    inject('fw2', [udpFrame(100, 80), udpFrame(100, 80), udpFrame(100, RIG.denyPort)]);
    // Counters are read after the frames crossed: the bridge forwards synchronously on send.
    const after = rig.counters();
    await new Promise((r) => setTimeout(r, 300));
    await cap2.stop();
    await cap1.stop();

    const d = (k: keyof typeof after): number => after[k].packets - before[k].packets;
    expect(d('in1')).toBe(5); // VLAN 100 only: 3 passed + 2 denied
    expect(d('fwd12')).toBe(3);
    expect(d('deny12')).toBe(2);
    expect(d('in2')).toBe(3);
    expect(d('fwd21')).toBe(2);
    expect(d('deny21')).toBe(1);

    const through12 = readFrames(out2);
    expect(through12).toHaveLength(3);
    for (const f of through12) {
      expect(f.vlans).toEqual([100]);
      expect(f.dport).toBe(53);
    }
    const through21 = readFrames(out1);
    expect(through21).toHaveLength(2);
    for (const f of through21) {
      expect(f.vlans).toEqual([100]);
      expect(f.dport).toBe(80);
    }
  });

  it('answers probes on the bridge, and stops answering while the bridge is down', () => {
    const ping = (): number | null =>
      spawnSync('ip', ['netns', 'exec', rig.ns.app, 'ping', '-c', '1', '-W', '1', RIG.probeAddr], { stdio: 'ignore' }).status;
    expect(ping()).toBe(0);
    rig.setBridge(false);
    try {
      expect(ping()).not.toBe(0);
    } finally {
      rig.setBridge(true);
    }
    expect(ping()).toBe(0);
  });

  it('down removes a half-built rig; a failed up leaves nothing behind', () => {
    const half = 'h' + String(process.pid % 100000);
    try {
      for (const ns of [`${half}-lan`, `${half}-fw`]) expect(spawnSync('ip', ['netns', 'add', ns]).status).toBe(0);
      expect(spawnSync(rigScript, ['down', half]).status).toBe(0);
      expect(nsList().filter((n) => n.startsWith(`${half}-`))).toEqual([]);

      // An nftables error at the last step of `up` (a VLAN set nft cannot parse).
      const r = spawnSync(rigScript, ['up', half], { env: { ...process.env, RIG_VLANS: 'not-a-vlan' }, encoding: 'utf8' });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('up failed');
      expect(nsList().filter((n) => n.startsWith(`${half}-`))).toEqual([]);
    } finally {
      spawnSync(rigScript, ['down', half]);
    }
  });
});
