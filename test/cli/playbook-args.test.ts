import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/args.js';

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
