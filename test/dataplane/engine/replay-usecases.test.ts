// The appliance's decisive numbers on small hand-made captures, derived by hand from the
// configs (SPEC.md: Semantics; fixtures/configs): which packets were redirected on which firewall
// interface and VLAN, what the hosted firewall decided, what was dropped and why, the counters.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay, type Summary } from '../../../dataplane/engine/index.js';
import { loadConfig, parseConfigText, type LoadedConfig } from '../../../policy/index.js';
import { parseScenario } from '../../../vwire/index.js';
import { tcpConnection, writeCapture, ipv4, type TestPacket } from '../../support/captures.js';
import { repoRoot } from '../../support/env.js';
import { DEFAULT_TEXT } from '../../support/default-config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fixture = (name: string): LoadedConfig => loadConfig(path.join(repoRoot, 'fixtures/configs', name));

interface TraceLine {
  i: number;
  in: string | null;
  dir: string | null;
  rule: { group: string; template: string | null; name: string } | null;
  action: string | null;
  redirect: { serviceRedirectInterface: string; interface: number; vlan: number | null } | null;
  fw: { rule: string | null; verdict: string; zones: [string, string] } | null;
  out: string | null;
  verdict: string;
  reason: string | null;
}

let n = 0;
async function run(config: LoadedConfig, packets: TestPacket[], scenario?: string): Promise<{ summary: Summary; trace: TraceLine[] }> {
  const capture = path.join(dir, `c${++n}.pcap`);
  const trace = path.join(dir, `t${n}.jsonl`);
  writeCapture(capture, packets);
  const { summary } = await replay({
    config,
    inputs: [{ file: capture, bind: null }],
    trace,
    scenario: scenario ? parseScenario(scenario, 'scenario.yaml') : null,
  });
  const lines = readFileSync(trace, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceLine);
  return { summary, trace: lines };
}

describe('use case 1: redirect all traffic (the default config, symmetric)', () => {
  it('sends the initiator in on Interface-1 and the replies on Interface-2, VLAN 100, and forwards both ways', async () => {
    // 8 packets: SYN, SYN-ACK, ACK, data, data, FIN, FIN, ACK — 5 from the client, 3 from the server.
    const { summary, trace } = await run(fixture('default.yaml'), tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0));
    expect(trace).toHaveLength(8);
    for (const line of trace) {
      expect(line.rule).toEqual({ group: 'pre-appliance', template: 'Redirect-All', name: 'redirect-outbound' });
      expect(line.action).toBe('redirect');
      expect(line.verdict).toBe('forwarded');
      const fromClient = line.dir === 'initiator';
      expect(line.in).toBe(fromClient ? 'LAN-1' : 'WAN-1');
      expect(line.redirect).toEqual({ serviceRedirectInterface: fromClient ? 'LAN-side' : 'WAN-side', interface: fromClient ? 1 : 2, vlan: 100 });
      expect(line.fw).toEqual({ rule: 'allow-out', verdict: 'allow', zones: fromClient ? ['trust', 'untrust'] : ['untrust', 'trust'] });
      expect(line.out).toBe(fromClient ? 'WAN-1' : 'LAN-1');
    }
    expect(trace.filter((l) => l.dir === 'initiator')).toHaveLength(5);
    const fw = summary.hostedFirewall;
    expect([fw.packetsSent, fw.packetsReceived, fw.packetsDropped]).toEqual([8, 8, 0]);
    expect(summary.interfaces['LAN-1']).toMatchObject({ rxPackets: 5, txPackets: 3 });
    expect(summary.interfaces['WAN-1']).toMatchObject({ rxPackets: 3, txPackets: 5 });
    const outbound = summary.policies.find((p) => p.name === 'redirect-outbound')!;
    expect([outbound.packets, outbound.connections]).toEqual([8, 1]);
    expect(summary.accounting).toEqual({ in: 8, forwarded: 8, dropped: 0, consumed: 0, queued: 0, balanced: true });
  });

  it('lets the firewall allow inbound HTTPS to the LAN and deny inbound SSH (interzone-default)', async () => {
    const https = tcpConnection('198.51.100.7', 40000, '172.16.1.1', 443, 0);
    const ssh = [{ t: 1, src: ipv4('198.51.100.7'), dst: ipv4('172.16.1.1'), srcPort: 40001, dstPort: 22, proto: 6, tcpFlags: 0x02 }];
    const { summary, trace } = await run(fixture('default.yaml'), [...https, ...ssh]);
    const first = trace[0];
    expect(first.rule?.name).toBe('redirect-inbound');
    expect(first.redirect).toEqual({ serviceRedirectInterface: 'WAN-side', interface: 2, vlan: 100 });
    expect(first.fw).toEqual({ rule: 'allow-in-https', verdict: 'allow', zones: ['untrust', 'trust'] });
    expect(trace[1].redirect?.interface).toBe(1); // the LAN server's reply
    expect(trace.slice(0, 8).every((l) => l.verdict === 'forwarded')).toBe(true);
    const denied = trace[8];
    expect(denied.fw).toEqual({ rule: 'interzone-default', verdict: 'deny', zones: ['untrust', 'trust'] });
    expect([denied.verdict, denied.reason]).toEqual(['dropped', 'fw-deny']);
    // Denied by the firewall: sent, not received, counted in the top-level drops only.
    expect([summary.hostedFirewall.packetsSent, summary.hostedFirewall.packetsReceived, summary.hostedFirewall.packetsDropped]).toEqual([9, 8, 0]);
    expect(summary.drops['fw-deny']).toBe(1);
  });

  it('never redirects Panorama traffic: the auto rules allow it first', async () => {
    const { summary, trace } = await run(fixture('default.yaml'), tcpConnection('172.16.5.5', 50500, '192.0.2.10', 443, 0));
    expect(trace.every((l) => l.rule?.name === 'allow-to-management-servers' && l.redirect === null && l.verdict === 'forwarded')).toBe(true);
    expect(summary.hostedFirewall.packetsSent).toBe(0);
  });
});

describe('use case 2: redirect only internet traffic (usecase2-internet-only.yaml)', () => {
  it('redirects LAN→internet on Interface-1 and leaves LAN→data-centre (virtual path) to the default', async () => {
    const internet = tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0);
    const dataCentre = tcpConnection('172.16.10.5', 51001, '10.1.1.1', 445, 1);
    const { summary, trace } = await run(fixture('usecase2-internet-only.yaml'), [...internet, ...dataCentre]);
    for (const line of trace.slice(0, 8)) {
      expect(line.rule?.name).toBe('redirect-internet-outbound');
      expect(line.redirect?.interface).toBe(line.dir === 'initiator' ? 1 : 2);
      expect(line.verdict).toBe('forwarded');
    }
    for (const line of trace.slice(8)) {
      expect([line.rule, line.action, line.redirect, line.fw, line.verdict]).toEqual([null, 'allow', null, null, 'forwarded']);
      expect(line.out).toBe(line.dir === 'initiator' ? 'WAN-1' : 'LAN-1');
    }
    expect([summary.hostedFirewall.packetsSent, summary.hostedFirewall.packetsReceived]).toEqual([8, 8]);
    expect(summary.policies.find((p) => p.name === 'default')!.packets).toBe(8);
  });
});

describe('use case 3: Office 365 breakout (usecase3-o365-breakout.yaml)', () => {
  it('allows Office 365 directly (allow-office365) and redirects the rest', async () => {
    const office = tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0);
    const other = tcpConnection('172.16.10.5', 51001, '93.184.216.34', 443, 1);
    const { summary, trace } = await run(fixture('usecase3-o365-breakout.yaml'), [...office, ...other]);
    for (const line of trace.slice(0, 8)) {
      expect(line.rule).toEqual({ group: 'pre-appliance', template: 'Office365-Breakout', name: 'allow-office365' });
      expect([line.action, line.redirect, line.verdict]).toEqual(['allow', null, 'forwarded']);
    }
    for (const line of trace.slice(8)) {
      expect(line.rule?.name).toBe('redirect-outbound');
      expect(line.redirect?.interface).toBe(line.dir === 'initiator' ? 1 : 2);
    }
    expect(summary.policies.find((p) => p.name === 'allow-office365')).toMatchObject({ packets: 8, connections: 1 });
    expect(summary.hostedFirewall.packetsSent).toBe(8);
  });
});

describe('directional matching', () => {
  it('the directional fixture sends both directions of a LAN-to-LAN connection in on their own rule’s interface', async () => {
    // 172.16.10.5 → 192.168.1.1: both ends on LAN-1. Each direction comes from the LAN zone, so
    // each is classified by redirect-outbound on its own: both enter on Interface-1. Under
    // symmetric matching (the default fixture) the reply enters on Interface-2.
    const lanToLan = tcpConnection('172.16.10.5', 51000, '192.168.1.1', 445, 0);
    const directional = await run(fixture('directional.yaml'), lanToLan);
    expect(directional.trace.map((l) => [l.dir, l.rule?.name, l.redirect?.interface])).toEqual(
      lanToLan.map((_, k) => [[0, 2, 3, 5, 7].includes(k) ? 'initiator' : 'responder', 'redirect-outbound', 1]),
    );
    const symmetric = await run(fixture('default.yaml'), lanToLan);
    expect(symmetric.trace.map((l) => l.redirect?.interface)).toEqual(symmetric.trace.map((l) => (l.dir === 'initiator' ? 1 : 2)));
    expect(directional.summary.accounting.forwarded).toBe(8);
  });

  // Only the inbound redirect rule: a LAN-initiated connection's SYN is allowed by the default,
  // its SYN-ACK from the internet is redirected, and the firewall never saw the SYN.
  const inboundOnly = parseConfigText(
    DEFAULT_TEXT.replace('connectionMatchType: symmetric', 'connectionMatchType: directional').replace(
      /\s+- \{ name: redirect-outbound[^}]*\}\s*\}/,
      '',
    ),
    'inbound-only.yaml',
  );

  it('classifies each direction on its own: the firewall sees half a connection and drops the replies fw-non-syn', async () => {
    expect(inboundOnly.config.firewall.templates[0].preAppliance.map((r) => r.name)).toEqual(['redirect-inbound']);
    const { summary, trace } = await run(inboundOnly, tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0));
    for (const line of trace) {
      if (line.dir === 'initiator') {
        expect([line.rule, line.action, line.redirect, line.verdict]).toEqual([null, 'allow', null, 'forwarded']);
      } else {
        expect(line.rule?.name).toBe('redirect-inbound');
        expect(line.redirect?.interface).toBe(2);
        expect([line.fw?.verdict, line.reason]).toEqual(['drop', 'fw-non-syn']);
      }
    }
    expect(summary.drops['fw-non-syn']).toBe(3);
    expect(summary.hostedFirewall.packetsSent).toBe(3);
    expect(summary.hostedFirewall.packetsReceived).toBe(0);
  });
});

describe('the hosted firewall VM', () => {
  it('drops every redirected packet vm-down while the VM is down (config state)', async () => {
    const { summary, trace } = await run(fixture('vm-down.yaml'), tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0));
    expect(trace.every((l) => l.action === 'redirect' && l.reason === 'vm-down' && l.fw === null)).toBe(true);
    expect(summary.hostedFirewall.adminState).toBe('down');
    expect([summary.hostedFirewall.packetsSent, summary.hostedFirewall.packetsDropped]).toEqual([0, 8]);
    expect(summary.hostedFirewall.drops['vm-down']).toBe(8);
  });

  it('follows a scenario: down from 1 s to 2 s (booting until up at 3 s), sessions lost on the way', async () => {
    // One packet from the client each 0.5 s: a SYN at 0 then ACKs (the session carries them).
    const packets: TestPacket[] = [];
    for (let k = 0; k < 8; k++) {
      packets.push({ t: k * 0.5, src: ipv4('172.16.10.5'), dst: ipv4('52.96.1.1'), srcPort: 51000, dstPort: 443, proto: 6, tcpFlags: k === 0 ? 0x02 : 0x10 });
    }
    const scenario = '- { at: 1s, do: shutdown }\n- { at: 2s, do: start }\n- { at: 3s, do: up }\n';
    const { summary, trace } = await run(fixture('default.yaml'), packets, scenario);
    // t = 0, 0.5: up (SYN allowed, ACK by session); 1, 1.5: down; 2, 2.5: booting; 3: up but the
    // restart lost the session, so the ACK is fw-non-syn; 3.5 likewise.
    expect(trace.map((l) => l.reason)).toEqual([null, null, 'vm-down', 'vm-down', 'vm-down', 'vm-down', 'fw-non-syn', 'fw-non-syn']);
    expect(summary.hostedFirewall.adminState).toBe('up');
  });
});

describe('the ceiling', () => {
  // 1 Mbit/s with a 1,500-byte bucket (12,000 bits); each frame is 1,000 bytes, 1,004 on the
  // internal link with the VLAN 100 tag: 8,032 bits.
  const slow = parseConfigText(
    DEFAULT_TEXT.replace('ceiling: { rate: 100Mbps, burst: 62500B, queue: 0ms, scope: aggregate }', 'ceiling: { rate: 1Mbps, burst: 1500B, queue: 0ms, scope: aggregate }'),
    'slow.yaml',
  );
  const udp = (t: number): TestPacket => ({ t, src: ipv4('172.16.10.5'), dst: ipv4('52.96.1.1'), srcPort: 5000, dstPort: 5001, proto: 17, payloadLength: 958 });

  it('polices: the bucket passes one frame at once, then one per refill', async () => {
    // 5 at t=0: the first takes 8,032 of 12,000 bits, the rest find 3,968. At t=0.1 s the bucket
    // has refilled to its depth: one more passes.
    const { summary, trace } = await run(slow, [udp(0), udp(0), udp(0), udp(0), udp(0), udp(0.1)]);
    expect(trace.map((l) => l.reason)).toEqual([null, 'rate-ceiling', 'rate-ceiling', 'rate-ceiling', 'rate-ceiling', null]);
    expect(summary.hostedFirewall.drops['rate-ceiling']).toBe(4);
    expect([summary.hostedFirewall.packetsSent, summary.hostedFirewall.packetsDropped]).toEqual([2, 4]);
  });

  it('the shaping fixture (ceiling-shape.yaml) queues a burst above the bucket instead of dropping it', async () => {
    // 100 frames of 1,514 bytes (1,518 with the tag: 12,144 bits) at once: the 62,500-byte bucket
    // holds 41 (497,904 bits); each later frame waits 121.44 µs more; 50 ms hold all 59 others.
    const big = (t: number): TestPacket => ({ t, src: ipv4('172.16.10.5'), dst: ipv4('52.96.1.1'), srcPort: 5000, dstPort: 5001, proto: 17, payloadLength: 1472 });
    const { summary, trace } = await run(fixture('ceiling-shape.yaml'), Array.from({ length: 100 }, () => big(0)));
    expect(summary.hostedFirewall.drops['rate-ceiling']).toBe(0);
    const waits = trace.map((l) => (l as TraceLine & { ceiling: number }).ceiling);
    expect(waits.slice(0, 41).every((w) => w === 0)).toBe(true);
    expect(waits[41]).toBeGreaterThan(0);
    expect(waits[99]).toBeLessThanOrEqual(0.05);
    expect(summary.hostedFirewall.packetsSent).toBe(100);
  });

  it('shapes with a queue: frames wait for their tokens instead of dropping, up to the bound', async () => {
    const shaped = parseConfigText(
      DEFAULT_TEXT.replace('ceiling: { rate: 100Mbps, burst: 62500B, queue: 0ms, scope: aggregate }', 'ceiling: { rate: 1Mbps, burst: 1500B, queue: 20ms, scope: aggregate }'),
      'shaped.yaml',
    );
    // Second frame at t=0 lacks 4,064 bits: it waits 4.064 ms. The third lacks 8,032 more: 12.096 ms.
    // The fourth would wait 20.128 ms > 20 ms: dropped on arrival.
    const capture = path.join(dir, 'shape.pcap');
    writeCapture(capture, [udp(0), udp(0), udp(0), udp(0)]);
    const tracePath = path.join(dir, 'shape.jsonl');
    const { summary } = await replay({ config: shaped, inputs: [{ file: capture, bind: null }], trace: tracePath });
    const trace = readFileSync(tracePath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceLine & { ceiling: number | null });
    expect(trace.map((l) => l.ceiling)).toEqual([0, 0.004064, 0.012096, null]);
    expect(trace.map((l) => l.reason)).toEqual([null, null, null, 'rate-ceiling']);
    expect(trace.map((l) => l.i)).toEqual([1, 2, 3, 4]);
    expect(summary.accounting.balanced).toBe(true);
  });
});
