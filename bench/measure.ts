/**
 * Whole-process measurements: one command's wall time (spawn and start-up included) and its
 * peak RSS. Node cannot report a child's own rusage (`process.resourceUsage()` is the calling
 * process; RUSAGE_CHILDREN would mix every child ever waited for), so the child runs under
 * GNU time (`/usr/bin/time -f %M`), or, where that is missing, under a one-shot python3 wrapper
 * whose only child is the command (its RUSAGE_CHILDREN is then that child's). Without either,
 * the RSS is null and the report says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type RssMethod = 'gnu-time' | 'python-rusage' | 'none';

export interface Measured {
  wallSeconds: number;
  /** Peak resident set of the command, MB (1 MB = 2^20 bytes); null when it cannot be read. */
  peakRssMB: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

const PY_WRAPPER =
  'import resource,subprocess,sys\n' +
  'r=subprocess.run(sys.argv[2:])\n' +
  'open(sys.argv[1],"w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n' +
  'sys.exit(r.returncode)\n';

let method: RssMethod | null = null;
const scratch = mkdtempSync(path.join(tmpdir(), 'chainsim-bench-rss-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Which way peak RSS is read here (probed once: the wrapper must run and print a number). */
export function rssMethod(): RssMethod {
  if (method !== null) return method;
  method = 'none';
  const out = path.join(scratch, 'probe');
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', '-o', out, 'true']);
    if (r.status === 0 && /^\d+\s*$/.test(readLastLine(out))) return (method = 'gnu-time');
  }
  const py = spawnSync('python3', ['-c', PY_WRAPPER, out, 'true']);
  if (py.status === 0 && /^\d+\s*$/.test(readLastLine(out))) method = 'python-rusage';
  return method;
}

function readLastLine(file: string): string {
  try {
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    return lines[lines.length - 1] ?? '';
  } catch {
    return '';
  }
}

/** Runs `cmd args…` to completion; stdout is kept (the summary JSON), stderr too. */
export function measure(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Measured {
  const how = rssMethod();
  const out = path.join(scratch, 'rss');
  rmSync(out, { force: true });
  let file = cmd;
  let argv = [...args];
  if (how === 'gnu-time') {
    file = '/usr/bin/time';
    argv = ['-f', '%M', '-o', out, cmd, ...args];
  } else if (how === 'python-rusage') {
    file = 'python3';
    argv = ['-c', PY_WRAPPER, out, cmd, ...args];
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 256 << 20, env: env ?? process.env });
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.error) throw new Error(`bench: cannot run ${cmd}: ${r.error.message}`);
  // Both wrappers report kilobytes (ru_maxrss is KiB on Linux).
  const kb = how === 'none' ? NaN : Number(readLastLine(out));
  return {
    wallSeconds,
    peakRssMB: Number.isFinite(kb) ? +(kb / 1024).toFixed(1) : null,
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

/** Whether `tool` runs here (`tool --version` exits 0). */
export function haveTool(tool: string): boolean {
  const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}
