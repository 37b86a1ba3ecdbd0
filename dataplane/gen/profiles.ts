/**
 * The traffic profiles of `chainsim gen`. A profile is a few numbers — the protocol mix, how
 * many flows per million packets, the share of IPv6, VLAN-tagged and inbound flows, the
 * offered rate — that the flow mixer turns into packets.
 */
import { chainsimError } from '../../policy/index.js';

export interface Profile {
  readonly name: string;
  readonly description: string;
  /** Shares of flows by protocol; they add up to 1. */
  readonly tcp: number;
  readonly udp: number;
  readonly icmp: number;
  readonly flowsPerMillion: number;
  readonly ipv6: number;
  /** Share of flows carrying one 802.1Q tag, and of those, the share double-tagged (QinQ). */
  readonly vlan: number;
  readonly qinq: number;
  /** Share of TCP flows that an internet host opens towards a LAN server. */
  readonly inbound: number;
  /** TCP flows that send only a SYN from a fresh source each (a SYN flood). */
  readonly synFlood: number;
  /** Offered load when `--mbps` is not given. */
  readonly defaultMbps: number;
  /** Flows open at once. */
  readonly concurrency: number;
}

const IMIX: Profile = {
  name: 'imix',
  description: 'the benchmark mix: 10k flows per million packets, ~20 % VLAN, ~10 % IPv6, IMIX sizes',
  tcp: 0.8,
  udp: 0.17,
  icmp: 0.03,
  flowsPerMillion: 10_000,
  ipv6: 0.11,
  vlan: 0.22,
  qinq: 0,
  inbound: 0.1,
  synFlood: 0,
  defaultMbps: 300,
  concurrency: 512,
};

export const PROFILES: Readonly<Record<string, Profile>> = {
  imix: IMIX,
};

export function profileByName(name: string): Profile {
  const profile = PROFILES[name];
  if (!profile) {
    throw chainsimError(
      'CHAINSIM_USAGE',
      `gen: unknown profile "${name}" (one of ${Object.keys(PROFILES).join(', ')})`,
    );
  }
  return profile;
}
