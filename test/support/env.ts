/**
 * What a suite needs from the machine, decided once: the repository root, `../shared` beside
 * it, and outside tools. A suite whose needs are missing skips with a message naming them —
 * except under CI=true, where a missing need fails the run, so CI can never go green by skipping.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const publicCaptures = path.join(sharedDir, 'captures/public');
export const isCI = process.env.CI === 'true';

const toolCache = new Map<string, boolean>();

export function hasTool(name: string): boolean {
  let ok = toolCache.get(name);
  if (ok === undefined) {
    const flag = name === 'tcpdump' ? '--version' : '-v';
    ok = spawnSync(name, [flag], { stdio: 'ignore' }).status === 0;
    toolCache.set(name, ok);
  }
  return ok;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * The needs of a suite that are missing, as names; throws under CI=true when any is.
 * Use as `describe.skipIf(lacking(['tshark'], { shared: true }).length > 0)`.
 */
export function lacking(tools: readonly string[], opts: { shared?: boolean; root?: boolean } = {}): string[] {
  const missing = tools.filter((t) => !hasTool(t));
  if (opts.shared && !existsSync(publicCaptures)) missing.push(`${sharedDir} (../shared)`);
  if (opts.root && !isRoot()) missing.push('root');
  if (missing.length > 0) {
    if (isCI) throw new Error(`CI=true but this suite lacks: ${missing.join(', ')}`);
    console.warn(`skipping: missing ${missing.join(', ')}`);
  }
  return missing;
}

/** The path of the built command (tests spawn it as users do: `npm test` builds first). */
export const chainsimBin = path.join(repoRoot, 'dataplane/cli/chainsim.mjs');
