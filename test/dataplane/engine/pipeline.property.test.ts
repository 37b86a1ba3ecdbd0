// Invariants of the packet path on random configs and random traffic (fast-check):
// - accounting balances: in = forwarded + dropped + consumed + queued (queued 0 after drain);
// - packetsSent = packetsReceived + the firewall's own drops;
// - under symmetric matching, a redirected packet that reaches the firewall enters on the
//   rule's interface when it comes from the initiator and on the other one when it is a reply;
// - random bytes at any link type never throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pipeline, type PacketContext } from '../../../dataplane/engine/index.js';
import { emitFrame, newFrameSpec } from '../../../dataplane/wire/index.js';
import type { AppConfig, PolicyRule, RouteConfig, VwireSubinterface } from '../../../policy/index.js';
import { arbAppConfig, arbTuple } from '../../testing/index.js';

/** A random config made runnable: an instance of its first hosted-firewall template, up, and a
 * firewall that has sub-interfaces for the template's VLANs and allows what it sees, and a site
 * rule redirecting what earlier rules leave. */
function withFirewall(config: AppConfig): AppConfig {
  const template = config.hostedFirewall.templates[0];
  if (!template) return config;
  const subinterfaces: VwireSubinterface[] = [];
  for (const sri of template.serviceRedirectInterfaces) {
    for (const side of [1, 2] as const) {
      if (!subinterfaces.some((s) => s.interface === side && s.vlan === sri.vlan)) {
        subinterfaces.push({ interface: side, vlan: sri.vlan, zone: side === 1 ? 'trust' : 'untrust' });
      }
    }
  }
  // A site rule that redirects whatever reaches it, so that plenty of traffic meets the firewall.
  const sri = template.serviceRedirectInterfaces[0];
  const redirectRest: PolicyRule = {
    name: 'redirect-rest',
    type: 'hosted-firewall',
    action: 'redirect',
    hostedFirewall: template.name,
    serviceRedirectInterface: sri.name,
    match: { fromZone: null, toZone: null, src: null, dst: null, srcPort: null, dstPort: null, protocol: null, application: null, dscp: null, srcService: null, dstService: null, vlan: null, allowFragments: true },
    reverseAlso: false,
    log: false,
    path: 'firewall.policies[0]',
  };
  // Default routes behind the config's own, so that few packets end as no-route.
  const defaults: RouteConfig[] = [
    { prefix: { family: 4, words: [0, 0, 0, 0], length: 0, text: '0.0.0.0/0' }, via: 'WAN-1', service: 'internet' },
    { prefix: { family: 6, words: [0, 0, 0, 0], length: 0, text: '::/0' }, via: 'WAN-1', service: 'internet' },
  ];
  return {
    ...config,
    routes: [...config.routes, ...defaults],
    firewall: { ...config.firewall, policies: [redirectRest, ...config.firewall.policies] },
    hostedFirewall: {
      ...config.hostedFirewall,
      images: ['img'],
      instance: { template: template.name, image: 'img', state: 'up', sites: [config.appliance.name], authKey: null, authCode: null, probe: null },
    },
    vwire: {
      ...config.vwire,
      subinterfaces,
      rules: [{ name: 'allow-all', from: 'any', to: 'any', src: null, dst: null, srcPort: null, dstPort: null, protocol: null, action: 'allow', path: 'vwire.rules[0]' }],
    },
  };
}

const FLAGS = [0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0] as const;

const scenarioArb = arbAppConfig().chain((raw) => {
  const config = withFirewall(raw);
  const packet = fc.record({ conn: fc.nat(5), reply: fc.boolean(), flags: fc.constantFrom(...FLAGS), gapNs: fc.integer({ min: 0, max: 2e9 }), size: fc.integer({ min: 0, max: 1400 }) });
  return fc.record({
    config: fc.constant(config),
    conns: fc.array(arbTuple(config), { minLength: 1, maxLength: 6 }),
    packets: fc.array(packet, { minLength: 1, maxLength: 60 }),
  });
});

describe('Pipeline invariants', () => {
  it('balances, and the firewall sees initiators on the rule interface and replies on the other (symmetric)', () => {
    // Over all runs, how many replies reached the firewall under symmetric matching: the
    // interface check must have had something to check.
    let symmetricReplies = 0;
    fc.assert(
      fc.property(scenarioArb, ({ config, conns, packets }) => {
        const p = new Pipeline(config);
        const seen: { dir: number; fwIface: number; entry: number; verdict: number }[] = [];
        p.ports = { wantsFrames: false, egress() {}, firewallLink() {}, dropped() {}, done: (ctx: PacketContext) => void seen.push({ dir: ctx.dir, fwIface: ctx.fwIface, entry: ctx.entry, verdict: ctx.fwVerdict }) };
        const spec = newFrameSpec();
        const buf = Buffer.alloc(2048);
        let t = 0;
        for (const pk of packets) {
          const c = conns[pk.conn % conns.length];
          spec.family = c.family;
          spec.proto = c.proto === 6 || c.proto === 17 || c.proto === 1 || c.proto === 58 ? c.proto : 6;
          if (spec.family === 4 && spec.proto === 58) spec.proto = 1;
          if (spec.family === 6 && spec.proto === 1) spec.proto = 58;
          spec.src = pk.reply ? c.dst : c.src;
          spec.dst = pk.reply ? c.src : c.dst;
          spec.srcPort = pk.reply ? c.dstPort : c.srcPort;
          spec.dstPort = pk.reply ? c.srcPort : c.dstPort;
          spec.icmpType = spec.family === 4 ? 8 : 128;
          spec.tcpFlags = pk.flags;
          spec.payloadLength = pk.size;
          const len = emitFrame(spec, buf, 0);
          t += pk.gapNs;
          p.clock[0] = t;
          p.advance();
          // Bound ingress (as --in does): the initiator's side on LAN-1, replies on WAN-1.
          p.ingest(buf, 0, len, len, 1, pk.reply ? 1 : 0, -1);
        }
        p.drain();
        const c = p.counters;
        expect(c.inPackets).toBe(packets.length);
        expect(c.forwarded + c.dropped + c.consumed + c.queued).toBe(c.inPackets);
        expect(p.waiting).toBe(0);
        const fwDrops = c.drops[5] + c.drops[6] + c.drops[7] + c.drops[8];
        expect(c.fwSent).toBe(c.fwReceived + fwDrops);
        if (config.global.connectionMatchType === 'symmetric') {
          for (const s of seen) {
            if (s.verdict === 0) continue;
            const ruleIface = p.tables.entryFwIface[s.entry];
            expect(s.fwIface).toBe(s.dir === 0 ? ruleIface : 3 - ruleIface);
            if (s.dir === 1) symmetricReplies++;
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(symmetricReplies).toBeGreaterThan(20);
  });

  it('never throws on random bytes at any link type, and counts them all', () => {
    fc.assert(
      fc.property(
        arbAppConfig().map(withFirewall),
        fc.array(fc.record({ bytes: fc.uint8Array({ maxLength: 200 }), link: fc.constantFrom(0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 147) }), { maxLength: 40 }),
        (config, frames) => {
          const p = new Pipeline(config);
          frames.forEach((f, i) => {
            p.clock[0] = i;
            p.advance();
            p.ingest(Buffer.from(f.bytes), 0, f.bytes.length, f.bytes.length, f.link, -1, -1);
          });
          p.drain();
          const c = p.counters;
          expect(c.forwarded + c.dropped + c.consumed).toBe(frames.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});
