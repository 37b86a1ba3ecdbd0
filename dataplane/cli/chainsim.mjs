#!/usr/bin/env node
// The installed entry point. `npm ci` (prepare) compiles the TypeScript to dist/ and bundles
// the command into one module, dist/cli/main.js: Node loads one file instead of ~200
// (start-up counts in whole-process benchmarks; see bench/README.md).
import { main } from '../../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
