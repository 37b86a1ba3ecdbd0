/**
 * Replay: captures through the appliance on a virtual clock driven by their timestamps.
 * Several captures merge by timestamp (ties: argument order, then record order); a timestamp
 * before the clock takes the clock's time and counts as out of order. `speed: 'max'` runs as
 * fast as possible; `realtime` or a multiplier paces packets against absolute deadlines from
 * the start (no drift). The waiting packets are drained at the end.
 */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { asDouble, type LoadedConfig } from '../../policy/index.js';
import type { Scenario } from '../../vwire/index.js';
import { openCapture, type CaptureReader, type CaptureRecord, type CaptureWarning } from '../capture/index.js';
import { CaptureOutputs } from './capture-outputs.js';
import { Pipeline } from './pipeline.js';
import { rateChartSvg } from './rate-chart.js';
import { RunPorts } from './run-ports.js';
import { buildSummary, type Summary } from './summary.js';
import { TraceFormatter } from './trace.js';
import { TraceSink } from './trace-sink.js';

export interface ReplayInput {
  file: string;
  /** Appliance interface the whole capture arrives on (`--in IFACE=CAPTURE`), or null. */
  bind: string | null;
}

export type Speed = 'max' | 'realtime' | number;

export interface ReplayOptions {
  config: LoadedConfig;
  inputs: readonly ReplayInput[];
  scenario?: Scenario | null;
  outDir?: string | null;
  trace?: string | null;
  speed?: Speed;
  /** Called now and then with bytes read so far and in all (for a progress bar). */
  onProgress?: (readBytes: number, totalBytes: number) => void;
  onWarning?: (warning: CaptureWarning) => void;
}

export interface ReplayResult {
  summary: Summary;
  warnings: CaptureWarning[];
  truncated: boolean;
}

interface Source {
  reader: CaptureReader;
  bound: number;
  /** Appliance interface per capture interface (pcapng names): -1 when none matches, -2 not
   * looked up yet. */
  named: Int32Array;
  size: number;
}

const PROGRESS_EVERY = 1 << 16;

export async function replay(opts: ReplayOptions): Promise<ReplayResult> {
  const pipeline = new Pipeline(opts.config.config, { scenario: opts.scenario ?? null });
  const tables = pipeline.tables;
  const sources: Source[] = [];
  let captures: CaptureOutputs | null = null;
  let trace: TraceSink | null = null;
  try {
    for (const input of opts.inputs) {
      const bound = input.bind === null ? -1 : tables.interfaceIndex(input.bind);
      const reader = openCapture(input.file);
      sources.push({ reader, bound, named: new Int32Array(0), size: statSync(input.file).size });
    }
    captures = opts.outDir ? new CaptureOutputs(opts.outDir, tables) : null;
    trace = opts.trace ? new TraceSink(opts.trace) : null;
    pipeline.ports = new RunPorts(captures, trace ? { sink: trace, formatter: new TraceFormatter(tables, pipeline.firewall) } : null);
    return await run(pipeline, sources, opts, captures);
  } finally {
    for (const s of sources) s.reader.close();
    captures?.close();
    trace?.close();
  }
}

async function run(pipeline: Pipeline, sources: Source[], opts: ReplayOptions, captures: CaptureOutputs | null): Promise<ReplayResult> {
  const speed = opts.speed ?? 'max';
  const factor = speed === 'max' ? 0 : speed === 'realtime' ? 1 : speed;
  const wallStart = process.hrtime.bigint();
  const merge = new Merge(pipeline, sources, captures, opts.onProgress ?? null);
  // The hot loop is synchronous (an async function keeps its locals in a heap context); it
  // returns only to wait when the speed paces it.
  for (;;) {
    const dueNs = merge.pump(factor, wallStart);
    if (dueNs < 0) break;
    await pace(wallStart, dueNs);
  }
  const { packets, bytes, started, baseSec, baseNsec, clock } = merge;
  pipeline.drain();

  const warnings = sources.flatMap((s) => s.reader.warnings);
  const truncated = sources.some((s) => s.reader.truncated !== null);
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const summary = buildSummary(
    pipeline,
    {
      files: opts.inputs.map((i) => i.file),
      packets,
      bytes,
      first: started ? baseSec + baseNsec / 1e9 : null,
      last: started ? baseSec + (baseNsec + clock) / 1e9 : null,
      truncated,
      outOfOrder: pipeline.counters.outOfOrder,
    },
    { wallSeconds, packetsPerSecond: wallSeconds > 0 ? Math.round(packets / wallSeconds) : 0, virtualSeconds: clock / 1e9 },
    clock,
  );
  if (opts.outDir) writeRateChart(opts.outDir, pipeline, opts.inputs);
  return { summary, warnings, truncated };
}

/** `redirect-rate.svg` in the output folder: redirected Mbit/s per second against the ceiling. */
function writeRateChart(outDir: string, pipeline: Pipeline, inputs: readonly ReplayInput[]): void {
  const ceiling = pipeline.tables.config.hostedFirewall.ceiling;
  const { offeredWindows: offered, deliveredWindows: delivered } = pipeline.counters;
  const names = inputs.map((i) => path.basename(i.file)).join(', ');
  const svg = rateChartSvg({
    offered,
    delivered,
    rateBitsPerSecond: ceiling.rateBitsPerSecond,
    burstBytes: ceiling.burstBytes,
    title: `Traffic redirected to the hosted firewall: ${names}`,
  });
  writeFileSync(path.join(outDir, 'redirect-rate.svg'), svg);
}

/** Merges the sources by timestamp into the pipeline (ties: argument order, then record order). */
class Merge {
  readonly heads: (CaptureRecord | null)[];
  // Doubles from the start (policy/model/double.ts): the clock and bytes outgrow 31 bits.
  baseSec = asDouble(0);
  baseNsec = asDouble(0);
  started = false;
  clock = asDouble(0);
  packets = asDouble(0);
  bytes = asDouble(0);
  private readonly totalBytes: number;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly sources: Source[],
    private readonly captures: CaptureOutputs | null,
    private readonly onProgress: ((read: number, total: number) => void) | null,
  ) {
    this.heads = sources.map((s) => s.reader.next());
    this.totalBytes = sources.reduce((a, s) => a + s.size, 0);
  }

  /** Feeds packets until the input ends (returns -1) or, when paced (`factor` > 0), until the
   * next packet is due later on the wall clock (returns its virtual time, scaled). */
  pump(factor: number, wallStart: bigint): number {
    const { heads, sources, pipeline } = this;
    const tables = pipeline.tables;
    for (;;) {
      let pick = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (h === null) continue;
        if (pick < 0) {
          pick = i;
          continue;
        }
        const p = heads[pick]!;
        if (h.tsSec < p.tsSec || (h.tsSec === p.tsSec && h.tsNsec < p.tsNsec)) pick = i;
      }
      if (pick < 0) return -1;
      const rec = heads[pick]!;
      const source = sources[pick];
      if (!this.started) {
        this.started = true;
        this.baseSec = rec.tsSec;
        this.baseNsec = rec.tsNsec;
        this.captures?.setBase(this.baseSec, this.baseNsec);
      }
      let t = (rec.tsSec - this.baseSec) * 1e9 + (rec.tsNsec - this.baseNsec);
      const late = t < this.clock;
      if (late) t = this.clock;
      if (factor > 0 && t / factor > Number(process.hrtime.bigint() - wallStart) + 1e6) return t / factor;
      if (late) pipeline.counters.outOfOrder++;
      this.clock = t;
      let named = rec.interfaceIndex < source.named.length ? source.named[rec.interfaceIndex] : -2;
      if (named === -2) named = nameInterface(source, rec.interfaceIndex, rec.interfaceName, tables);
      pipeline.clock[0] = t;
      pipeline.ingest(rec.data, rec.start, rec.caplen, rec.origlen, rec.linkType, source.bound, named);
      this.packets++;
      this.bytes += rec.origlen;
      if (this.onProgress !== null && (this.packets & (PROGRESS_EVERY - 1)) === 0) this.progress();
      heads[pick] = source.reader.next();
    }
  }

  private progress(): void {
    let read = 0;
    for (let i = 0; i < this.sources.length; i++) read += this.heads[i] === null ? this.sources[i].size : this.heads[i]!.offset;
    this.onProgress!(read, this.totalBytes);
  }
}

/** Looks up (once per capture interface) the appliance interface a pcapng interface names. */
function nameInterface(source: Source, index: number, name: string | null, tables: { interfaceIndex(n: string): number }): number {
  if (index >= source.named.length) {
    const grown = new Int32Array(Math.max(4, index + 1)).fill(-2);
    grown.set(source.named);
    source.named = grown;
  }
  const found = name === null ? -1 : tables.interfaceIndex(name);
  source.named[index] = found;
  return found;
}

/** Waits until `virtualNs` (scaled) after the start, against the absolute deadline. */
async function pace(wallStart: bigint, virtualNs: number): Promise<void> {
  const elapsed = Number(process.hrtime.bigint() - wallStart);
  const ahead = virtualNs - elapsed;
  if (ahead > 1e6) await sleep(ahead / 1e6);
}
