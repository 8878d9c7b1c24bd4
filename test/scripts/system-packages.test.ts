/**
 * scripts/system-packages.sh, the one list of Debian packages the README's commands need and
 * the step that provides them (npm test's pretest, npm run notebook, .ci/run). A machine
 * without a package is simulated by pointing the check at a package name that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SCRIPT = 'scripts/system-packages.sh';
const ABSENT = 'cohortlab-no-such-package';

function check(groups: string[], env: Record<string, string>) {
  const result = spawnSync('bash', [SCRIPT, ...groups], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('system packages', () => {
  it('passes silently when every package is installed', () => {
    expect(check(['test'], { COHORTLAB_SYSTEM_PACKAGES: 'bash coreutils' })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('stops with one line naming the exact command when a package is missing', () => {
    const result = check(['test'], {
      COHORTLAB_SYSTEM_PACKAGES: `bash ${ABSENT}`,
      COHORTLAB_SYSTEM_INSTALL: '0',
    });
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `cohortlab: Debian packages for npm test are not installed; run: sudo apt-get install -y ${ABSENT}\n`,
    });
  });

  it('names the README command of each group', () => {
    const result = check(['test', 'notebook'], {
      COHORTLAB_SYSTEM_PACKAGES: ABSENT,
      COHORTLAB_SYSTEM_INSTALL: '0',
    });
    expect(result.stderr).toMatch(/^cohortlab: Debian packages for npm test and npm run notebook /);
  });

  it('installs with apt-get where it may, and says so in one line when apt-get fails', () => {
    const result = check(['test'], { COHORTLAB_SYSTEM_PACKAGES: ABSENT });
    expect(result.status).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      // Root: it tries (once without, once after refreshing the package lists) and reports.
      expect(lines).toEqual([
        `cohortlab: installing Debian packages for npm test: ${ABSENT}`,
        `cohortlab: apt-get could not install ${ABSENT} (Unable to locate package ${ABSENT}); run: sudo apt-get install -y ${ABSENT}`,
      ]);
    } else {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/run: sudo apt-get install -y cohortlab-no-such-package$/);
    }
  }, 120_000);

  it('refuses an unknown group', () => {
    const result = check(['tests'], {});
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "cohortlab: unknown package group 'tests' (groups: notebook test)\n",
    );
  });

  it('is the one list: npm test, npm run notebook and CI all call it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['pretest']).toBe('bash scripts/system-packages.sh test notebook');
    expect(readFileSync('scripts/notebook.mjs', 'utf8')).toContain(
      "'system-packages.sh'), 'notebook'",
    );
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toContain('bash scripts/system-packages.sh test notebook');
    expect(ci).not.toMatch(/apt-get install/);
  });
});
