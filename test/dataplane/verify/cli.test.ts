// The `verify` subcommand as main.ts registers it: arguments and flags reach runVerify and its
// exit code reaches the context.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, expect, it, vi } from 'vitest';
import { registerVerify } from '../../../dataplane/cli/commands/verify.js';
import { makeCase, tempRoot } from './helpers.js';

const root = tempRoot();
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('chainsim verify CASE… --junit F exits with runVerify’s code and writes the report', async () => {
  const pass = makeCase(root, 'pass', 'replay: { captures: [traffic.pcap] }\nchecks:\n  - summary: { hostedFirewall.packetsSent: 8 }\n');
  const fail = makeCase(root, 'fail', 'replay: { captures: [traffic.pcap] }\nchecks:\n  - summary: { hostedFirewall.packetsSent: 9 }\n');
  const junit = path.join(root, 'r.xml');
  const codes: number[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    for (const args of [['verify', pass, '--junit', junit], ['verify', pass, fail]]) {
      const program = new Command('chainsim').exitOverride();
      registerVerify(program, { exit: (c) => codes.push(c) });
      await program.parseAsync(args, { from: 'user' });
    }
  } finally {
    write.mockRestore();
  }
  expect(codes).toEqual([0, 1]);
  expect(existsSync(junit)).toBe(true);
});
