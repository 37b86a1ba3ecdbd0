/**
 * Capture bytes built by hand, field by field from the format documents, so reader tests do not
 * lean on chainsim's own writers. BigInt is fine here: this is test code, not the hot path.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Order {
  le?: boolean;
}

function u16(v: number, le: boolean): Buffer {
  const b = Buffer.alloc(2);
  if (le) b.writeUInt16LE(v);
  else b.writeUInt16BE(v);
  return b;
}

function u32(v: number, le: boolean): Buffer {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(v >>> 0);
  else b.writeUInt32BE(v >>> 0);
  return b;
}

function u64(v: bigint, le: boolean): Buffer {
  const b = Buffer.alloc(8);
  if (le) b.writeBigUInt64LE(BigInt.asUintN(64, v));
  else b.writeBigUInt64BE(BigInt.asUintN(64, v));
  return b;
}

function pad(b: Buffer): Buffer {
  const extra = (4 - (b.length % 4)) % 4;
  return Buffer.concat([b, Buffer.alloc(extra)]);
}

// ---- classic pcap

export function pcapHeader(
  o: Order & { nano?: boolean; major?: number; minor?: number; snaplen?: number; linkType?: number } = {},
): Buffer {
  const le = o.le ?? true;
  return Buffer.concat([
    u32(o.nano ? 0xa1b23c4d : 0xa1b2c3d4, le),
    u16(o.major ?? 2, le),
    u16(o.minor ?? 4, le),
    u32(0, le),
    u32(0, le),
    u32(o.snaplen ?? 262144, le),
    u32(o.linkType ?? 1, le),
  ]);
}

export function pcapRecord(
  o: Order & { sec?: number; frac?: number; data: Buffer; caplen?: number; origlen?: number },
): Buffer {
  const le = o.le ?? true;
  return Buffer.concat([
    u32(o.sec ?? 0, le),
    u32(o.frac ?? 0, le),
    u32(o.caplen ?? o.data.length, le),
    u32(o.origlen ?? o.data.length, le),
    o.data,
  ]);
}

// ---- pcapng

export function option(code: number, value: Buffer | string, le = true): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([u16(code, le), u16(v.length, le), pad(v)]);
}

export function endOfOptions(): Buffer {
  return Buffer.alloc(4);
}

/** A block: type, total length, body, total length (`trailer` overrides the last one). */
export function block(type: number, body: Buffer, le = true, trailer?: number): Buffer {
  const len = 12 + body.length;
  return Buffer.concat([u32(type, le), u32(len, le), body, u32(trailer ?? len, le)]);
}

export function shb(o: Order & { major?: number; minor?: number; options?: Buffer[] } = {}): Buffer {
  const le = o.le ?? true;
  const body = Buffer.concat([
    u32(0x1a2b3c4d, le),
    u16(o.major ?? 1, le),
    u16(o.minor ?? 0, le),
    u64(-1n, le),
    ...(o.options ?? []),
  ]);
  return block(0x0a0d0d0a, body, le);
}

export function idb(
  o: Order & {
    linkType?: number;
    snaplen?: number;
    name?: string;
    tsresol?: number;
    tsoffset?: bigint;
    options?: Buffer[];
  } = {},
): Buffer {
  const le = o.le ?? true;
  const opts: Buffer[] = [];
  if (o.name !== undefined) opts.push(option(2, o.name, le));
  if (o.tsresol !== undefined) opts.push(option(9, Buffer.from([o.tsresol]), le));
  if (o.tsoffset !== undefined) opts.push(option(14, u64(o.tsoffset, le), le));
  opts.push(...(o.options ?? []));
  if (opts.length > 0) opts.push(endOfOptions());
  const body = Buffer.concat([u16(o.linkType ?? 1, le), u16(0, le), u32(o.snaplen ?? 0, le), ...opts]);
  return block(1, body, le);
}

export function epb(
  o: Order & {
    ifid?: number;
    ts?: bigint;
    data: Buffer;
    caplen?: number;
    origlen?: number;
    comments?: string[];
    options?: Buffer[];
  },
): Buffer {
  const le = o.le ?? true;
  const ts = o.ts ?? 0n;
  const opts: Buffer[] = (o.comments ?? []).map((c) => option(1, c, le));
  opts.push(...(o.options ?? []));
  if (opts.length > 0) opts.push(endOfOptions());
  const body = Buffer.concat([
    u32(o.ifid ?? 0, le),
    u32(Number(ts >> 32n), le),
    u32(Number(ts & 0xffffffffn), le),
    u32(o.caplen ?? o.data.length, le),
    u32(o.origlen ?? o.data.length, le),
    pad(o.data),
    ...opts,
  ]);
  return block(6, body, le);
}

export function opb(o: Order & { ifid?: number; ts?: bigint; data: Buffer; origlen?: number }): Buffer {
  const le = o.le ?? true;
  const ts = o.ts ?? 0n;
  const body = Buffer.concat([
    u16(o.ifid ?? 0, le),
    u16(0, le),
    u32(Number(ts >> 32n), le),
    u32(Number(ts & 0xffffffffn), le),
    u32(o.data.length, le),
    u32(o.origlen ?? o.data.length, le),
    pad(o.data),
  ]);
  return block(2, body, le);
}

/** A Simple Packet Block; `data` is what the block holds (may be shorter than origlen). */
export function spb(o: Order & { data: Buffer; origlen?: number }): Buffer {
  const le = o.le ?? true;
  return block(3, Buffer.concat([u32(o.origlen ?? o.data.length, le), pad(o.data)]), le);
}

// ---- files

let dir: string | null = null;
let seq = 0;

/** A fresh path under one temporary folder per test file run. */
export function tmpPath(name: string): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'chainsim-capture-'));
  seq++;
  return path.join(dir, `${seq}-${name}`);
}

export function writeTmp(name: string, ...parts: Buffer[]): string {
  const p = tmpPath(name);
  fs.writeFileSync(p, Buffer.concat(parts));
  return p;
}

export function removeTmp(): void {
  if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
}

/** A frame of n bytes whose content depends on `seed`, so mix-ups show. */
export function frame(n: number, seed = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + 1) & 0xff;
  return b;
}
