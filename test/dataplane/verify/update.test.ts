// `--update` (btest's way): failed literals are rewritten from this run, operator objects whose
// bound still holds are kept, the diff is printed first, and the case then passes.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { copyCase, makeCase, tempRoot, verify } from './helpers.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--update', () => {
  it('rewrites the failed literals and failing bounds, keeps the bounds that hold and the comments', async () => {
    // The hand-made case: 8 packets, all sent to the VM and let through; 5 from the initiator.
    const dir = makeCase(
      root,
      'stale',
      `# a comment that must survive
replay: { captures: [traffic.pcap] }
checks:
  - summary: { hostedFirewall.packetsSent: 10, hostedFirewall.packetsReceived: { gte: 1 },
               accounting.forwarded: { lt: 3 }, accounting.balanced: true }
  - trace: { where: { dir: initiator }, count: 2, all: { action: redirect } }
  - trace: { where: { dir: responder }, count: { gte: 1 } }
  - capture: { interface: WAN-1, packets: 0 }
`,
    );
    const first = await verify([dir], { update: true });
    expect(first.out).toContain('hostedFirewall.packetsSent: expected 10, got 8');
    expect(first.out).toContain('accounting.forwarded: expected < 3, got 8');
    expect(first.out).toContain('count expected 2, got 5');
    expect(first.out).toContain('updated 4 expectation(s)');
    expect(first.out).toContain('PASS stale\n');
    expect(first.code).toBe(0);

    const text = readFileSync(path.join(dir, 'expect.yaml'), 'utf8');
    expect(text.startsWith('# a comment that must survive\n')).toBe(true);
    const doc = parse(text) as { checks: Record<string, Record<string, unknown>>[] };
    expect(doc.checks[0].summary).toEqual({
      'hostedFirewall.packetsSent': 8,
      'hostedFirewall.packetsReceived': { gte: 1 },
      'accounting.forwarded': 8,
      'accounting.balanced': true,
    });
    expect(doc.checks[1].trace).toEqual({ where: { dir: 'initiator' }, count: 5, all: { action: 'redirect' } });
    expect(doc.checks[2].trace.count).toEqual({ gte: 1 });
    expect(doc.checks[3].capture).toEqual({ interface: 'WAN-1', packets: 5 });

    const again = await verify([dir]);
    expect(again.out).toBe('PASS stale\n1 passed, 0 failed, 0 skipped\n');
    expect(again.code).toBe(0);
  });

  it('cannot invent a key the summary lacks: the case stays failed', async () => {
    const dir = makeCase(root, 'typo', `replay: { captures: [traffic.pcap] }\nchecks:\n  - summary: { hostedFirewall.packetSent: 8 }\n`);
    const { code, out } = await verify([dir], { update: true });
    expect(out).toContain('hostedFirewall.packetSent: the summary has no such key');
    expect(out).toContain('FAIL typo');
    expect(code).toBe(1);
  });

  it('leaves a passing shipped case untouched', async () => {
    const dir = copyCase(root, 'vm-down');
    const before = readFileSync(path.join(dir, 'expect.yaml'), 'utf8');
    const { code } = await verify([dir], { update: true });
    expect(code).toBe(0);
    expect(readFileSync(path.join(dir, 'expect.yaml'), 'utf8')).toBe(before);
  });
});
