import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../policy/config/index.js';
import { ChainsimError } from '../../../policy/errors.js';

function failure(fn: () => unknown): ChainsimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ChainsimError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'chainsim-config-'));

  it('reads a JSON file and names it in locations', () => {
    const file = path.join(dir, 'site.json');
    writeFileSync(
      file,
      '{\n  "version": 1,\n  "appliance": {"name": "B", "managementIp": "10.0.0.1"},\n  "interfaces": [],\n  "routes": []\n}\n',
    );
    const loaded = loadConfig(file);
    expect(loaded.file).toBe(file);
    expect(loaded.config.appliance.managementIp.words[0]).toBe(0x0a000001);
    expect(loaded.locate('appliance.managementIp')).toEqual({ file, line: 3, column: 46 });
  });

  it('reports a missing file as a config error without details', () => {
    const file = path.join(dir, 'nope.yaml');
    const err = failure(() => loadConfig(file));
    expect(err.code).toBe('CHAINSIM_CONFIG');
    expect(err.message).toBe(`${file}: cannot read the config: no such file`);
    expect(err.details).toEqual([]);
  });

  it('reports a directory as unreadable', () => {
    expect(failure(() => loadConfig(dir)).message).toBe(`${dir}: cannot read the config: it is a directory`);
  });

  it('prefixes every error line with the path it was given', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nappliance: { name: B, managementIp: 10.0.0.1 }\ninterfaces: []\nroutes: []\nzones: [1]\n');
    const err = failure(() => loadConfig(file));
    expect(err.details).toEqual([`${file}:5:9: zones[0]: 1 is not a name`]);
  });
});
