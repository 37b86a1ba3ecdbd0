/**
 * `node dist/bench/walk.js FILE`: walks every record of a capture in a fresh process and prints
 * {records, seconds, recordsPerSecond, peakRssMB} as JSON — the reader's own memory, measured
 * apart from whatever else a benchmark run holds.
 */
import { openCapture } from '../dataplane/capture/index.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node dist/bench/walk.js CAPTURE\n');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const reader = openCapture(file);
let records = 0;
for (let r = reader.next(); r !== null; r = reader.next()) records++;
reader.close();
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(JSON.stringify({ records, seconds, recordsPerSecond: Math.round(records / seconds), peakRssMB }) + '\n');
