// What is not a passing check: a malformed expect.yaml (exit 2, file:line:col), a key the
// outputs lack (fails, named), a missing capture (skipped; failed under CI=true), a newer
// chainsim or native addons required (skipped), a config that does not load (the case fails).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseExpect } from '../../../dataplane/verify/index.js';
import { repoRoot } from '../../support/env.js';
import { makeCase, tempRoot, verify } from './helpers.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const savedCI = process.env.CI;
afterEach(() => {
  if (savedCI === undefined) delete process.env.CI;
  else process.env.CI = savedCI;
});

const REPLAY = 'replay: { captures: [traffic.pcap] }\n';

describe('a malformed expect.yaml', () => {
  const cases: [string, string, string][] = [
    ['a YAML syntax error', `${REPLAY}checks:\n  - summary: { a: [1 }\n`, ':3:'],
    ['an unknown check kind', `${REPLAY}checks:\n  - summry: { a: 1 }\n`, ':3:5: checks[0]: unknown check "summry"'],
    ['two operators in one object', `${REPLAY}checks:\n  - summary: { a: { gt: 1, lt: 3 } }\n`, ':3:19: checks[0].summary.a: an operator object holds exactly one'],
    ['an operator on a string', `${REPLAY}checks:\n  - summary: { a: { gt: x } }\n`, ':3:25: checks[0].summary.a: gt needs a number'],
    ['a trace check asserting nothing', `${REPLAY}checks:\n  - trace: { where: { dir: initiator } }\n`, ':3:12: checks[0].trace asserts nothing'],
    ['an unknown top-level key', `${REPLAY}check: []\n`, ':2:1: unknown key "check"'],
    ['no replay', `checks: []\n`, ':1:1: missing "replay'],
    ['a replay argument verify does not take', `replay: { captures: [traffic.pcap], args: [--speed, "2"] }\nchecks: []\n`, ':1:44: replay.args: only "--in IFACE=CAPTURE"'],
  ];
  for (const [what, text, message] of cases) {
    it(`${what}: exit 2 naming file:line:col, before any case runs`, async () => {
      const good = makeCase(root, `good-${what.replace(/\W+/g, '-')}`, `${REPLAY}checks:\n  - summary: { accounting.balanced: true }\n`);
      const dir = makeCase(root, `bad-${what.replace(/\W+/g, '-')}`, text);
      const { code, out, err } = await verify([good, dir]);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain(`${path.join(dir, 'expect.yaml')}${message}`);
    });
  }

  it('parses the SPEC example', () => {
    const e = parseExpect(
      `requires: { chainsim: ">=0.1.0", native: false }
replay: { captures: [traffic.pcap], args: [] }
checks:
  - summary: { hostedFirewall.packetsDropped: 0, accounting.balanced: true,
               hostedFirewall.packetsSent: { gte: 10 } }
  - trace: { where: { dst: "52.96.1.1:443" }, count: 12, all: { action: allow, redirect: null } }
  - trace: { where: { dir: responder }, any: { redirect.interface: 2 } }
  - trace: { where: { reason: fw-deny }, none: {} , count: { lte: 0 } }
  - capture: { interface: WAN-1, packets: 20 }
`,
      'expect.yaml',
    );
    expect(e.chainsim).toBe('>=0.1.0');
    expect(e.checks.map((c) => c.kind)).toEqual(['summary', 'trace', 'trace', 'trace', 'capture']);
    expect(e.checks[0]).toEqual({
      kind: 'summary',
      entries: [
        { key: 'hostedFirewall.packetsDropped', expected: { op: 'eq', value: 0 } },
        { key: 'accounting.balanced', expected: { op: 'eq', value: true } },
        { key: 'hostedFirewall.packetsSent', expected: { op: 'gte', value: 10 } },
      ],
    });
    expect(e.checks[3]).toMatchObject({ none: {}, count: { op: 'lte', value: 0 } });
  });
});

describe('keys the outputs lack fail, naming the key', () => {
  it('in the summary, the trace (where, all) and the output captures', async () => {
    const dir = makeCase(
      root,
      'lacking',
      `${REPLAY}checks:
  - summary: { hostedFirewall.packetsSent: 8, hostedFirewall.nope: 0 }
  - trace: { where: { direction: initiator }, count: 5 }
  - trace: { where: { dir: initiator }, all: { redirect.iface: 1 } }
  - capture: { interface: WAN-9, packets: 0 }
`,
    );
    const { code, out } = await verify([dir]);
    expect(code).toBe(1);
    expect(out).toContain('lacking: hostedFirewall.nope: the summary has no such key');
    expect(out).not.toContain('hostedFirewall.packetsSent:');
    expect(out).toContain('the trace has no key direction');
    expect(out).toContain('the trace has no key redirect.iface');
    expect(out).toContain('capture WAN-9: no WAN-9.pcapng among the outputs');
    expect(out).toContain('FAIL lacking\n');
    expect(out.endsWith('0 passed, 1 failed, 0 skipped\n')).toBe(true);
  });
});

describe('skips', () => {
  it('a missing capture skips the case, naming it', async () => {
    delete process.env.CI;
    const dir = makeCase(root, 'absent', `replay: { captures: [nowhere.pcap] }\nchecks:\n  - summary: { accounting.balanced: true }\n`);
    const { code, out } = await verify([dir]);
    expect(out).toContain(`SKIP absent (missing capture ${path.join(dir, 'nowhere.pcap')})`);
    expect(out.endsWith('0 passed, 0 failed, 1 skipped\n')).toBe(true);
    expect(code).toBe(0);
  });

  it('under CI=true a missing capture fails', async () => {
    process.env.CI = 'true';
    const dir = makeCase(root, 'absent-ci', `replay: { captures: ["$SHARED/captures/none-such.pcap"] }\nchecks:\n  - summary: { accounting.balanced: true }\n`);
    const { code, out } = await verify([dir]);
    expect(out).toContain(`absent-ci: missing capture ${path.resolve(repoRoot, '../shared/captures/none-such.pcap')} (CI=true)`);
    expect(out).toContain('FAIL absent-ci\n');
    expect(out.endsWith('0 passed, 1 failed, 0 skipped\n')).toBe(true);
    expect(code).toBe(1);
  });

  it('a newer chainsim or native addons skip the case', async () => {
    const newer = makeCase(root, 'newer', `requires: { chainsim: ">=99.0.0" }\n${REPLAY}checks:\n  - summary: { accounting.balanced: true }\n`);
    const native = makeCase(root, 'native', `requires: { native: true }\n${REPLAY}checks:\n  - summary: { accounting.balanced: true }\n`);
    const older = makeCase(root, 'older', `requires: { chainsim: "<0.0.1" }\n${REPLAY}checks:\n  - summary: { accounting.balanced: true }\n`);
    const { code, out } = await verify([newer, native, older]);
    expect(out).toContain('SKIP newer (needs chainsim >=99.0.0');
    expect(out).toContain('SKIP native (needs the native addons');
    expect(out).toContain('SKIP older (needs chainsim <0.0.1');
    expect(out.endsWith('0 passed, 0 failed, 3 skipped\n')).toBe(true);
    expect(code).toBe(0);
  });
});

it('a config that does not load fails its case (and the others still run)', async () => {
  const bad = makeCase(root, 'bad-config', `${REPLAY}checks:\n  - summary: { accounting.balanced: true }\n`);
  writeFileSync(path.join(bad, 'config.yaml'), 'version: 2\n');
  const good = makeCase(root, 'fine', `${REPLAY}checks:\n  - summary: { accounting.in: 8 }\n`);
  const { code, out } = await verify([bad, good]);
  expect(out).toContain('FAIL bad-config\n');
  expect(out).toContain('PASS fine\n');
  expect(out.endsWith('1 passed, 1 failed, 0 skipped\n')).toBe(true);
  expect(code).toBe(1);
});

it('--in bindings from replay.args bind the capture to an interface', async () => {
  // Bound to WAN-1, the client's packets arrive from the internet: redirect-inbound, Interface-2;
  // untrust→trust to a non-LAN address is interzone-denied (the SYN), the rest find no session.
  const dir = makeCase(
    root,
    'bound',
    `replay: { captures: [], args: [--in, WAN-1=traffic.pcap] }\nchecks:\n  - trace: { where: { dir: initiator }, count: 5, all: { in: WAN-1, redirect.interface: 2, verdict: dropped, reason: { ne: null } } }\n`,
  );
  const { code, out } = await verify([dir]);
  expect(out).toContain('PASS bound');
  expect(code).toBe(0);
});
