/** Shared by the config error tests: marked config text and exact expected lines. */
import { expect } from 'vitest';
import { parseConfigText } from '../../../policy/config/index.js';
import { ChainsimError } from '../../../policy/errors.js';

/**
 * Each case is config text in which `«n»` marks where error n must point; the marks are removed
 * before parsing and `{n}` in the expected lines becomes that mark's `line:column`. Positions are
 * thus read off the text itself, never off the validator's output.
 */
function marked(text: string): { text: string; at: Map<string, string> } {
  const at = new Map<string, string>();
  let line = 1;
  let col = 1;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const m = /^«(\d+)»/.exec(text.slice(i));
    if (m) {
      at.set(m[1]!, `${line}:${col}`);
      i += m[0].length;
      continue;
    }
    const ch = text[i]!;
    out += ch;
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
    i++;
  }
  return { text: out, at };
}

export function errorsOf(text: string, file = 'config.yaml'): ChainsimError {
  try {
    parseConfigText(text, file);
  } catch (err) {
    if (err instanceof ChainsimError) return err;
    throw err;
  }
  throw new Error('the config was accepted');
}

export function expectErrors(source: string, expected: readonly string[]): void {
  const { text, at } = marked(source);
  const lines = expected.map((e) =>
    e.replace(/\{(\d+)\}/g, (_, n: string) => {
      const pos = at.get(n);
      if (pos === undefined) throw new Error(`no mark «${n}»`);
      return pos;
    }),
  );
  const err = errorsOf(text);
  expect(err.code).toBe('CHAINSIM_CONFIG');
  expect(err.details).toEqual(lines.map((l) => `config.yaml:${l}`));
  expect(err.message).toBe(`config.yaml: ${lines.length} ${lines.length === 1 ? 'error' : 'errors'}`);
}

export const BASE = `version: 1
appliance: { name: Branch-1, managementIp: 172.31.255.1 }
interfaces: [{ name: LAN-1, zone: Default_LAN_Zone }]
routes: [{ prefix: 0.0.0.0/0, via: LAN-1, service: internet }]
`;

export const HF = `hostedFirewall:
  images: [img]
  templates:
    - { name: T, model: VM-50, serviceRedirectInterfaces: [{ name: s, interface: 1, vlan: 10 }] }
`;

export const policy = (rule: string): string => `${BASE}firewall:\n  policies:\n    - ${rule}\n`;

/** One row per error class: [what, config text with marks, expected lines]. */
export type Case = [string, string, string[]];
