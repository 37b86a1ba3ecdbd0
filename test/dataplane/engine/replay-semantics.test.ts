// SPEC.md's semantics on hand-made captures, one rule per test, expectations derived by hand:
// ingress order, consumed destinations, fragments, the clock, merging, the connection table.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PcapngWriter } from '../../../dataplane/capture/index.js';
import { replay, type Summary } from '../../../dataplane/engine/index.js';
import { loadConfig, parseConfigText, type LoadedConfig } from '../../../policy/index.js';
import { CAPTURE_EPOCH, frameOf, ipv4, writeCapture, type TestPacket } from '../../support/captures.js';
import { repoRoot } from '../../support/env.js';
import { DEFAULT_TEXT } from '../../support/default-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-semantics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DEFAULT = loadConfig(path.join(repoRoot, 'fixtures/configs/default.yaml'));

type Line = Record<string, unknown> & { reason: string | null; verdict: string; in: string | null; flow: number | null };
let n = 0;

async function runFiles(config: LoadedConfig, files: { file: string; bind: string | null }[]): Promise<{ summary: Summary; trace: Line[] }> {
  const trace = path.join(dir, `t${++n}.jsonl`);
  const { summary } = await replay({ config, inputs: files, trace });
  return { summary, trace: readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) };
}

async function run(config: LoadedConfig, packets: TestPacket[]) {
  const file = path.join(dir, `c${++n}.pcap`);
  writeCapture(file, packets);
  return runFiles(config, [{ file, bind: null }]);
}

const udp = (t: number, src: string, dst: string, extra: Partial<TestPacket> = {}): TestPacket => ({
  t,
  src: ipv4(src),
  dst: ipv4(dst),
  srcPort: 5000,
  dstPort: 53,
  proto: 17,
  payloadLength: 20,
  ...extra,
});

describe('ingress', () => {
  it('takes the interface whose vlan equals the outer tag, else the source route; no fit is no-ingress', async () => {
    const tagged = parseConfigText(DEFAULT_TEXT.replace('{ name: LAN-1, zone: Default_LAN_Zone,', '{ name: LAN-1, vlan: 10, zone: Default_LAN_Zone,'), 'tagged.yaml');
    const { trace } = await run(tagged, [
      udp(0, '198.51.100.1', '52.96.1.1', { tags: [{ tpid: 0x8100, tci: 10 }] }), // VLAN 10 wins over the source route (WAN)
      udp(0.1, '172.16.1.1', '52.96.1.1', { tags: [{ tpid: 0x8100, tci: 77 }] }), // unknown VLAN: the route (LAN)
      { ...udp(0.2, '0.0.0.0', '52.96.1.1'), family: 6, src: [0xfd00_0000, 0, 0, 1], dst: [0x20010db8, 0xab00_0000, 0, 1] }, // fd00::1: ::/0 covers it
    ]);
    expect(trace.map((l) => [l.in, l.vlan])).toEqual([['LAN-1', 10], ['LAN-1', 77], ['WAN-1', null]]);
  });

  it('binds a pcapng interface name to the appliance interface of that name', async () => {
    const file = path.join(dir, 'named.pcapng');
    const w = new PcapngWriter(file, {});
    const wan = w.addInterface({ linkType: 1, name: 'WAN-1' });
    const frame = frameOf(udp(0, '172.16.1.1', '52.96.1.1'));
    w.write(wan, frame, 0, frame.length, frame.length, CAPTURE_EPOCH, 0);
    w.close();
    const { trace } = await runFiles(DEFAULT, [{ file, bind: null }]);
    expect(trace[0].in).toBe('WAN-1'); // the name beats the source route (LAN)
  });

  it('drops an IP packet that fits no interface no-ingress, even towards the appliance itself', async () => {
    const noDefault = parseConfigText(DEFAULT_TEXT.replace(/\s+- \{ prefix: 0\.0\.0\.0\/0[^}]*\}/, ''), 'no-default.yaml');
    const { trace, summary } = await run(noDefault, [udp(0, '198.51.100.1', '172.31.255.1')]);
    expect([trace[0].in, trace[0].verdict, trace[0].reason, trace[0].flow]).toEqual([null, 'dropped', 'no-ingress', null]);
    expect(summary.consumed['to-appliance']).toBe(0);
  });
});

describe('consumed', () => {
  it('keeps the appliance’s own addresses, broadcast, multicast and link-local; non-IP frames too', async () => {
    const { trace, summary } = await run(DEFAULT, [
      udp(0, '172.16.1.1', '172.31.255.1'), // management IP (the VM's GUI at :4100 too)
      udp(0.1, '172.16.1.1', '203.0.113.2'), // an interface address
      udp(0.2, '172.16.1.1', '255.255.255.255'),
      udp(0.3, '172.16.1.1', '203.0.113.3'), // directed broadcast of WAN-1's /30
      udp(0.4, '172.16.1.1', '224.0.0.251'),
      udp(0.5, '172.16.1.1', '169.254.1.1'),
      udp(0.6, '172.16.1.1', '127.0.0.1'), // loopback is routed like any address
    ]);
    expect(trace.map((l) => l.verdict)).toEqual(['consumed', 'consumed', 'consumed', 'consumed', 'consumed', 'consumed', 'forwarded']);
    expect(summary.consumed).toEqual({ 'non-ip': 0, 'to-appliance': 2, multicast: 4 });
    expect(trace.slice(0, 6).every((l) => l.flow === null && l.in === 'LAN-1')).toBe(true);
  });
});

describe('fragments', () => {
  it('lets later fragments follow their first, and drops an orphan fragment-orphan with ports 0', async () => {
    const first = { ...udp(0, '172.16.1.1', '52.96.1.1'), ident: 7, moreFragments: true, payloadLength: 64 };
    const later = { ...udp(0.001, '172.16.1.1', '52.96.1.1'), ident: 7, fragOffset: 72, payloadLength: 40 };
    const orphan = { ...udp(0.002, '172.16.1.1', '52.96.1.1'), ident: 8, fragOffset: 72, payloadLength: 40 };
    const { trace } = await run(DEFAULT, [first, later, orphan]);
    expect(trace[0].src).toBe('172.16.1.1:5000');
    expect([trace[1].src, trace[1].dst, trace[1].flow, trace[1].verdict]).toEqual(['172.16.1.1:5000', '52.96.1.1:53', trace[0].flow, 'forwarded']);
    expect([trace[2].src, trace[2].reason, trace[2].flow]).toEqual(['172.16.1.1:0', 'fragment-orphan', null]);
  });
});

describe('the clock and merging', () => {
  it('counts a packet earlier than the clock as out of order and gives it the clock’s time', async () => {
    const { trace, summary } = await run(DEFAULT, [udp(1, '172.16.1.1', '52.96.1.1'), udp(0.5, '172.16.1.1', '52.96.1.1'), udp(2, '172.16.1.1', '52.96.1.1')]);
    expect(trace.map((l) => l.t)).toEqual([0, 0, 1]);
    expect(summary.input.outOfOrder).toBe(1);
  });

  it('merges several captures by timestamp, ties in argument order', async () => {
    const a = path.join(dir, 'a.pcap');
    const b = path.join(dir, 'b.pcap');
    writeCapture(a, [udp(0, '172.16.1.1', '52.96.1.1'), udp(2, '172.16.1.1', '52.96.1.1')]);
    writeCapture(b, [udp(1, '172.16.1.2', '52.96.1.1'), udp(2, '172.16.1.2', '52.96.1.1')]);
    const { trace } = await runFiles(DEFAULT, [{ file: a, bind: null }, { file: b, bind: null }]);
    expect(trace.map((l) => [l.src, l.t])).toEqual([
      ['172.16.1.1:5000', 0],
      ['172.16.1.2:5000', 1],
      ['172.16.1.1:5000', 2],
      ['172.16.1.2:5000', 2],
    ]);
  });
});

describe('the connection table', () => {
  it('evicts the connection seen least recently at maxConnections, or drops conn-table-full', async () => {
    const two = (evict: boolean) => parseConfigText(DEFAULT_TEXT.replace('maxConnections: 1048576', 'maxConnections: 2').replace('evictWhenFull: true', `evictWhenFull: ${evict}`), 'two.yaml');
    const packets = [udp(0, '172.16.1.1', '52.96.1.1'), udp(1, '172.16.1.2', '52.96.1.1'), udp(2, '172.16.1.1', '52.96.1.1'), udp(3, '172.16.1.3', '52.96.1.1'), udp(4, '172.16.1.2', '52.96.1.1')];
    const evicting = await run(two(true), packets);
    // At t=3 the table holds .1 (seen at 2) and .2 (seen at 1): .2 goes; at t=4 .2 is new again.
    expect(evicting.trace.map((l) => l.flow)).toEqual([1, 2, 1, 3, 4]);
    expect(evicting.summary.connections).toMatchObject({ created: 4, evicted: 2, peak: 2 });
    const refusing = await run(two(false), packets);
    expect(refusing.trace.map((l) => l.reason)).toEqual([null, null, null, 'conn-table-full', null]);
  });

  it('expires an idle UDP connection after udpInitial and starts a new one at exactly that time', async () => {
    const { trace, summary } = await run(DEFAULT, [udp(0, '172.16.1.1', '52.96.1.1'), udp(29.999, '172.16.1.1', '52.96.1.1'), udp(59.999, '172.16.1.1', '52.96.1.1')]);
    // udpInitial 30 s from the last packet: alive at 29.999, expired at 59.999 (= 29.999 + 30).
    expect(trace.map((l) => l.flow)).toEqual([1, 1, 2]);
    expect(summary.connections).toMatchObject({ created: 2, expired: 1, active: 1 });
  });
});

describe('policies', () => {
  it('count-and-continue counts both directions and lets the next rule decide; reject drops policy-reject', async () => {
    const config = parseConfigText(
      DEFAULT_TEXT.replace(
        '      preAppliance:\n',
        '      preAppliance:\n        - { name: count-dns, action: count-and-continue, match: { protocol: udp, dstPort: 53 } }\n        - { name: no-telnet, action: reject, match: { protocol: tcp, dstPort: 23 } }\n',
      ),
      'counting.yaml',
    );
    expect(config.config.firewall.templates[0].preAppliance.map((r) => r.name)).toEqual(['count-dns', 'no-telnet', 'redirect-outbound', 'redirect-inbound']);
    const reply = { ...udp(0.1, '52.96.1.1', '172.16.1.1'), srcPort: 53, dstPort: 5000 };
    const telnet = { t: 0.2, src: ipv4('172.16.1.1'), dst: ipv4('52.96.1.1'), srcPort: 40000, dstPort: 23, proto: 6, tcpFlags: 0x02 };
    const { trace, summary } = await run(config, [udp(0, '172.16.1.1', '52.96.1.1'), reply, telnet]);
    const policy = (name: string) => summary.policies.find((p) => p.name === name)!;
    // The query and its reply: counted by count-dns (symmetric: the reply inherits, and counts),
    // decided by redirect-outbound.
    expect([policy('count-dns').packets, policy('count-dns').connections]).toEqual([2, 1]);
    expect([trace[0].rule, trace[1].rule].map((r) => (r as { name: string }).name)).toEqual(['redirect-outbound', 'redirect-outbound']);
    expect([policy('redirect-outbound').packets, policy('redirect-outbound').connections]).toEqual([2, 1]);
    expect([trace[2].action, trace[2].verdict, trace[2].reason]).toEqual(['reject', 'dropped', 'policy-reject']);
    expect(summary.drops['policy-reject']).toBe(1);
  });
});

describe('what is not IP, or not whole', () => {
  it('consumes non-IP frames (in null, their VLAN shown) and drops a cut header malformed with every field null', async () => {
    const arpFile = path.join(dir, 'arp-and-cut.pcap');
    const { PcapWriter } = await import('../../../dataplane/capture/index.js');
    const w = new PcapWriter(arpFile, { linkType: 1, resolution: 'ns' });
    const arp = Buffer.from('ffffffffffff0200000000018100000a08060001080006040001020000000001ac100101000000000000ac100102', 'hex');
    w.write(arp, 0, arp.length, arp.length, CAPTURE_EPOCH, 0);
    const whole = frameOf(udp(0, '172.16.1.1', '52.96.1.1'));
    w.write(whole, 0, 20, 20, CAPTURE_EPOCH, 1); // Ethernet + 6 bytes of IPv4: the header is cut
    w.close();
    const { trace, summary } = await runFiles(DEFAULT, [{ file: arpFile, bind: null }]);
    expect([trace[0].in, trace[0].vlan, trace[0].proto, trace[0].verdict]).toEqual([null, 10, null, 'consumed']);
    expect(trace[1]).toMatchObject({ in: null, vlan: null, proto: null, src: null, dst: null, flow: null, dir: null, verdict: 'dropped', reason: 'malformed' });
    expect(summary.consumed['non-ip']).toBe(1);
    expect(summary.accounting).toMatchObject({ in: 2, consumed: 1, dropped: 1, balanced: true });
  });
});

describe('redirect rates', () => {
  it('reports offered and delivered Mbit/s over the input span and the busiest 1-second window', async () => {
    // 11 UDP frames of 1,000 bytes (1,004 with the VLAN 100 tag: 8,032 bits) one each 0.1 s over
    // 1 s; the default ceiling passes them all. Offered = 88,352 bits / 1 s; the busiest window
    // [0, 1) holds 10 of them (80,320 bits); the 11th departs at 1.0 s.
    const packets = Array.from({ length: 11 }, (_, k) => ({ ...udp(k * 0.1, '172.16.1.1', '52.96.1.1'), payloadLength: 958 }));
    const { summary } = await run(DEFAULT, packets);
    expect(summary.hostedFirewall.redirectMbps).toEqual({ offered: 0.088352, delivered: 0.088352, peak1s: 0.08032 });
  });
});

describe('speed', () => {
  it('paced replay (a multiplier) gives the same summary and trace as --speed max', async () => {
    const file = path.join(dir, 'paced.pcap');
    writeCapture(file, Array.from({ length: 20 }, (_, k) => udp(k * 0.01, '172.16.1.1', '52.96.1.1')));
    const once = async (speed: 'max' | number) => {
      const trace = path.join(dir, `paced-${speed}.jsonl`);
      const { summary } = await replay({ config: DEFAULT, inputs: [{ file, bind: null }], trace, speed });
      const { run: _run, ...rest } = summary;
      return JSON.stringify(rest) + readFileSync(trace, 'utf8');
    };
    expect(await once(50)).toBe(await once('max'));
  });
});
