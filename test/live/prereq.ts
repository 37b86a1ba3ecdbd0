/**
 * What the live suites need from the machine: root, the rig's tools, the native addons and (for
 * the acceptance suites) the `live` and `send` commands in the built CLI. Like `lacking` from
 * test/support/env.ts — whose root and tool checks this extends — a missing need skips with a
 * message naming it, and under CI=true fails instead.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chainsimBin, isCI, lacking, repoRoot } from '../support/env.js';

function runs(cmd: string, args: readonly string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore', cwd: repoRoot, timeout: 20_000 }).status === 0;
}

/** Whether the built CLI has `cmd` (`--help` of an unknown command still exits 0: read the usage). */
function hasCommand(cmd: string): boolean {
  const r = spawnSync(process.execPath, [chainsimBin, 'help', cmd], { encoding: 'utf8', cwd: repoRoot, timeout: 20_000 });
  return r.status === 0 && r.stdout.startsWith(`Usage: chainsim ${cmd} `);
}

/** `--version`-style checks for tools whose `-v` means something else than `hasTool` assumes. */
const RIG_TOOLS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['ip (iproute2)', ['ip', '-V']],
  ['ethtool', ['ethtool', '--version']],
  ['ping (iputils-ping)', ['ping', '-V']],
];

export interface LiveNeeds {
  /** The built CLI's `live` and `send` commands. */
  commands?: boolean;
}

/** Missing needs as names (empty when all are there); throws under CI=true when any is. */
export function liveLacking(needs: LiveNeeds = {}): string[] {
  const extra: string[] = [];
  for (const [name, argv] of RIG_TOOLS) if (!runs(argv[0]!, argv.slice(1))) extra.push(name);
  // The addons load in a child: a NAN addon binds to the first thread that loads it.
  if (!runs(process.execPath, [path.join(repoRoot, 'dataplane/cli/check-native.mjs')])) extra.push('native addons cap/raw-socket (npm run check:native)');
  if (needs.commands) {
    for (const cmd of ['live', 'send']) {
      if (!hasCommand(cmd)) extra.push(`\`chainsim ${cmd}\` in the built CLI (npm run build)`);
    }
  }
  if (extra.length > 0) {
    if (isCI) throw new Error(`CI=true but this suite lacks: ${extra.join(', ')}`);
    console.warn(`skipping: missing ${extra.join(', ')}`);
  }
  return [...extra, ...lacking(['tcpdump', 'tshark', 'nft'], { root: true })];
}
