#!/usr/bin/env node
// Sends raw Ethernet frames on a device through libpcap (the `cap` addon):
//   node test/live/inject.mjs DEVICE HEXFRAME...
// The rig's self-test uses it to put tagged frames on the firewall links without chainsim.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Cap } = require('cap');
const [device, ...frames] = process.argv.slice(2);
if (!device || frames.length === 0) {
  console.error('usage: inject.mjs DEVICE HEXFRAME...');
  process.exit(2);
}
const cap = new Cap();
cap.open(device, '', 1024 * 1024, Buffer.alloc(65536));
for (const hex of frames) {
  const frame = Buffer.from(hex, 'hex');
  cap.send(frame, frame.length);
}
cap.close();
