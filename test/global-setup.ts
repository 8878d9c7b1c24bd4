/**
 * Runs once before the test files: builds dist/ when src/ changed (scripts/build-if-stale.mjs,
 * as `npm start` does), so the tests that use the built package — the notebooks, which import
 * 'cohortlab', and the packed-tarball install test — never build it concurrently.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building dist/ failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
