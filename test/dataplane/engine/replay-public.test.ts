// Every public capture replays through the default config without a crash, balanced; the output
// captures open in Wireshark's capinfos with the counts the summary gives; and the same inputs give
// byte-identical trace, output captures and summary (run timings aside).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replay } from '../../../dataplane/engine/index.js';
import { loadDefaultConfig } from '../../../policy/index.js';
import { lacking, publicCaptures, repoRoot } from '../../support/env.js';

const missing = lacking(['capinfos'], { shared: true });
const BROKEN = new Set(['libpcap-bad-invalid-version-1.pcap', 'libpcap-bad-shb-option-too-long.pcapng']);
const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-public-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = missing.length > 0 ? [] : readdirSync(publicCaptures).filter((f) => /\.pcap(ng)?$/.test(f) && !BROKEN.has(f));

/** Packet counts of several captures as Wireshark's capinfos reads them (one process for all). */
function capinfosCounts(files: string[]): number[] {
  const res = spawnSync('capinfos', ['-T', '-r', '-c', '-M', ...files], { encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  const byFile = new Map(res.stdout.trim().split('\n').map((l) => l.split('\t')).map(([f, n]) => [f, Number(n)]));
  return files.map((f) => byFile.get(f)!);
}

describe.skipIf(missing.length > 0)('replay of the public captures', () => {
  it.each(files)('%s: balanced, outputs readable with the summary counts', async (name) => {
    const out = path.join(dir, name);
    const { summary } = await replay({
      config: loadDefaultConfig(),
      inputs: [{ file: path.join(publicCaptures, name), bind: null }],
      outDir: out,
      trace: path.join(out, 'trace.jsonl'),
    });
    expect(summary.accounting.balanced).toBe(true);
    expect(summary.accounting.queued).toBe(0);
    const lines = readFileSync(path.join(out, 'trace.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(summary.input.packets);
    const ifaces = Object.keys(summary.interfaces);
    const names = [...ifaces.map((i) => `${i}.pcapng`), 'dropped.pcapng', 'fw-if1.pcapng', 'fw-if2.pcapng'];
    const counts = capinfosCounts(names.map((n) => path.join(out, n)));
    ifaces.forEach((iface, k) => expect(counts[k], iface).toBe(summary.interfaces[iface].txPackets));
    expect(counts[ifaces.length]).toBe(summary.accounting.dropped);
    // Each packet sent to the VM crosses one link in; each one received crosses the other out.
    expect(counts[ifaces.length + 1] + counts[ifaces.length + 2]).toBe(summary.hostedFirewall.packetsSent + summary.hostedFirewall.packetsReceived);
  });
});

describe('replay is deterministic', () => {
  it('gives byte-identical trace, captures and summary (run aside) for the same inputs', async () => {
    const capture = path.join(repoRoot, 'fixtures/pcap/branch-mix.pcap');
    const runOnce = async (tag: string) => {
      const out = path.join(dir, `det-${tag}`);
      const { summary } = await replay({ config: loadDefaultConfig(), inputs: [{ file: capture, bind: null }], outDir: out, trace: path.join(out, 'trace.jsonl') });
      const { run: _run, ...rest } = summary;
      const files = readdirSync(out).sort();
      return { summary: JSON.stringify(rest), files, bytes: files.map((f) => readFileSync(path.join(out, f))) };
    };
    const a = await runOnce('a');
    const b = await runOnce('b');
    expect(a.summary).toBe(b.summary);
    expect(a.files).toEqual(['LAN-1.pcapng', 'WAN-1.pcapng', 'dropped.pcapng', 'fw-if1.pcapng', 'fw-if2.pcapng', 'redirect-rate.svg', 'trace.jsonl']);
    a.bytes.forEach((buf, i) => expect(buf.equals(b.bytes[i]), a.files[i]).toBe(true));
  });
});
