#!/usr/bin/env node
// `npm run check:native`: cap and raw-socket are optional dependencies, so `npm ci` succeeds
// without libpcap headers and the addons silently vanish. This check makes their absence loud.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let failed = 0;
for (const name of ['cap', 'raw-socket']) {
  try {
    require(name);
    console.log(`${name}: loaded`);
  } catch (err) {
    failed++;
    console.error(`${name}: MISSING (${String(err && err.message).split('\n')[0]})`);
  }
}
if (failed > 0) {
  console.error('native addons missing: install libpcap-dev, python3, make and g++, then `npm rebuild cap raw-socket`');
  process.exit(1);
}
