import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../policy/index.js';

let version: string | null = null;

export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
