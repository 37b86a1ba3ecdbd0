/**
 * The traffic profiles of `chainsim gen`. A profile is a few numbers — the protocol mix, how
 * many flows per million packets, the share of IPv6, VLAN-tagged and inbound flows, the
 * offered rate, the frame sizes — and where its hosts come from; the flow mixer turns that into
 * packets. Every profile but imix is imix with some of these changed.
 */
import { chainsimError } from '../../policy/index.js';
import {
  internetIPv4,
  lanIPv4,
  lanIPv4No10,
  lanServerIPv4,
  otherInternetIPv4,
  type AddressChooser,
} from './address-plan.js';

/** Where the SYNs of a flood go: one IPv4 address and port. */
export interface FloodTarget {
  readonly address: number;
  readonly port: number;
}

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
  /** Of the QinQ flows, the share whose outer tag is 0x9100 rather than 802.1ad's 0x88a8. */
  readonly qinq9100: number;
  /** Share of TCP flows that an internet host opens towards a LAN server. */
  readonly inbound: number;
  /** TCP flows that send only a SYN from a fresh source each (a SYN flood). */
  readonly synFlood: number;
  /** Where flood SYNs go; null: where the flow's own draw put it. */
  readonly floodTarget: FloodTarget | null;
  /** Offered load when `--mbps` is not given. */
  readonly defaultMbps: number;
  /** Flows open at once. */
  readonly concurrency: number;
  /** Frame lengths (FCS excluded) that data packets draw from, uniformly. */
  readonly frames: readonly number[];
  /** IPv4 LAN clients, LAN servers of inbound flows, internet hosts. */
  readonly lanClientV4: AddressChooser;
  readonly lanServerV4: AddressChooser;
  readonly internetV4: AddressChooser;
  /** Share of outbound IPv4 flows whose server is a data-centre host in 10/8. */
  readonly dataCentre: number;
  /** Share of the other outbound IPv4 TCP flows that go to Office 365 on 443 or 80. */
  readonly office365: number;
}

/** The simple IMIX (64, 594, 1518 bytes with FCS; 7:4:1), FCS excluded. */
const IMIX_FRAMES = [60, 60, 60, 60, 60, 60, 60, 590, 590, 590, 590, 1514] as const;
/** Mostly full-size frames (2:2:8), so that a ceiling is reached at a modest packet rate. */
const LARGE_FRAMES = [60, 60, 590, 590, 1514, 1514, 1514, 1514, 1514, 1514, 1514, 1514] as const;

/** The use-case profiles' rate: below the 100 Mbit/s ceiling of the fixtures, so that no drop hides the use case. */
const USECASE_MBPS = 80;

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
  qinq9100: 0,
  inbound: 0.1,
  synFlood: 0,
  floodTarget: null,
  defaultMbps: 300,
  concurrency: 512,
  frames: IMIX_FRAMES,
  lanClientV4: lanIPv4,
  lanServerV4: lanIPv4,
  internetV4: internetIPv4,
  dataCentre: 0,
  office365: 0,
};

const USECASE1: Profile = {
  ...IMIX,
  name: 'usecase1',
  description:
    'use case 1, redirect all (default.yaml, usecase1-redirect-all.yaml): LAN clients to the internet, ' +
    'and ~35 % of TCP connections opened from the internet to LAN servers 172.16.x.x:443; untagged, 80 Mbit/s',
  ipv6: 0.05,
  vlan: 0,
  inbound: 0.35,
  lanServerV4: lanServerIPv4,
  defaultMbps: USECASE_MBPS,
};

const USECASE2: Profile = {
  ...IMIX,
  name: 'usecase2',
  description:
    'use case 2, for usecase2-internet-only.yaml (10/8 is the data centre over the virtual path): ' +
    'LAN clients in 172.16/12 and 192.168/16, ~40 % of outbound IPv4 flows to 10/8, the rest to the internet, ' +
    'some inbound HTTPS to 172.16.x.x; untagged, 80 Mbit/s',
  ipv6: 0.05,
  vlan: 0,
  lanClientV4: lanIPv4No10,
  lanServerV4: lanServerIPv4,
  dataCentre: 0.4,
  defaultMbps: USECASE_MBPS,
};

const USECASE3: Profile = {
  ...IMIX,
  name: 'usecase3',
  description:
    'use case 3, Office 365 breakout (usecase3-o365-breakout.yaml): ~half the outbound IPv4 TCP connections ' +
    'to Office 365 (52.96.0.0/14, 40.96.0.0/13) on 443/80, the rest to other internet; untagged, 80 Mbit/s',
  ipv6: 0.05,
  vlan: 0,
  lanServerV4: lanServerIPv4,
  internetV4: otherInternetIPv4,
  office365: 0.5,
  defaultMbps: USECASE_MBPS,
};

const CEILING: Profile = {
  ...IMIX,
  name: 'ceiling',
  description: 'imix with mostly 1514-byte frames, offered at 400 Mbit/s: well above a 100 Mbit/s ceiling',
  frames: LARGE_FRAMES,
  defaultMbps: 400,
};

const SYNFLOOD: Profile = {
  ...IMIX,
  name: 'synflood',
  description:
    'a SYN flood: bare SYNs from random internet sources to 172.16.1.10:443 (~80 % of packets), ' +
    'plus a little ordinary LAN traffic; IPv4, untagged, 100 Mbit/s',
  tcp: 0.993,
  udp: 0.005,
  icmp: 0.002,
  flowsPerMillion: 50_000,
  ipv6: 0,
  vlan: 0,
  inbound: 0,
  synFlood: 0.995,
  floodTarget: { address: 0xac10010a, port: 443 }, // 172.16.1.10
  defaultMbps: 100,
};

const IPV6: Profile = {
  ...IMIX,
  name: 'ipv6',
  description:
    'all IPv6: LAN 2001:db8:1::/48 <-> internet (2001:db8:ab00::/40), TCP (10 % inbound), UDP, ICMPv6 echo; ' +
    'otherwise imix (~20 % VLAN, IMIX sizes, 300 Mbit/s)',
  udp: 0.15,
  icmp: 0.05,
  ipv6: 1,
};

const VLAN: Profile = {
  ...IMIX,
  name: 'vlan',
  description:
    'imix with every flow tagged: ~65 % one 802.1Q tag, ~35 % QinQ (0x88a8 over 0x8100, ' +
    'and for ~30 % of those the older 0x9100 outer tag)',
  vlan: 1,
  qinq: 0.35,
  qinq9100: 0.3,
};

export const PROFILES: Readonly<Record<string, Profile>> = {
  imix: IMIX,
  usecase1: USECASE1,
  usecase2: USECASE2,
  usecase3: USECASE3,
  ceiling: CEILING,
  synflood: SYNFLOOD,
  ipv6: IPV6,
  vlan: VLAN,
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
