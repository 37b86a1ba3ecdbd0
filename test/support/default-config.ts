/**
 * The embedded default config's text (fixtures/configs/default.yaml), and the same with whole
 * top-level sections swapped: tests build their configs from it so that they differ from the
 * default only where they say.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './env.js';

export const DEFAULT_TEXT = readFileSync(path.join(repoRoot, 'fixtures/configs/default.yaml'), 'utf8');

/** The default config's YAML with top-level sections (`vwire`, `firewall`, …) replaced by the
 * given text, each written as its own block (`vwire:\n  rules: …`). */
export function yamlWith(sections: Record<string, string> = {}): string {
  const blocks: { key: string; text: string }[] = [];
  for (const line of DEFAULT_TEXT.split('\n')) {
    const top = /^([A-Za-z]\w*):/.exec(line);
    if (top) blocks.push({ key: top[1]!, text: line });
    else if (blocks.length > 0) blocks[blocks.length - 1]!.text += `\n${line}`;
  }
  return blocks.map((b) => sections[b.key] ?? b.text).join('\n') + '\n';
}
