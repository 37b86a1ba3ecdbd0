/**
 * The flow mixer: keeps a profile's number of flows open at once, picks one at random for
 * each packet, and replaces a flow that has finished with a fresh one. Memory is the open flows
 * only, so any packet count streams in flat memory.
 */
import { dataCentreIPv4, floodSourceIPv4, internetIPv6, lanIPv6, office365IPv4 } from './address-plan.js';
import { Flow } from './flow.js';
import type { FrameSpec, VlanTag } from '../wire/index.js';
import type { FloodTarget, Profile } from './profiles.js';
import type { Prng } from './prng.js';

const SERVER_PORTS_TCP = [443, 443, 443, 8443, 22, 993, 3389, 9000] as const;
const SERVER_PORTS_UDP = [443, 8801, 10000, 33000] as const;
const OFFICE365_PORTS = [443, 443, 443, 80] as const;
const VLAN_IDS = [10, 20, 30, 40] as const;
const NO_TAGS: VlanTag[] = [];
/**
 * Tag stacks by VLAN id, made once: flows share them. QinQ: an 802.1ad S-tag 1000 + id over the
 * C-tag; the older QinQ of some switches puts 0x9100 where 802.1ad puts 0x88a8.
 */
const DOT1Q_TAGS: Record<number, VlanTag[]> = {};
const QINQ_TAGS: Record<number, VlanTag[]> = {};
const QINQ_9100_TAGS: Record<number, VlanTag[]> = {};
for (const vid of VLAN_IDS) {
  DOT1Q_TAGS[vid] = [{ tpid: 0x8100, tci: vid }];
  QINQ_TAGS[vid] = [{ tpid: 0x88a8, tci: 1000 + vid }, { tpid: 0x8100, tci: vid }];
  QINQ_9100_TAGS[vid] = [{ tpid: 0x9100, tci: 1000 + vid }, { tpid: 0x8100, tci: vid }];
}

export class FlowMixer {
  private readonly flows: Flow[] = [];
  private readonly meanLength: number;
  private nextIcmpId = 1;
  flowsStarted = 0;

  constructor(
    private readonly profile: Profile,
    private readonly rng: Prng,
    packets: number,
  ) {
    this.meanLength = 1e6 / profile.flowsPerMillion;
    // A short capture gets fewer flows open at once, so that its flows run to their end.
    const open = Math.max(4, Math.min(profile.concurrency, Math.ceil(packets / 200)));
    for (let i = 0; i < open; i++) {
      const flow = new Flow();
      this.start(flow);
      this.flows.push(flow);
    }
  }

  /** Fills `spec` with the next packet of the mix. */
  next(spec: FrameSpec): void {
    const flow = this.flows[this.rng.int(0, this.flows.length - 1)];
    // Restart a finished flow before it sends, never after: `spec` points at the flow's
    // address arrays until the packet is written.
    if (flow.done()) this.start(flow);
    flow.next(this.rng, spec);
  }

  /**
   * Draws a fresh flow. Draws that only some profiles need are made only when the profile asks
   * for them (a share above 0), so that imix's draw sequence — and its bytes — stay as they were.
   */
  private start(flow: Flow): void {
    const { rng, profile } = this;
    this.flowsStarted++;
    flow.sent = 0;
    flow.synFlood = false;
    flow.frames = profile.frames;
    const roll = rng.float();
    flow.proto = roll < profile.tcp ? 6 : roll < profile.tcp + profile.udp ? 17 : 1;
    flow.family = rng.chance(profile.ipv6) ? 6 : 4;
    if (flow.proto === 1 && flow.family === 6) flow.proto = 58;

    const inbound = flow.proto === 6 && rng.chance(profile.inbound);
    let office365 = false;
    if (flow.family === 4 && inbound) {
      profile.internetV4(rng, flow.client);
      profile.lanServerV4(rng, flow.server);
    } else if (flow.family === 4) {
      profile.lanClientV4(rng, flow.client);
      if (profile.dataCentre > 0 && rng.chance(profile.dataCentre)) dataCentreIPv4(rng, flow.server);
      else if (profile.office365 > 0 && flow.proto === 6 && rng.chance(profile.office365)) {
        office365IPv4(rng, flow.server);
        office365 = true;
      } else profile.internetV4(rng, flow.server);
    } else {
      (inbound ? internetIPv6 : lanIPv6)(rng, flow.client);
      (inbound ? lanIPv6 : internetIPv6)(rng, flow.server);
    }
    flow.clientPort = rng.int(49152, 65535); // the IANA dynamic range, as client stacks use
    flow.serverPort =
      flow.proto !== 6
        ? rng.pick(SERVER_PORTS_UDP)
        : inbound
          ? 443
          : rng.pick(office365 ? OFFICE365_PORTS : SERVER_PORTS_TCP);
    flow.clientSeq = rng.u32();
    flow.serverSeq = rng.u32();
    flow.icmpId = this.nextIcmpId = (this.nextIcmpId % 0xffff) + 1;
    flow.dscp = 0;

    flow.tags = NO_TAGS;
    if (rng.chance(profile.vlan)) {
      const vid = rng.pick(VLAN_IDS);
      if (!rng.chance(profile.qinq)) flow.tags = DOT1Q_TAGS[vid];
      else flow.tags = rng.chance(profile.qinq9100) ? QINQ_9100_TAGS[vid] : QINQ_TAGS[vid];
    }

    const mean = this.meanLength;
    if (flow.proto === 6 && rng.chance(profile.synFlood)) {
      flow.synFlood = true;
      flow.total = 1;
      if (profile.floodTarget !== null) this.aimFlood(flow, profile.floodTarget);
    } else if (flow.proto === 6) {
      flow.total = 6 + rng.int(0, Math.max(0, Math.round(2 * mean) - 12));
    } else {
      flow.total = 2 * rng.int(1, Math.max(1, Math.round(mean) - 1));
    }
  }

  /** A flood SYN: from a fresh random source (spoofed, as floods are) to the one target. */
  private aimFlood(flow: Flow, target: FloodTarget): void {
    flow.family = 4;
    floodSourceIPv4(this.rng, flow.client);
    flow.server.fill(0);
    flow.server[0] = target.address;
    flow.serverPort = target.port;
  }
}
