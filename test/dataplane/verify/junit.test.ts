// `--junit F.xml`: one testsuite per case, one testcase per check, a failure per failed check,
// skipped for a skipped case; everything escaped so that any message survives a parser.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { xmlEscape } from '../../../dataplane/verify/index.js';
import { casesDir, makeCase, tempRoot, verify } from './helpers.js';
import fc from 'fast-check';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface TestCase {
  '@_name': string;
  failure?: { '@_message': string; '#text'?: string };
  skipped?: unknown;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  '@_skipped': string;
  testcase: TestCase[];
}

function parse(file: string): Suite[] {
  const xml = readFileSync(file, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'testsuite' || name === 'testcase' });
  return (parser.parse(xml) as { testsuites: { testsuite: Suite[] } }).testsuites.testsuite;
}

describe('--junit', () => {
  it('writes one testsuite per case, one testcase per check, a failure per failed check and skipped ones', async () => {
    // The hand-made case sends 8 packets to the VM: check 0 holds, check 1 fails (2 keys wrong
    // in it still make one failed testcase), check 2 fails, check 3 holds.
    const failing = makeCase(
      root,
      'failing',
      `requires: { chainsim: ">=0.1.0", native: false }
replay: { captures: [traffic.pcap] }
checks:
  - summary: { hostedFirewall.packetsSent: 8 }
  - summary: { hostedFirewall.packetsSent: 7, hostedFirewall.packetsReceived: { lt: 8 } }
  - trace: { where: { dir: initiator }, count: 4 }
  - capture: { interface: WAN-1, packets: 5 }
`,
    );
    const skipped = makeCase(root, 'skipped', `replay: { captures: [absent.pcap] }\nchecks:\n  - summary: { accounting.balanced: true }\n  - capture: { interface: WAN-1, packets: 1 }\n`);
    const file = path.join(root, 'report.xml');
    // Under CI=true a missing capture fails instead of skipping (errors.test.ts checks that).
    const ci = process.env.CI;
    delete process.env.CI;
    const { code } = await verify([path.join(casesDir, 'usecase1-redirect-all'), failing, skipped], { junit: file }).finally(() => {
      if (ci !== undefined) process.env.CI = ci;
    });
    expect(code).toBe(1);
    const suites = parse(file);
    expect(suites.map((s) => s['@_name'])).toEqual(['usecase1-redirect-all', 'failing', 'skipped']);
    // usecase1-redirect-all's expect.yaml has 9 checks, all passing.
    expect(suites[0].testcase).toHaveLength(9);
    expect(suites[0].testcase.filter((t) => t.failure)).toHaveLength(0);
    expect([suites[1]['@_tests'], suites[1]['@_failures']]).toEqual(['4', '2']);
    expect(suites[1].testcase.map((t) => t.failure !== undefined)).toEqual([false, true, true, false]);
    expect(suites[1].testcase[1].failure?.['@_message']).toBe('hostedFirewall.packetsSent: expected 7, got 8');
    expect(suites[1].testcase[1].failure?.['#text']).toContain('hostedFirewall.packetsReceived: expected < 8, got 8');
    expect(suites[1].testcase[2].failure?.['@_message']).toContain('count expected 4, got 5');
    expect(suites[2]['@_skipped']).toBe('2');
    expect(suites[2].testcase).toHaveLength(2);
    for (const t of suites[2].testcase) expect(t.skipped).toBeDefined();
  });

  it('escapes what a message carries (a summary string compared with markup)', async () => {
    const dir = makeCase(root, 'escape', `replay: { captures: [traffic.pcap] }\nchecks:\n  - summary: { hostedFirewall.name: "<a href='x'>&\\"</a>" }\n`);
    const file = path.join(root, 'escape.xml');
    const { code } = await verify([dir], { junit: file });
    expect(code).toBe(1);
    const [suite] = parse(file);
    const message = suite.testcase[0].failure?.['@_message'] ?? '';
    expect(message.startsWith(`hostedFirewall.name: expected <a href='x'>&"</a>, got `)).toBe(true);
  });

  it('xmlEscape leaves no markup character and drops characters XML cannot carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = xmlEscape(s);
        expect(e).not.toMatch(/[<>"']|&(?!(amp|lt|gt|quot|apos);)/);
        expect(e).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
        expect(XMLValidator.validate(`<a b="${e}">${e}</a>`)).toBe(true);
      }),
    );
  });
});
