// `chainsim lint`: findings located in the file the user wrote, exit 0 / 1 / 2, exactly one JSON
// document with --json (config errors included), vwire's cross-rulebase finding beside
// policy/'s without a duplicate. The action is tested in-process; the command as users run it
// is spawned (it needs the build: `npm test` builds first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_PATH, isChainsimError } from '../../policy/index.js';
import { runLint, type LintDocument, type LintFlags } from '../../dataplane/cli/commands/lint.js';
import { chainsimBin, repoRoot } from '../support/env.js';
import { firewallSection, yamlWith } from '../policy/analysis/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function lint(flags: LintFlags) {
  let stdout = '';
  let stderr = '';
  const code = runLint(flags, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr };
}

/** Line and column (1-based) of the first `{` on the line that holds `needle`. */
function placeOf(text: string, needle: string): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  return `${i + 1}:${lines[i]!.indexOf('{') + 1}`;
}

// Site policies: `ten` is covered by `low` and `high` together.
const SHADOWED_TEXT = yamlWith({
  firewall: firewallSection({
    pre: [
      '{ name: redirect-outbound, type: hosted-firewall, hostedFirewall: PAN-Branch, serviceRedirectInterface: LAN-side, match: { fromZone: Default_LAN_Zone } }',
    ],
    site: [
      '{ name: low, action: drop, match: { dst: 10.0.0.0/9 } }',
      '{ name: high, action: drop, match: { dst: 10.128.0.0/9 } }',
      '{ name: ten, action: allow, match: { dst: 10.0.0.0/8 } }',
    ],
  }),
});
const SHADOWED = writeConfig('shadowed.yaml', SHADOWED_TEXT);
const TEN_MESSAGE =
  'rule "ten" (site) can never match: blocked by "low" (site) and "high" (site) together, which match every packet it would; delete it or move it above them';

// The firewall has VLAN 100 on Interface-1 only: the redirect rule's frames have nowhere to go.
const ONE_SIDED_TEXT = yamlWith({
  vwire: 'vwire:\n  subinterfaces:\n    - { interface: 1, vlan: 100, zone: trust }\n  rules: []',
});
const ONE_SIDED = writeConfig('one-sided.yaml', ONE_SIDED_TEXT);

// Both sub-interfaces, but the firewall denies everything from trust to untrust.
const DENIED = writeConfig(
  'denied.yaml',
  yamlWith({
    vwire: `vwire:
  subinterfaces:
    - { interface: 1, vlan: 100, zone: trust }
    - { interface: 2, vlan: 100, zone: untrust }
  rules:
    - { name: deny-out, from: trust, to: untrust, action: deny }
    - { name: allow-in, from: untrust, to: trust, action: allow }`,
  }),
);

const BROKEN = writeConfig('broken.yaml', 'version: 1\nappliance: { name: B }\nfrobnicate: true\n');

describe('lint (the action)', () => {
  it('finds nothing in the embedded default config: exit 0', () => {
    const r = lint({});
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${DEFAULT_CONFIG_PATH}: no findings\n`);
  });

  it('prints file:line:col: severity: message [code] and a count, exit 1', () => {
    const r = lint({ config: SHADOWED });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${SHADOWED}:${placeOf(SHADOWED_TEXT, 'name: ten,')}: warning: ${TEN_MESSAGE} [unreachable-rule]\n1 finding (0 errors, 1 warning)\n`);
  });

  it('--json: one document with located findings and no errors', () => {
    const r = lint({ config: SHADOWED, json: true });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as LintDocument;
    const [line, column] = placeOf(SHADOWED_TEXT, 'name: ten,').split(':').map(Number);
    expect(doc).toEqual({
      file: SHADOWED,
      findings: [
        {
          code: 'unreachable-rule',
          severity: 'warning',
          rule: { group: 'site', template: null, name: 'ten' },
          message: TEN_MESSAGE,
          path: 'firewall.policies[2]',
          location: { file: SHADOWED, line, column },
          blockedBy: [
            { group: 'site', template: null, name: 'low' },
            { group: 'site', template: null, name: 'high' },
          ],
        },
      ],
      errors: [],
    });
  });

  it('reports a VLAN without its sub-interface once per rule, under redirect-vlan-no-subinterface', () => {
    const doc = JSON.parse(lint({ config: ONE_SIDED, json: true }).stdout) as LintDocument;
    expect(doc.findings.map((f) => [f.code, f.severity, f.rule?.name, f.location?.line])).toEqual([
      ['redirect-vlan-no-subinterface', 'error', 'redirect-outbound', Number(placeOf(ONE_SIDED_TEXT, 'name: redirect-outbound').split(':')[0])],
      ['redirect-vlan-no-subinterface', 'error', 'redirect-inbound', Number(placeOf(ONE_SIDED_TEXT, 'name: redirect-inbound').split(':')[0])],
    ]);
  });

  it("includes the firewall's verdict on redirected traffic (vwire's finding)", () => {
    const r = lint({ config: DENIED });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: warning: redirect rule "redirect-outbound" .* denies all of it \[redirect-denied-by-firewall\]\n1 finding \(0 errors, 1 warning\)\n$/);
  });

  it('--json with an invalid config: the one document lists the errors, exit 2', () => {
    const r = lint({ config: BROKEN, json: true });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as LintDocument;
    expect(doc.file).toBe(BROKEN);
    expect(doc.findings).toEqual([]);
    expect(doc.errors).toContainEqual(expect.stringMatching(/^.*broken\.yaml:3:1: frobnicate: unknown key/));
    expect(r.stderr).toContain('broken.yaml');
  });

  it('without --json, a config error is thrown for the command to report (exit 2)', () => {
    let thrown: unknown;
    try {
      lint({ config: BROKEN });
    } catch (err) {
      thrown = err;
    }
    expect(isChainsimError(thrown) && thrown.code).toBe('CHAINSIM_CONFIG');
  });
});

function chainsim(...args: string[]) {
  const res = spawnSync(process.execPath, [chainsimBin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('chainsim lint (the command)', () => {
  it('exits 0 on the embedded default config', () => {
    const r = chainsim('lint');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/default\.yaml: no findings\n$/);
  });

  it('reports the redirect rules of the shipped directional config, exit 1', () => {
    const r = chainsim('lint', '--config', 'fixtures/configs/directional.yaml');
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^fixtures\/configs\/directional\.yaml:\d+:\d+: warning: rule "redirect-outbound" .*\[redirect-directional\]$/);
    expect(lines[1]).toMatch(/^fixtures\/configs\/directional\.yaml:\d+:\d+: warning: rule "redirect-inbound" .*\[redirect-directional\]$/);
    expect(lines[2]).toBe('2 findings (0 errors, 2 warnings)');
  });

  it('--json prints exactly one document, also for a broken config (exit 2, no stack trace)', () => {
    const ok = chainsim('lint', '--json', '--config', SHADOWED);
    expect(ok.code).toBe(1);
    expect((JSON.parse(ok.stdout) as LintDocument).findings.map((f) => f.code)).toEqual(['unreachable-rule']);
    const bad = chainsim('lint', '--json', '--config', BROKEN);
    expect(bad.code).toBe(2);
    expect((JSON.parse(bad.stdout) as LintDocument).errors.length).toBeGreaterThan(0);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with the located errors on stderr for a broken config', () => {
    const r = chainsim('lint', '--config', BROKEN);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/broken\.yaml:3:1: frobnicate: unknown key/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
