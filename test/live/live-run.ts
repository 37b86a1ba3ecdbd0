/**
 * Running the built CLI inside the rig as a user would: `chainsim live` in the appliance
 * namespace on the rig's devices, `chainsim send` and the plain-Node hosts in the host
 * namespaces, and reading what they print.
 */
import path from 'node:path';
import { chainsimBin, repoRoot } from '../support/env.js';
import { RIG, type Background, type Rig, type RigNs } from './rig.js';

export const liveDir = path.join(repoRoot, 'test/live');
export const hostsScript = path.join(liveDir, 'hosts.mjs');

/** The part of the `--json` summary the acceptance tests read. */
export interface LiveSummary {
  interfaces: Record<string, { rxPackets: number; rxBytes: number; txPackets: number; txBytes: number }>;
  hostedFirewall: {
    adminState: string;
    processingState: string;
    packetsSent: number;
    packetsReceived: number;
    packetsDropped: number;
    bytesSent: number;
    bytesReceived: number;
    drops: Record<string, number>;
  };
  drops: Record<string, number>;
  accounting: { balanced: boolean };
}

/** `chainsim live` on the rig's devices; resolves once it says it is ready. */
export async function startLive(rig: Rig, config: string, durationSeconds: number): Promise<Background> {
  const bg = rig.start('app', [
    process.execPath,
    chainsimBin,
    'live',
    '--config',
    config,
    '--port',
    `LAN-1=${RIG.app.lan}`,
    '--port',
    `WAN-1=${RIG.app.wan}`,
    '--fw-if1',
    RIG.app.fw1,
    '--fw-if2',
    RIG.app.fw2,
    '--duration',
    String(durationSeconds),
    '--json',
  ]);
  await bg.waitFor(/ready/, 20_000);
  return bg;
}

/** Waits for a run to end by itself (its --duration) and returns its summary; exit 0 required. */
export async function liveSummary(bg: Background, timeoutMs: number): Promise<LiveSummary> {
  const code = await Promise.race([
    bg.exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref()),
  ]);
  if (code === 'timeout') {
    await bg.stop('SIGKILL');
    throw new Error(`chainsim live did not end within ${timeoutMs} ms; stderr: ${bg.stderr()}`);
  }
  if (code !== 0) throw new Error(`chainsim live exited ${code}; stderr: ${bg.stderr()}`);
  try {
    return JSON.parse(bg.stdout()) as LiveSummary;
  } catch {
    throw new Error(`chainsim live --json printed no JSON document: ${bg.stdout().slice(0, 500)}; stderr: ${bg.stderr()}`);
  }
}

/** Runs hosts.mjs in a host namespace and parses its JSON line. */
export function hostRun<T>(rig: Rig, ns: RigNs, args: readonly string[]): T {
  return JSON.parse(rig.run(ns, [process.execPath, hostsScript, ...args])) as T;
}

/** The TCP echo server in the WAN host; resolves once it listens. */
export async function startServer(rig: Rig, ports: readonly number[]): Promise<Background> {
  const bg = rig.start('wan', [process.execPath, hostsScript, 'server', ...ports.map(String)]);
  await bg.waitFor(/listening/, 10_000);
  return bg;
}

export interface SendResult {
  packets: number;
  bytes: number;
  seconds: number;
  mbps: number;
  skipped: { ipv6: number; nonIp: number; replies: number; total: number };
}

/** `chainsim send` from the LAN host to the WAN host, with every packet's addresses rewritten. */
export function send(rig: Rig, opts: { profile: string; mbps: number; duration: number; dport: number; seed?: number }): SendResult {
  const out = rig.run(
    'lan',
    [
      process.execPath,
      chainsimBin,
      'send',
      '--device',
      RIG.hostDev,
      '--profile',
      opts.profile,
      '--mbps',
      String(opts.mbps),
      '--duration',
      String(opts.duration),
      '--seed',
      String(opts.seed ?? 1),
      '--src',
      RIG.lanAddr,
      '--dst',
      RIG.wanAddr,
      '--dport',
      String(opts.dport),
      '--json',
    ],
    (opts.duration + 30) * 1000,
  );
  return JSON.parse(out) as SendResult;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
