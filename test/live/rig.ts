/**
 * The live rig for tests: a thin wrapper over `test/live/rig.sh` (which owns the topology) plus
 * what tests do inside it — run a command in one of its namespaces, keep one running in the
 * background, read the firewall's nftables counters, capture with tcpdump and read it back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../support/env.js';

export const rigScript = path.join(repoRoot, 'test/live/rig.sh');

/** The rig's fixed plan (rig.sh): addresses, device names, the firewall's policy. */
export const RIG = {
  lanAddr: '172.16.10.5',
  wanAddr: '198.51.100.10',
  probeAddr: '192.0.2.50',
  vlan: 100,
  denyPort: 9999,
  /** Devices in the appliance namespace. */
  app: { lan: 'lan1', wan: 'wan1', fw1: 'fw1', fw2: 'fw2', mgmt: 'mgmt' },
  /** The firewall namespace's bridge and its ports toward fw1 / fw2. */
  fw: { bridge: 'br0', port1: 'p1', port2: 'p2' },
  /** The hosts' single device. */
  hostDev: 'eth0',
} as const;

export interface Count {
  packets: number;
  bytes: number;
}

/** The firewall's named counters: tagged frames in per link, passed per direction, denied. */
export interface FwCounters {
  in1: Count;
  in2: Count;
  fwd12: Count;
  fwd21: Count;
  deny12: Count;
  deny21: Count;
  other: Count;
}

export type RigNs = 'lan' | 'wan' | 'app' | 'fw';

export interface Background {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stderr or stdout has matched `re`; rejects on exit or after `ms`. */
  waitFor(re: RegExp, ms: number): Promise<void>;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Sends `signal` (default SIGINT) and waits for the exit, SIGKILL after `ms`. */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
}

function fail(what: string, r: ReturnType<typeof spawnSync>): never {
  throw new Error(`${what} failed (status ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${String(r.stderr ?? '').trim()}`);
}

export class Rig {
  readonly ns: Readonly<Record<RigNs, string>>;
  private readonly children = new Set<Background>();

  constructor(readonly prefix: string) {
    if (!/^[a-z0-9]{1,8}$/.test(prefix)) throw new Error(`bad rig prefix ${prefix}`);
    this.ns = { lan: `${prefix}-lan`, wan: `${prefix}-wan`, app: `${prefix}-app`, fw: `${prefix}-fw` };
  }

  up(): void {
    const r = spawnSync(rigScript, ['up', this.prefix], { encoding: 'utf8' });
    if (r.status !== 0) fail(`rig.sh up ${this.prefix}`, r);
  }

  /** Stops what this rig started, then removes its namespaces (safe on a half-built rig). */
  async down(): Promise<void> {
    await Promise.allSettled([...this.children].map((c) => c.stop('SIGKILL', 2000)));
    const r = spawnSync(rigScript, ['down', this.prefix], { encoding: 'utf8' });
    if (r.status !== 0) fail(`rig.sh down ${this.prefix}`, r);
  }

  /** Runs `argv` inside a namespace and returns its stdout; throws on a non-zero exit. */
  run(ns: RigNs, argv: readonly string[], timeoutMs = 30_000): string {
    const r = spawnSync('ip', ['netns', 'exec', this.ns[ns], ...argv], {
      encoding: 'utf8',
      timeout: timeoutMs,
      cwd: repoRoot,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) fail(`[${this.ns[ns]}] ${argv.join(' ')}`, r);
    return r.stdout;
  }

  /** Starts `argv` inside a namespace in the background; down() stops it if the test did not. */
  start(ns: RigNs, argv: readonly string[]): Background {
    const child = spawn('ip', ['netns', 'exec', this.ns[ns], ...argv], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bg = background(child);
    this.children.add(bg);
    void bg.exited.then(() => this.children.delete(bg));
    return bg;
  }

  counters(): FwCounters {
    const out = this.run('fw', ['nft', '-j', 'list', 'counters', 'table', 'bridge', 'vwire']);
    const doc = JSON.parse(out) as { nftables: Array<{ counter?: { name: string; packets: number; bytes: number } }> };
    const got: Partial<Record<keyof FwCounters, Count>> = {};
    for (const item of doc.nftables) {
      if (item.counter) got[item.counter.name as keyof FwCounters] = { packets: item.counter.packets, bytes: item.counter.bytes };
    }
    for (const name of ['in1', 'in2', 'fwd12', 'fwd21', 'deny12', 'deny21', 'other'] as const) {
      if (!got[name]) throw new Error(`firewall counter ${name} missing in: ${out}`);
    }
    return got as FwCounters;
  }

  /** Starts or stops the firewall namespace's bridge (a stopped bridge forwards nothing). */
  setBridge(up: boolean): void {
    this.run('fw', ['ip', 'link', 'set', RIG.fw.bridge, up ? 'up' : 'down']);
  }

  /** tcpdump writing every frame on `dev` to `file`; resolves once it is listening. */
  async capture(ns: RigNs, dev: string, file: string, filter: readonly string[] = []): Promise<Background> {
    // --immediate-mode and -U: each packet is read and written as it comes (libpcap would
    // otherwise hold it up to a second in its ring), so stopping loses nothing.
    const bg = this.start(ns, ['tcpdump', '-i', dev, '--immediate-mode', '-U', '-s', '0', '-nn', '-w', file, ...filter]);
    await bg.waitFor(/listening on/, 10_000);
    return bg;
  }
}

function background(child: ChildProcess): Background {
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const poke = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    poke();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    poke();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    poke();
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(re, ms) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stderr: ${err.trim()}`)), ms);
        const check = (): void => {
          if (re.test(err) || re.test(out)) {
            clearTimeout(timer);
            resolve();
          } else if (done) {
            clearTimeout(timer);
            reject(new Error(`exited (${child.exitCode}) before ${re}; stderr: ${err.trim()}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    exited,
    async stop(signal = 'SIGINT', ms = 5000) {
      if (!done) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
  };
}

/** One frame of a capture, as tshark reads it. */
export interface Frame {
  /** Epoch seconds. */
  time: number;
  /** Frame length on the wire (bytes). */
  len: number;
  /** VLAN ids, outer first (empty when untagged). */
  vlans: number[];
  src: string;
  dst: string;
  proto: number;
  dport: number | null;
  /** IPv4 identification and total length: together they tell a packet again on another link. */
  ipId: number;
  ipLen: number;
}

/** The IPv4 frames of a capture file (tshark fields; other frames are left out). */
export function readFrames(file: string): Frame[] {
  const fields = ['frame.time_epoch', 'frame.len', 'vlan.id', 'ip.src', 'ip.dst', 'ip.proto', 'tcp.dstport', 'udp.dstport', 'ip.id', 'ip.len'];
  const r = spawnSync(
    'tshark',
    ['-r', file, '-n', '-Y', 'ip', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=;', ...fields.flatMap((f) => ['-e', f])],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (r.status !== 0) fail(`tshark -r ${file}`, r);
  const frames: Frame[] = [];
  for (const line of r.stdout.split('\n')) {
    if (line === '') continue;
    const [time, len, vlan, src, dst, proto, tport, uport, ipId, ipLen] = line.split('\t');
    // An ICMP error quotes a header: its inner addresses and ports come after the outer ones.
    const first = (s: string | undefined): string => (s ?? '').split(';')[0] ?? '';
    const dport = first(tport) || first(uport);
    frames.push({
      time: Number(time),
      len: Number(len),
      vlans: vlan ? vlan.split(';').map(Number) : [],
      src: first(src),
      dst: first(dst),
      proto: Number(first(proto)),
      dport: dport === '' ? null : Number(dport),
      ipId: Number(first(ipId)),
      ipLen: Number(first(ipLen)),
    });
  }
  return frames;
}

/**
 * A rig for the enclosing describe block: built before its tests (then `setup`, if any), torn
 * down after them — also when a test failed — with a temporary folder for captures.
 */
export function useRig(prefix: string, tmpName: string, setup?: (rig: Rig) => void): { rig: Rig; tmp: string } {
  const rig = new Rig(prefix);
  const tmp = mkdtempSync(path.join(os.tmpdir(), `chainsim-${tmpName}-`));
  beforeAll(() => {
    rig.up();
    setup?.(rig);
  });
  afterAll(async () => {
    try {
      await rig.down();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  return { rig, tmp };
}
