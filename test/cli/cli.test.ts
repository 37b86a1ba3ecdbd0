// The command as users run it: exit codes (SPEC.md), one JSON document with --json, clear
// errors without stack traces, and a truncated capture read up to its last whole record.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainsimBin, lacking, publicCaptures, repoRoot } from '../support/env.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chainsim(...args: string[]) {
  const res = spawnSync(process.execPath, [chainsimBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

function expectNoStack(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('chainsim command', () => {
  it('runs the README quick start: replay of the branch mix exits 0', () => {
    const r = chainsim('replay', 'fixtures/pcap/branch-mix.pcap');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Actual: 1000 packets \(\d+ bytes\) sent in /m);
    expect(r.stdout).toContain('balanced');
  });

  it('exits 2 on a usage error: unknown command, unknown profile, missing option', () => {
    for (const args of [['frobnicate'], ['gen', '--profile', 'nope', '-o', path.join(dir, 'x.pcap')], ['gen', '--profile', 'imix']]) {
      const r = chainsim(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^chainsim: /m);
      expectNoStack(r.stderr);
    }
  });

  it('refuses a live --duration past what a timer can hold (2^31 - 1 ms), before opening a device', () => {
    // A longer timeout would fire at once in Node and end the run immediately.
    const r = chainsim('live', '--port', 'LAN-1=lo', '--fw', 'stub', '--duration', '2147484');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration "2147484" is longer than 2147483 s/);
    expect(r.stderr).not.toMatch(/ready/);
    expectNoStack(r.stderr);
  });

  it('exits 3 on an unreadable capture and names the file', () => {
    const bad = path.join(dir, 'not-a-capture.pcap');
    writeFileSync(bad, 'this is not a capture file at all, just text');
    const r = chainsim('inspect', bad);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(bad);
    expectNoStack(r.stderr);
  });

  it('reads a capture cut mid-record up to its last whole record, warns with the byte offset, exits 0', () => {
    const whole = path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap');
    const cut = path.join(dir, 'cut.pcap');
    const size = statSync(whole).size;
    writeFileSync(cut, readFileSync(whole).subarray(0, size - 10)); // inside the last record
    const r = chainsim('inspect', '--json', cut);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.packets).toBe(999);
    expect(doc.truncated).not.toBeNull();
    expect(doc.truncated.offset).toBeGreaterThan(0);
    expect(doc.truncated.offset).toBeLessThan(size);
    expect(r.stderr).toContain(String(doc.truncated.offset));
  });

  it('prints exactly one JSON document for several captures with --json', () => {
    const whole = path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap');
    const copy = path.join(dir, 'copy.pcap');
    copyFileSync(whole, copy);
    const r = chainsim('inspect', '--json', whole, copy);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Array.isArray(doc)).toBe(true);
    expect(doc.map((d: { packets: number }) => d.packets)).toEqual([1000, 1000]);
  });

  it('replay --json prints exactly one document; --strict makes a truncated capture exit 3', () => {
    const whole = path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap');
    const json = chainsim('replay', '--json', whole);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.accounting).toMatchObject({ in: 1000, balanced: true });
    expect(doc.input.truncated).toBe(false);
    const cut = path.join(dir, 'cut-replay.pcap');
    writeFileSync(cut, readFileSync(whole).subarray(0, statSync(whole).size - 10));
    const lenient = chainsim('replay', '--json', cut);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.stdout).input).toMatchObject({ packets: 999, truncated: true });
    expect(lenient.stderr).toMatch(/warning: .*truncated at byte \d+/);
    expect(chainsim('replay', '--strict', cut).code).toBe(3);
  });

  it('replay binds a capture with --in and refuses an unknown interface or a bad config (exit 2)', () => {
    const whole = path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap');
    const bound = JSON.parse(chainsim('replay', '--json', '--in', `WAN-1=${whole}`).stdout);
    expect(bound.interfaces['WAN-1'].rxPackets).toBe(1000);
    const unknown = chainsim('replay', '--in', `DMZ-9=${whole}`);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('DMZ-9');
    const badConfig = path.join(dir, 'bad.yaml');
    writeFileSync(badConfig, 'version: 1\nappliance: { name: x, managmentIp: 1.2.3.4 }\n');
    const bad = chainsim('replay', '--config', badConfig, whole);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${badConfig}:2:`);
    expectNoStack(bad.stderr);
  });

  it('gen writes the packets it is asked for', () => {
    const out = path.join(dir, 'gen.pcap');
    const r = chainsim('gen', '--profile', 'imix', '--packets', '300', '--seed', '4', '-o', out);
    expect(r.code).toBe(0);
    const doc = JSON.parse(chainsim('inspect', '--json', out).stdout);
    expect(doc.packets).toBe(300);
  });
});

const missing = lacking([], { shared: true });

describe.skipIf(missing.length > 0)('chainsim command on the broken public captures', () => {
  it.each(['libpcap-bad-invalid-version-1.pcap', 'libpcap-bad-shb-option-too-long.pcapng'])('%s exits 3 with a clear error', (name) => {
    const r = chainsim('inspect', path.join(publicCaptures, name));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(name);
    expectNoStack(r.stderr);
  });
});
