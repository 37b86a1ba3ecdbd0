/**
 * The two native addons of live mode, loaded lazily: `cap` (libpcap) and `raw-socket` are
 * optionalDependencies (STACK.md), so a machine without libpcap headers installs chainsim
 * without them and only `live` and `send` need them — replay never loads either.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chainsimError } from '../../policy/index.js';

/** The part of `cap`'s Cap class that live mode uses. */
export interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  /** Sends buffer[0, nBytes) as it is; throws with libpcap's message when refused. */
  send(buffer: Buffer, nBytes: number): void;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): void;
}

export interface CapModule {
  Cap: new () => CapHandle;
}

export interface RawSocket {
  send(
    buffer: Buffer,
    offset: number,
    length: number,
    address: string,
    beforeCallback: (() => void) | null,
    afterCallback: (error: Error | null, bytes: number) => void,
  ): void;
  setOption(level: number, option: number, value: number): void;
  setOption(level: number, option: number, buffer: Buffer, length: number): void;
  on(event: 'message', listener: (buffer: Buffer, source: string) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

export interface RawSocketModule {
  createSocket(options: { addressFamily?: number; protocol?: number; bufferSize?: number }): RawSocket;
  AddressFamily: { IPv4: number; IPv6: number };
  Protocol: { None: number; ICMP: number; TCP: number; UDP: number; ICMPv6: number };
  SocketLevel: { SOL_SOCKET: number; IPPROTO_IP: number; IPPROTO_IPV6: number };
  SocketOption: { IP_HDRINCL: number; SO_SNDBUF: number; SO_RCVBUF: number; SO_BINDTODEVICE?: number };
}

const require = createRequire(import.meta.url);
const HOW_TO_INSTALL = 'install libpcap-dev (Debian), python3, make and g++, then `npm rebuild cap raw-socket`; `npm run check:native` tells what is missing';

function load<T>(name: string, purpose: string): T {
  try {
    return require(name) as T;
  } catch (err) {
    const why = String((err as Error).message).split('\n')[0];
    throw chainsimError('CHAINSIM_NATIVE', `${purpose} needs the native addon ${name}, which is not installed or not built (${why}); ${HOW_TO_INSTALL}`);
  }
}

let cap: CapModule | null = null;
let raw: RawSocketModule | null = null;

export function loadCap(purpose: string): CapModule {
  return (cap ??= load<CapModule>('cap', purpose));
}

export function loadRawSocket(purpose: string): RawSocketModule {
  return (raw ??= load<RawSocketModule>('raw-socket', purpose));
}

/** Whether an error from an addon is a missing privilege (libpcap and socket(2) say it so). */
export function isPermissionError(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err);
  return /permission|not permitted|EPERM|EACCES/i.test(text);
}

export function privilegeError(what: string, err: unknown): Error {
  const text = String((err as Error)?.message ?? err);
  return chainsimError(
    'CHAINSIM_NATIVE',
    `${what}: not permitted (${text}); live mode needs root or the capabilities CAP_NET_RAW and CAP_NET_ADMIN (for example: sudo setcap cap_net_raw,cap_net_admin+ep "$(command -v node)")`,
  );
}

const CAP_NET_RAW = 13;

/**
 * Throws the privilege error unless the process holds CAP_NET_RAW (Linux: CapEff in
 * /proc/self/status). Checked before libpcap is asked: a cap handle whose open failed crashes
 * the process when it is garbage-collected (cap 0.2.1), so a refusal must come before one exists.
 */
export function requireNetRaw(what: string): void {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return; // not Linux: libpcap will say it
  }
  const eff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  if (eff === null) return;
  if ((BigInt(`0x${eff[1]}`) >> BigInt(CAP_NET_RAW)) & 1n) return;
  throw privilegeError(what, new Error('the process lacks CAP_NET_RAW'));
}
