#!/usr/bin/env node
// The installed entry point: the TypeScript is compiled to dist/ by `npm ci` (prepare).
import { main } from '../../dist/dataplane/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
