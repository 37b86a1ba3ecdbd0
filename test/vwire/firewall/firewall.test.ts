import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../policy/index.js';
import {
  CONN_TCP_CLOSED,
  CONN_TCP_ESTABLISHED,
  CONN_TCP_INITIAL,
  CONN_TCP_TIME_WAIT,
  CONN_UDP_IDLE,
  CONN_UDP_INITIAL,
  DEFAULT_TIMEOUTS,
} from '../../../policy/index.js';
import { FW_ALLOW, FW_DENY, FW_DROP, Firewall, formatCounters } from '../../../vwire/firewall/index.js';
import { DEFAULT_CONFIG, S, SYN_ACK, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, configWith, packet, reply, withFlags } from './helpers.js';

// A LAN client going out to an Office 365 address, as in SPEC's flows.
const OUT = packet({ src: '172.16.10.5', srcPort: 51000, dst: '52.96.1.1', dstPort: 443, tcpFlags: TCP_SYN });

describe('the default config (use case 1: allow-out, allow-in-https)', () => {
  it('passes an outbound SYN from trust to untrust by allow-out and creates a session', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    expect(fw.process(1, 100, OUT, 74, 0)).toBe(FW_ALLOW);
    expect(fw.verdict).toBe(FW_ALLOW);
    expect(fw.reason).toBeNull();
    expect(fw.ruleName(fw.ruleIndex)).toBe('allow-out');
    expect([fw.zoneName(fw.fromZone), fw.zoneName(fw.toZone)]).toEqual(['trust', 'untrust']);
    expect([fw.egressInterface, fw.egressVlan]).toEqual([2, 100]);
    expect(fw.sessionId).toBe(1);
    expect(fw.sessionCreated).toBe(true);
    expect(fw.sessionState).toBe(CONN_TCP_INITIAL);
    expect(fw.activeSessions).toBe(1);
  });

  it('admits the reply on interface 2 through the session, which remembers its rule', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    fw.process(1, 100, OUT, 74, 0);
    expect(fw.process(2, 100, reply(OUT, SYN_ACK), 74, 1000)).toBe(FW_ALLOW);
    expect(fw.ruleName(fw.ruleIndex)).toBe('allow-out');
    expect([fw.zoneName(fw.fromZone), fw.zoneName(fw.toZone)]).toEqual(['untrust', 'trust']);
    expect([fw.egressInterface, fw.egressVlan]).toEqual([1, 100]);
    expect(fw.sessionId).toBe(1);
    expect(fw.sessionCreated).toBe(false);
    expect(fw.sessionState).toBe(CONN_TCP_ESTABLISHED);
    expect(fw.activeSessions).toBe(1);
  });

  it('lets HTTPS in to 172.16.0.0/12 by allow-in-https', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    const t = packet({ src: '198.51.100.7', srcPort: 40000, dst: '172.16.1.1', dstPort: 443, tcpFlags: TCP_SYN });
    expect(fw.process(2, 100, t, 74, 0)).toBe(FW_ALLOW);
    expect(fw.ruleName(fw.ruleIndex)).toBe('allow-in-https');
    expect(fw.egressInterface).toBe(1);
  });

  it('denies SSH from the WAN to 172.16.1.1:22 by interzone-default, without a session', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    const t = packet({ src: '198.51.100.7', srcPort: 40000, dst: '172.16.1.1', dstPort: 22, tcpFlags: TCP_SYN });
    expect(fw.process(2, 100, t, 74, 0)).toBe(FW_DENY);
    expect(fw.reason).toBe('fw-deny');
    expect(fw.ruleName(fw.ruleIndex)).toBe('interzone-default');
    expect(fw.ruleAction(fw.ruleIndex)).toBe('deny');
    expect(fw.sessionId).toBe(-1);
    expect(fw.activeSessions).toBe(0);
    // The retry finds no session either: a denied packet never creates one.
    expect(fw.process(2, 100, t, 74, S)).toBe(FW_DENY);
    expect(fw.counter('flow_policy_deny')).toBe(2);
    expect(fw.counter('session_allocated')).toBe(0);
  });

  it('drops a SYN-ACK it never saw the SYN of (asymmetric path) as fw-non-syn, before any rule', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    expect(fw.process(2, 100, reply(OUT, SYN_ACK), 74, 0)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-non-syn');
    expect(fw.ruleIndex).toBe(-1);
    expect(fw.ruleHits.every((h) => h === 0)).toBe(true);
    // The client's ACK that follows is no better.
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 1000)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-non-syn');
    expect(fw.counter('flow_tcp_non_syn_drop')).toBe(2);
    expect(fw.activeSessions).toBe(0);
  });

  it('without rejectNonSynTcp, sends non-SYN packets to rule lookup', () => {
    const config = configWith({
      vwire: `vwire:
  subinterfaces:
    - { interface: 1, vlan: 100, zone: trust }
    - { interface: 2, vlan: 100, zone: untrust }
  rules:
    - { name: allow-out, from: trust, to: untrust, action: allow }
    - { name: allow-in-https, from: untrust, to: trust, dst: 172.16.0.0/12, dstPort: 443, protocol: tcp, action: allow }
  rejectNonSynTcp: false`,
    });
    const fw = new Firewall(config);
    // The reply's destination port is the client's (51000), not 443: interzone-default.
    expect(fw.process(2, 100, reply(OUT, SYN_ACK), 74, 0)).toBe(FW_DENY);
    expect(fw.ruleName(fw.ruleIndex)).toBe('interzone-default');
    // A mid-connection ACK from the LAN is allowed out and starts a session.
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 1000)).toBe(FW_ALLOW);
    expect(fw.ruleName(fw.ruleIndex)).toBe('allow-out');
    expect(fw.sessionCreated).toBe(true);
    expect(fw.counter('flow_tcp_non_syn')).toBe(2);
    expect(fw.counter('flow_tcp_non_syn_drop')).toBe(0);
  });
});

describe('a VM restart', () => {
  it('loses the sessions: the next mid-connection packet is fw-non-syn, a new SYN starts over', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    fw.process(1, 100, OUT, 74, 0);
    fw.process(2, 100, reply(OUT, SYN_ACK), 74, 1);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 2)).toBe(FW_ALLOW);
    fw.clearSessions();
    expect(fw.activeSessions).toBe(0);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 3)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-non-syn');
    expect(fw.process(1, 100, OUT, 74, 4)).toBe(FW_ALLOW);
    expect(fw.sessionId).toBe(2);
    expect(fw.counter('session_cleared')).toBe(1);
    expect(fw.counter('session_freed')).toBe(1);
    expect(fw.counter('session_allocated')).toBe(2);
  });
});

describe('session timeouts (firewall.timeouts)', () => {
  const timeouts = { ...DEFAULT_TIMEOUTS, tcpIdle: 10, tcpTimeWait: 5, tcpClosed: 3, udpInitial: 30, udpIdle: 300 };
  const config: AppConfig = { ...DEFAULT_CONFIG, firewall: { ...DEFAULT_CONFIG.firewall, timeouts } };

  function established(fw: Firewall): void {
    fw.process(1, 100, OUT, 74, 0);
    fw.process(2, 100, reply(OUT, SYN_ACK), 74, 0);
  }

  it('keeps an idle established session until last + tcpIdle, and expires it at that instant', () => {
    const fw = new Firewall(config);
    established(fw);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 10 * S - 1)).toBe(FW_ALLOW);
    // Idle time counts from that packet: 10 s later it is gone, before the packet at that time.
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 20 * S - 1)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-non-syn');
    expect(fw.counter('session_aged_out')).toBe(1);
  });

  it('expire() ages sessions out without a packet', () => {
    const fw = new Firewall(config);
    established(fw);
    expect(fw.expire(10 * S - 1)).toBe(0);
    expect(fw.expire(10 * S)).toBe(1);
    expect(fw.activeSessions).toBe(0);
  });

  it('a session in time-wait still admits the last ACK, until tcpTimeWait runs out', () => {
    const fw = new Firewall(config);
    established(fw);
    fw.process(1, 100, withFlags(OUT, TCP_FIN | TCP_ACK), 66, S);
    fw.process(2, 100, reply(OUT, TCP_FIN | TCP_ACK), 66, 2 * S);
    expect(fw.sessionState).toBe(CONN_TCP_TIME_WAIT);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 2 * S + 1)).toBe(FW_ALLOW);
    expect(fw.sessionState).toBe(CONN_TCP_TIME_WAIT);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 7 * S + 1)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-non-syn');
  });

  it('a reset session is closed but admits packets until tcpClosed runs out', () => {
    const fw = new Firewall(config);
    established(fw);
    fw.process(2, 100, reply(OUT, TCP_RST), 60, S);
    expect(fw.sessionState).toBe(CONN_TCP_CLOSED);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 4 * S - 1)).toBe(FW_ALLOW);
    expect(fw.process(1, 100, withFlags(OUT, TCP_ACK), 66, 7 * S)).toBe(FW_DROP);
  });

  it('UDP: an unanswered session lasts udpInitial; a later packet starts a new one', () => {
    const fw = new Firewall(config);
    const dns = packet({ proto: 'udp', src: '172.16.10.5', srcPort: 5353, dst: '8.8.8.8', dstPort: 53 });
    fw.process(1, 100, dns, 80, 0);
    expect(fw.sessionState).toBe(CONN_UDP_INITIAL);
    expect(fw.process(1, 100, dns, 80, 30 * S)).toBe(FW_ALLOW);
    expect(fw.sessionId).toBe(2);
    expect(fw.sessionCreated).toBe(true);
    // Answered, the session moves to udpIdle (300 s).
    expect(fw.process(2, 100, reply(dns, 0), 120, 31 * S)).toBe(FW_ALLOW);
    expect(fw.sessionState).toBe(CONN_UDP_IDLE);
    expect(fw.process(2, 100, reply(dns, 0), 120, 330 * S)).toBe(FW_ALLOW);
    expect(fw.sessionId).toBe(2);
  });
});

describe('sub-interfaces and zones', () => {
  it('drops a VLAN without a sub-interface as fw-vlan-not-allowed, untagged frames too', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    expect(fw.process(1, 200, OUT, 74, 0)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-vlan-not-allowed');
    expect([fw.fromZone, fw.toZone, fw.ruleIndex]).toEqual([-1, -1, -1]);
    expect([fw.egressInterface, fw.egressVlan]).toEqual([2, 200]);
    expect(fw.process(1, -1, OUT, 74, 0)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-vlan-not-allowed');
    expect(fw.counter('flow_rcv_dot1q_tag_err')).toBe(2);
  });

  it('drops a VLAN that has a sub-interface on one side only, entering either side', () => {
    const fw = new Firewall(
      configWith({
        vwire: `vwire:
  subinterfaces:
    - { interface: 1, vlan: 100, zone: trust }
    - { interface: 2, vlan: 100, zone: untrust }
    - { interface: 1, vlan: 300, zone: trust }
  rules: [{ name: all, action: allow }]`,
      }),
    );
    expect(fw.process(1, 300, OUT, 74, 0)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-vlan-not-allowed');
    expect(fw.zoneName(fw.fromZone)).toBe('trust');
    expect(fw.toZone).toBe(-1);
    expect(fw.process(2, 300, reply(OUT, SYN_ACK), 74, 0)).toBe(FW_DROP);
    expect(fw.fromZone).toBe(-1);
  });

  it('maps untagged frames to a sub-interface without vlan', () => {
    const fw = new Firewall(
      configWith({
        vwire: `vwire:
  subinterfaces:
    - { interface: 1, zone: inside }
    - { interface: 2, zone: outside }
  rules: [{ name: out, from: inside, to: outside, action: allow }]`,
      }),
    );
    expect(fw.process(1, -1, OUT, 74, 0)).toBe(FW_ALLOW);
    expect([fw.zoneName(fw.fromZone), fw.zoneName(fw.toZone), fw.ruleName(fw.ruleIndex)]).toEqual(['inside', 'outside', 'out']);
    expect(fw.egressVlan).toBe(-1);
    expect(fw.process(1, 100, OUT, 74, 0)).toBe(FW_DROP);
  });

  it('allows within one zone by intrazone-default when no rule matches', () => {
    const fw = new Firewall(
      configWith({
        vwire: `vwire:
  subinterfaces:
    - { interface: 1, vlan: 200, zone: dmz }
    - { interface: 2, vlan: 200, zone: dmz }
  rules: [{ name: block-ssh, dstPort: 22, protocol: tcp, action: deny }]`,
      }),
    );
    expect(fw.process(2, 200, OUT, 74, 0)).toBe(FW_ALLOW);
    expect(fw.ruleName(fw.ruleIndex)).toBe('intrazone-default');
    expect([fw.egressInterface, fw.egressVlan]).toEqual([1, 200]);
    const ssh = packet({ src: '172.16.10.5', srcPort: 51001, dst: '10.0.0.9', dstPort: 22, tcpFlags: TCP_SYN });
    expect(fw.process(2, 200, ssh, 74, 0)).toBe(FW_DENY);
    expect(fw.ruleName(fw.ruleIndex)).toBe('block-ssh');
  });
});

describe('rules', () => {
  const config = configWith({
    vwire: `vwire:
  subinterfaces:
    - { interface: 1, vlan: 100, zone: trust }
    - { interface: 2, vlan: 100, zone: untrust }
  rules:
    - { name: no-telnet, to: untrust, dstPort: 23, protocol: tcp, action: drop }
    - { name: no-smb, dstPort: "137-139", action: reset-client }
    - { name: no-test-net, dst: [192.0.2.0/24, "2001:db8:dead::/48"], action: deny }
    - { name: web-in, from: untrust, to: trust, dstPort: [80, 443], action: allow }
    - { name: out, from: trust, to: untrust, action: allow }`,
  });

  it.each([
    ['tcp', '198.51.100.1', 23, 1, 'no-telnet', FW_DENY],
    ['udp', '198.51.100.1', 138, 1, 'no-smb', FW_DENY],
    ['tcp', '192.0.2.77', 443, 1, 'no-test-net', FW_DENY],
    ['tcp', '198.51.100.1', 443, 1, 'out', FW_ALLOW],
    ['udp', '172.16.0.9', 80, 2, 'web-in', FW_ALLOW],
    ['tcp', '172.16.0.9', 8080, 2, 'interzone-default', FW_DENY],
  ] as const)('%s to %s:%d entering interface %d: %s', (proto, dst, dstPort, iface, rule, verdict) => {
    const fw = new Firewall(config);
    const t = packet({ proto, src: '10.9.9.9', srcPort: 40000, dst, dstPort, tcpFlags: TCP_SYN });
    expect(fw.process(iface, 100, t, 74, 0)).toBe(verdict);
    expect(fw.ruleName(fw.ruleIndex)).toBe(rule);
    expect(fw.reason).toBe(verdict === FW_DENY ? 'fw-deny' : null);
  });

  it('a rule with ports never matches ICMP, whatever its echo id', () => {
    const fw = new Firewall(config);
    const ping = packet({ proto: 'icmp', src: '198.51.100.1', srcPort: 443, dst: '172.16.0.9', dstPort: 443 });
    expect(fw.process(2, 100, ping, 98, 0)).toBe(FW_DENY);
    expect(fw.ruleName(fw.ruleIndex)).toBe('interzone-default');
  });

  it('an IPv6 prefix matches IPv6 only, an IPv4 prefix IPv4 only', () => {
    const fw = new Firewall(config);
    const v6 = packet({ src: '2001:db8:1::5', srcPort: 40000, dst: '2001:db8:dead::1', dstPort: 443, tcpFlags: TCP_SYN });
    expect(fw.process(1, 100, v6, 94, 0)).toBe(FW_DENY);
    expect(fw.ruleName(fw.ruleIndex)).toBe('no-test-net');
    // ::c000:24d is 192.0.2.77's bits in the last word of an IPv6 address: no IPv4 prefix holds it.
    const lookalike = packet({ src: '2001:db8:1::5', srcPort: 40000, dst: '::c000:24d', dstPort: 443, tcpFlags: TCP_SYN });
    expect(fw.process(1, 100, lookalike, 94, 0)).toBe(FW_ALLOW);
    expect(fw.ruleName(fw.ruleIndex)).toBe('out');
  });

  it('names the pseudo-rules after the user rules and counts hits per rule', () => {
    const fw = new Firewall(config);
    expect(fw.ruleCount).toBe(5);
    expect([fw.ruleName(5), fw.ruleName(6), fw.ruleName(-1), fw.ruleName(7)]).toEqual(['intrazone-default', 'interzone-default', null, null]);
    expect([fw.ruleAction(5), fw.ruleAction(6), fw.ruleAction(1)]).toEqual(['allow', 'deny', 'reset-client']);
    fw.process(1, 100, OUT, 74, 0);
    fw.process(2, 100, reply(OUT, SYN_ACK), 74, 0); // a session hit, not a rule lookup
    expect(Array.from(fw.ruleHits)).toEqual([0, 0, 0, 0, 1, 0, 0]);
  });
});

describe('capacity and settings', () => {
  it('takes the session capacity of the instance model: VM-100 250,000, VM-50 50,000', () => {
    expect(new Firewall(DEFAULT_CONFIG).sessionCapacity).toBe(250_000);
    const vm50 = configWith({
      hostedFirewall: `hostedFirewall:
  images: [PA-VM-10.1.qcow2]
  templates:
    - name: PAN-Branch
      vendor: palo-alto-networks
      model: VM-50
      serviceRedirectInterfaces:
        - { name: LAN-side, interface: 1, vlan: 100 }
        - { name: WAN-side, interface: 2, vlan: 100 }
  instance: { template: PAN-Branch, image: PA-VM-10.1.qcow2 }`,
    });
    const fw = new Firewall(vm50);
    expect(fw.model).toBe('VM-50');
    expect(fw.sessionCapacity).toBe(50_000);
  });

  it('beyond capacity drops fw-session-limit, naming the rule that would have allowed it', () => {
    const fw = new Firewall(DEFAULT_CONFIG, { capacityOverride: 2 });
    const flows = [51000, 51001, 51002].map((p) => packet({ src: '172.16.10.5', srcPort: p, dst: '52.96.1.1', dstPort: 443, tcpFlags: TCP_SYN }));
    expect(fw.process(1, 100, flows[0]!, 74, 0)).toBe(FW_ALLOW);
    expect(fw.process(1, 100, flows[1]!, 74, 1)).toBe(FW_ALLOW);
    expect(fw.process(1, 100, flows[2]!, 74, 2)).toBe(FW_DROP);
    expect(fw.reason).toBe('fw-session-limit');
    expect(fw.ruleName(fw.ruleIndex)).toBe('allow-out');
    expect(fw.sessionId).toBe(-1);
    // Existing sessions still pass; once one ends, the new flow fits.
    expect(fw.process(2, 100, reply(flows[0]!, SYN_ACK), 74, 3)).toBe(FW_ALLOW);
    fw.process(2, 100, reply(flows[1]!, TCP_RST), 60, 4);
    fw.expire(4 + DEFAULT_TIMEOUTS.tcpClosed * S);
    expect(fw.process(1, 100, flows[2]!, 74, 4 + DEFAULT_TIMEOUTS.tcpClosed * S)).toBe(FW_ALLOW);
    expect(fw.counter('session_alloc_failure')).toBe(1);
    expect(fw.peakSessions).toBe(2);
  });

  it('exposes the processing latency for the dataplane to schedule', () => {
    const config = configWith({
      vwire: `vwire:
  subinterfaces: [{ interface: 1, vlan: 100, zone: a }, { interface: 2, vlan: 100, zone: b }]
  processingLatency: 5ms`,
    });
    const fw = new Firewall(config);
    expect(fw.processingLatencySeconds).toBe(0.005);
    expect(fw.processingLatencyNs).toBe(5_000_000);
    expect(fw.rejectNonSynTcp).toBe(true);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new Firewall(DEFAULT_CONFIG, { capacityOverride: 0 })).toThrow(/session capacity 0/);
  });
});

describe('counters', () => {
  it('counts packets and bytes in and out, and prints them as show counter global does', () => {
    const fw = new Firewall(DEFAULT_CONFIG);
    fw.process(1, 100, OUT, 74, 0);
    fw.process(1, 999, OUT, 60, 0);
    expect([fw.counter('pkt_recv'), fw.counter('pkt_sent')]).toEqual([2, 1]);
    expect([fw.bytesReceived, fw.bytesSent]).toEqual([134, 74]);
    expect(fw.counter('no_such_counter')).toBeUndefined();
    const text = formatCounters(fw.counters());
    expect(text).toMatch(/^flow_rcv_dot1q_tag_err\s+1 drop\s+flow\s+parse\s+Packets dropped: 802\.1q tag not configured/m);
    expect(text).not.toMatch(/flow_policy_deny/);
    expect(formatCounters(fw.counters(), true)).toMatch(/^flow_policy_deny\s+0 drop/m);
  });
});
