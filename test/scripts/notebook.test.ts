/**
 * `npm run notebook -- --check` (scripts/notebook.mjs): everything the notebook command does
 * before opening Jupyter — system packages, build, kernel registration — with the kernel
 * registered into a temporary Jupyter data folder instead of the user's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const data = mkdtempSync(path.join(tmpdir(), 'cohortlab-jupyter-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

describe('npm run notebook', () => {
  it('registers the tslab kernel by absolute path with the Python that runs Jupyter', () => {
    const result = spawnSync(process.execPath, ['scripts/notebook.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, JUPYTER_DATA_DIR: data },
    });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    const kernelDir = path.join(data, 'kernels', 'tslab');
    expect(result.stdout).toMatch(new RegExp(`tslab\\s+${kernelDir}`));
    const spec = JSON.parse(readFileSync(path.join(kernelDir, 'kernel.json'), 'utf8')) as {
      argv: string[];
      language: string;
    };
    // Jupyter starts the kernel whatever its PATH: the binary is named by absolute path.
    expect(spec.argv[0]).toBe(path.join(root, 'node_modules', '.bin', 'tslab'));
    expect(spec.argv.slice(1)).toEqual(['kernel', '--config-path', '{connection_file}']);
    expect(spec.language).toBe('typescript');
  }, 120_000);

  it('keeps the link that lets notebooks/ import cohortlab as a user would', () => {
    const link = path.join(root, 'notebooks', 'node_modules', 'cohortlab');
    const pkg = JSON.parse(readFileSync(path.join(link, 'package.json'), 'utf8')) as {
      name: string;
    };
    expect(pkg.name).toBe('cohortlab');
  });
});
