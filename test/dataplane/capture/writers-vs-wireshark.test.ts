/**
 * Files chainsim writes, read by Wireshark: tshark sees the same frames (time, lengths,
 * interface, comment) and capinfos the same count, data size and time span as were written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapWriter, PcapngWriter } from '../../../dataplane/capture/index.js';
import { removeTmp, tmpPath } from './build.js';
import {  } from './collect.js';
import { lacking } from '../../support/env.js';
import { capinfos, pool, tsharkFrames, type CapinfosRow, type TsharkFrame } from './wireshark.js';

// Skips with the missing names; under CI=true a missing need fails (test/support/env.ts).
const lack = lacking(['tshark', 'capinfos']);


afterAll(removeTmp);

/** mulberry32: the same pseudo-random traffic every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Comments tshark prints verbatim: no tabs, newlines or backslashes. */
const WORDS = ['fw-deny', 'rate-ceiling', 'vm-down', 'no-ingress', 'malformed', 'drop: ünïcode ✓', 'x'];

interface Expect {
  time: string;
  len: number;
  capLen: number;
  interfaceId: string;
  comment: string;
}

interface Case {
  name: string;
  file: string;
  frames: Expect[];
}

/** capinfos prints 6 or 9 decimals, as the packet's precision goes: make it 9. */
function nanoDigits(t: string): string {
  const [s, f = ''] = t.split('.');
  return `${s}.${f.padEnd(9, '0')}`;
}

function epoch(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

function pcapCase(name: string, byteOrder: 'little' | 'big', resolution: 'us' | 'ns', snaplen: number, seed: number): Case {
  const r = rng(seed);
  const file = tmpPath(name);
  const w = new PcapWriter(file, { linkType: 1, snaplen, resolution, byteOrder, bufferSize: 4096 });
  const frames: Expect[] = [];
  const buf = Buffer.alloc(1600);
  let sec = 1_600_000_000 + Math.floor(r() * 1e8);
  for (let i = 0; i < 200; i++) {
    const len = 14 + Math.floor(r() * 1500);
    for (let j = 0; j < len; j++) buf[j] = Math.floor(r() * 256);
    sec += Math.floor(r() * 3);
    const nsec = Math.floor(r() * 1e9);
    const origlen = len + (r() < 0.2 ? Math.floor(r() * 100) : 0);
    w.write(buf, 0, len, origlen, sec, nsec);
    const kept = resolution === 'ns' ? nsec : Math.floor(nsec / 1000) * 1000;
    frames.push({ time: epoch(sec, kept), len: origlen, capLen: Math.min(len, snaplen), interfaceId: '', comment: '' });
  }
  w.close();
  return { name, file, frames };
}

function pcapngCase(name: string, byteOrder: 'little' | 'big', seed: number): Case {
  const r = rng(seed);
  const file = tmpPath(name);
  const w = new PcapngWriter(file, { byteOrder, application: 'chainsim test', bufferSize: 4096 });
  const ifaces = [
    { linkType: 1, name: 'LAN-1', tsresol: 6 as const, snaplen: 262144 },
    { linkType: 101, name: 'fw-if1', tsresol: 9 as const, snaplen: 96 },
    { linkType: 228, tsresol: 9 as const, snaplen: 0 },
  ];
  ifaces.forEach((i) => w.addInterface(i));
  const frames: Expect[] = [];
  const buf = Buffer.alloc(1600);
  let sec = 1_700_000_000;
  for (let i = 0; i < 300; i++) {
    const id = Math.floor(r() * ifaces.length);
    const len = 20 + Math.floor(r() * 1400);
    for (let j = 0; j < len; j++) buf[j] = Math.floor(r() * 256);
    sec += Math.floor(r() * 2);
    const nsec = Math.floor(r() * 1e9);
    const comment = r() < 0.4 ? WORDS[Math.floor(r() * WORDS.length)] : null;
    w.write(id, buf, 0, len, len, sec, nsec, comment);
    const iface = ifaces[id];
    const kept = iface.tsresol === 9 ? nsec : Math.floor(nsec / 1000) * 1000;
    const capLen = iface.snaplen === 0 ? len : Math.min(len, iface.snaplen);
    frames.push({ time: epoch(sec, kept), len, capLen, interfaceId: String(id), comment: comment ?? '' });
  }
  w.close();
  return { name, file, frames };
}

describe.skipIf(lack.length > 0)(
  `written files read by Wireshark${lack.length > 0 ? ` (skipped: missing ${lack.join(', ')})` : ''}`,
  () => {
    const cases: Case[] = [];
    let infos: Map<string, CapinfosRow>;
    const seen = new Map<string, TsharkFrame[]>();

    beforeAll(async () => {
      cases.push(
        pcapCase('le-us.pcap', 'little', 'us', 262144, 1),
        pcapCase('be-ns.pcap', 'big', 'ns', 128, 2),
        pcapngCase('le.pcapng', 'little', 3),
        pcapngCase('be.pcapng', 'big', 4),
      );
      infos = await capinfos(cases.map((c) => c.file));
      const frames = await pool(cases, 2, (c) => tsharkFrames(c.file));
      cases.forEach((c, i) => seen.set(c.name, frames[i]));
    }, 120_000);

    it('tshark reads every frame as written', () => {
      for (const c of cases) {
        const theirs = seen.get(c.name) ?? [];
        expect(theirs.length, c.name).toBe(c.frames.length);
        c.frames.forEach((want, i) => expect(theirs[i], `${c.name} frame ${i + 1}`).toEqual(want));
      }
    });

    it('capinfos counts the packets, their original bytes and the time span', () => {
      for (const c of cases) {
        const info = infos.get(c.file);
        expect(info, c.name).toBeDefined();
        // Ten-digit seconds and nine decimals everywhere: text order is time order.
        const times = c.frames.map((f) => f.time).sort();
        expect(info?.packets, c.name).toBe(c.frames.length);
        expect(info?.dataSize, c.name).toBe(c.frames.reduce((s, f) => s + f.len, 0));
        expect(nanoDigits(info?.earliest ?? ''), c.name).toBe(times[0]);
        expect(nanoDigits(info?.latest ?? ''), c.name).toBe(times[times.length - 1]);
      }
    });
  },
);
