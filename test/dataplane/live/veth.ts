/**
 * A private network namespace with veth pairs for the live tests: chainsim runs inside the
 * namespace (`ip netns exec`) on the inner ends; the test holds the outer ends, in the root
 * namespace under unique names, and sends and captures frames there with `cap` in-process.
 * IPv6 is off on every end (no stray router solicitations); `destroy` deletes the namespace and
 * the outer ends, whatever state they are in.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { DEFAULT_TEXT } from '../../support/default-config.js';
import { chainsimBin, isCI, lacking, repoRoot } from '../../support/env.js';

const require = createRequire(import.meta.url);

interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  send(buffer: Buffer, nBytes: number): void;
  on(event: 'packet', listener: (nbytes: number) => void): void;
}

function sh(args: string[], check = true): string {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  if (check && r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Missing needs (root, ip, cap, the built `live`/`send`); throws under CI=true when any is. */
export function liveTestLacking(): string[] {
  const missing = lacking([], { root: true });
  if (missing.length > 0) return missing;
  const extra: string[] = [];
  if (spawnSync('ip', ['-V'], { stdio: 'ignore' }).status !== 0) extra.push('ip (iproute2)');
  try {
    require('cap');
  } catch {
    extra.push('native addon cap (npm run check:native)');
  }
  for (const cmd of ['live', 'send']) {
    const r = spawnSync(process.execPath, [chainsimBin, 'help', cmd], { encoding: 'utf8', cwd: repoRoot });
    if (!r.stdout?.startsWith(`Usage: chainsim ${cmd} `)) extra.push(`chainsim ${cmd} in the built CLI (npm run build)`);
  }
  if (extra.length > 0) {
    if (isCI) throw new Error(`CI=true but this suite lacks: ${extra.join(', ')}`);
    console.warn(`skipping: missing ${extra.join(', ')}`);
  }
  return extra;
}

/** The test's end of a veth pair: send frames, collect what arrives. */
export class Outer {
  readonly frames: Buffer[] = [];
  private readonly cap: CapHandle;
  private readonly rx = Buffer.alloc(65535);

  constructor(readonly name: string) {
    const { Cap } = require('cap') as { Cap: new () => CapHandle };
    this.cap = new Cap();
    this.cap.open(name, '', 1 << 22, this.rx);
    this.cap.on('packet', (n) => this.frames.push(Buffer.from(this.rx.subarray(0, n))));
  }

  send(frame: Buffer): void {
    this.cap.send(frame, frame.length);
  }

  close(): void {
    this.cap.close();
  }
}

export class Netns {
  readonly ns: string;
  private readonly tag: string;
  private readonly outers: string[] = [];

  constructor() {
    this.tag = `${process.pid % 100000}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
    this.ns = `chs-${this.tag}`;
    sh(['ip', 'netns', 'add', this.ns]);
    sh(['ip', '-n', this.ns, 'link', 'set', 'lo', 'up']);
    this.sysctl(['-w', 'net.ipv6.conf.all.disable_ipv6=1'], true);
    this.sysctl(['-w', 'net.ipv6.conf.default.disable_ipv6=1'], true);
  }

  /** A veth pair: `inner` inside the namespace, the returned outer name in the root one. */
  veth(inner: string, mtu = 1500): string {
    const outer = `chs${this.tag}${inner}`.slice(0, 15);
    sh(['ip', 'link', 'add', outer, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', inner, 'mtu', String(mtu), 'netns', this.ns]);
    this.outers.push(outer);
    spawnSync('sysctl', ['-q', '-w', `net.ipv6.conf.${outer}.disable_ipv6=1`], { stdio: 'ignore' });
    sh(['ip', 'link', 'set', outer, 'up']);
    sh(['ip', '-n', this.ns, 'link', 'set', inner, 'up']);
    return outer;
  }

  ip(...args: string[]): void {
    sh(['ip', '-n', this.ns, ...args]);
  }

  /** `chainsim ARGS` inside the namespace. */
  chainsim(args: readonly string[]): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.ns, process.execPath, chainsimBin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  destroy(): void {
    for (const o of this.outers) spawnSync('ip', ['link', 'del', o], { stdio: 'ignore' });
    spawnSync('ip', ['netns', 'del', this.ns], { stdio: 'ignore' });
  }

  private sysctl(args: string[], quiet: boolean): void {
    spawnSync('ip', ['netns', 'exec', this.ns, 'sysctl', '-q', ...args], { stdio: quiet ? 'ignore' : 'inherit' });
  }
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Resolves once the child's stderr says `ready` (or rejects when it exits first). */
export function running(child: ChildProcess): { ready: Promise<void>; done: Promise<Finished> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  let onReady: () => void = () => {};
  let onFail: (e: Error) => void = () => {};
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  // A run that is expected to fail never awaits `ready`: its rejection is not an error then.
  ready.catch(() => {});
  child.stderr!.on('data', (d) => {
    stderr += d;
    if (/chainsim live: ready/.test(stderr)) onReady();
  });
  const done = new Promise<Finished>((res) => {
    child.on('exit', (code) => {
      onFail(new Error(`chainsim exited (${code}) before ready: ${stderr}`));
      res({ code, stdout, stderr });
    });
  });
  return { ready, done };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond` holds (polling), at most `ms`. */
export async function until(cond: () => boolean, ms = 3000): Promise<void> {
  for (let t = 0; t < ms && !cond(); t += 20) await sleep(20);
}

export const MAC_A = [0x02, 0, 0, 0, 0, 0x0a];
export const MAC_B = [0x02, 0, 0, 0, 0, 0x0b];

function ipv4(text: string): number[] {
  return text.split('.').map(Number);
}

/** An Ethernet + IPv4 + UDP frame of `length` bytes (≥ 42), payload filled with `fill`. */
export function udpFrame(src: string, dst: string, sport: number, dport: number, length = 100, fill = 0x5a): Buffer {
  const f = Buffer.alloc(length, fill);
  Buffer.from([...MAC_B, ...MAC_A]).copy(f, 0);
  f.writeUInt16BE(0x0800, 12);
  const ip = 14;
  f[ip] = 0x45;
  f[ip + 1] = 0;
  f.writeUInt16BE(length - 14, ip + 2);
  f.writeUInt32BE(0, ip + 4);
  f[ip + 8] = 64;
  f[ip + 9] = 17;
  f.writeUInt16BE(0, ip + 10);
  Buffer.from([...ipv4(src), ...ipv4(dst)]).copy(f, ip + 12);
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += f.readUInt16BE(ip + i);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  f.writeUInt16BE(~sum & 0xffff, ip + 10);
  f.writeUInt16BE(sport, ip + 20);
  f.writeUInt16BE(dport, ip + 22);
  f.writeUInt16BE(length - 34, ip + 24);
  f.writeUInt16BE(0, ip + 26); // no UDP checksum: allowed in IPv4
  return f;
}

/** A broadcast ARP request (who-has `target` tell `sender`). */
export function arpRequest(sender: string, target: string): Buffer {
  return Buffer.from([
    ...[0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ...MAC_A,
    0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
    ...MAC_A,
    ...ipv4(sender),
    ...[0, 0, 0, 0, 0, 0],
    ...ipv4(target),
    ...new Array(18).fill(0),
  ]);
}

/** The config file of the embedded default with `probe` replaced (null: none). */
export function configWithProbe(probe: string | null): string {
  const lines = DEFAULT_TEXT.split('\n').filter((l) => !/^\s*probe:/.test(l));
  const at = lines.findIndex((l) => /^\s*sites:/.test(l));
  if (probe !== null) lines.splice(at + 1, 0, `${lines[at].match(/^\s*/)![0]}probe: ${probe}`);
  return lines.join('\n');
}
