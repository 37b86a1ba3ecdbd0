// The README's example property test is this folder's file, word for word, so what users copy
// is what `npm test` runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/env.js';

test('the README shows test/examples/classifier-property.test.ts verbatim', () => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const example = readFileSync(path.join(repoRoot, 'test/examples/classifier-property.test.ts'), 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
});
