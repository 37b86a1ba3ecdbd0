/**
 * `node dist/bench/cli-modules.js ARGS…`: the chainsim command from its compiled modules, not
 * the bundle that dataplane/cli/chainsim.mjs loads — for `--cpu-prof`, whose per-file self
 * times name the stage only when each stage is its own file. Same code, same steady state.
 */
import { main } from '../dataplane/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
