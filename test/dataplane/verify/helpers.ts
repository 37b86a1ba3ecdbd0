/** Temporary verify cases for the verify tests: a folder with the default config, a small capture and an expect.yaml. */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runVerify, type VerifyOptions } from '../../../dataplane/verify/index.js';
import { tcpConnection, writeCapture } from '../../support/captures.js';
import { repoRoot } from '../../support/env.js';

export const casesDir = path.join(repoRoot, 'fixtures/cases');
/** Every case folder shipped in fixtures/cases (a folder with an expect.yaml): new cases are
 * covered by the case and mutation tests without being listed here. */
export const SHIPPED = readdirSync(casesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(casesDir, d.name, 'expect.yaml')))
  .map((d) => d.name)
  .sort();

export function tempRoot(): string {
  return mkdtempSync(path.join(tmpdir(), 'chainsim-verify-test-'));
}

/**
 * A case in `root/name`: the default config and one LAN-initiated HTTPS connection (8 packets,
 * all redirected and forwarded: hostedFirewall.packetsSent 8) in traffic.pcap.
 */
export function makeCase(root: string, name: string, expect: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(repoRoot, 'fixtures/configs/default.yaml'), path.join(dir, 'config.yaml'));
  writeCapture(path.join(dir, 'traffic.pcap'), tcpConnection('172.16.10.5', 51000, '52.96.1.1', 443, 0));
  writeFileSync(path.join(dir, 'expect.yaml'), expect);
  return dir;
}

/** A copy of a shipped case (its `$SHARED` captures still resolve: they do not depend on the folder). */
export function copyCase(root: string, name: string): string {
  const dir = path.join(root, name);
  cpSync(path.join(casesDir, name), dir, { recursive: true });
  return dir;
}

export async function verify(dirs: string[], opts: VerifyOptions = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runVerify(dirs, { ...opts, out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

