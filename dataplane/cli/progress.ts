/** A progress bar on stderr for long runs (cli-progress), by bytes of input read. cli-progress
 * is loaded only when a bar is shown (a terminal), not on every start. */

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export async function progressBar(label: string): Promise<Progress> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} MB | eta {eta}s`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      const mb = (n: number): number => Math.round(n / 1e5) / 10;
      if (!started) {
        bar.start(mb(total), mb(done));
        started = true;
      } else bar.update(mb(done));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
