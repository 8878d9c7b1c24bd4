import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/export/write-file.js';

describe('writeFileAtomic', () => {
  it('creates folders, refuses to clobber, replaces with force, leaves no temp files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-write-'));
    const file = join(dir, 'nested', 'out.txt');
    writeFileAtomic(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    expect(() => writeFileAtomic(file, 'two')).toThrow(
      expect.objectContaining({ code: 'OUTPUT_EXISTS', file }),
    );
    expect(readFileSync(file, 'utf8')).toBe('one');
    writeFileAtomic(file, 'three', { force: true });
    expect(readFileSync(file, 'utf8')).toBe('three');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['out.txt']);
  });

  it('reports an unwritable folder as WRITE_FAILED and keeps the old file', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: make the target a directory instead to force a failure.
      const dir = mkdtempSync(join(tmpdir(), 'cohortlab-write-'));
      writeFileSync(join(dir, 'blocker'), 'x');
      expect(() => writeFileAtomic(join(dir, 'blocker', 'out.txt'), 'y')).toThrow(
        expect.objectContaining({ code: 'WRITE_FAILED' }),
      );
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'cohortlab-write-'));
    chmodSync(dir, 0o500);
    expect(() => writeFileAtomic(join(dir, 'out.txt'), 'y')).toThrow(
      expect.objectContaining({ code: 'WRITE_FAILED' }),
    );
  });
});
