import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/args.js';
import { captureOutput, cli, io } from './helpers.js';

captureOutput();

describe('--playbook', () => {
  it('takes a file or the word default, from the command line or a config file', () => {
    expect(parseRunArgs([]).playbook).toBeUndefined();
    expect(parseRunArgs(['--playbook', 'default']).playbook).toBe('default');
    expect(parseRunArgs(['--playbook', 'pb.yaml']).playbook).toBe('pb.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-playbook-args-'));
    const config = join(dir, 'job.yaml');
    writeFileSync(config, 'playbook: default\n');
    expect(parseRunArgs(['--config', config]).playbook).toBe('default');
    // A file named in a config file is relative to the config file's folder.
    writeFileSync(config, 'playbook: pb.yaml\n');
    expect(parseRunArgs(['--config', config]).playbook).toBe(join(dir, 'pb.yaml'));
  });
});

describe('a bad playbook file', () => {
  it('fails with one line naming the file and the entry, before anything is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-playbook-bad-'));
    const file = join(dir, 'pb.yaml');
    writeFileSync(
      file,
      'value_tier:\n  A: { action: visit, owner: sales, rhythm: weekly, priority: 0 }\n',
    );
    const out = join(dir, 'out');
    expect(await cli('run', '--playbook', file, '--out', out, '-q')).toBe(2);
    expect(io.stderr).toBe(
      `cohortlab: ${file}: playbook "value_tier" → "A": needs a whole priority ≥ 1 (1 = most urgent)\n`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
