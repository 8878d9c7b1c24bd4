#!/usr/bin/env node
/**
 * Builds dist/ only when something it is built from changed: the newest file under src/, the
 * tsconfigs or package.json against the last build's stamp. `npm start` runs this first, so a
 * warm start skips the compiler entirely (milliseconds) and an edit recompiles incrementally
 * (tsc --incremental, build info kept in node_modules/.cache, never in the package).
 *
 * Usage: node scripts/build-if-stale.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, 'node_modules', '.cache', 'cohortlab');
const stamp = path.join(cache, 'build-stamp');
const buildInfo = path.join(cache, 'build.tsbuildinfo');
const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) =>
  path.join(root, f),
);

/** Newest modification time under a folder (files only), in ms. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newest(full) : statSync(full).mtimeMs;
    if (time > latest) latest = time;
  }
  return latest;
}

const force = process.argv.includes('--force');
const built = existsSync(stamp) && existsSync(path.join(root, 'dist', 'index.js'));
const source = Math.max(newest(path.join(root, 'src')), ...inputs.map((f) => statSync(f).mtimeMs));
if (!force && built && statSync(stamp).mtimeMs >= source) process.exit(0);

// Without dist/, tsc --incremental would trust its build info and emit nothing.
if (!built) rmSync(buildInfo, { force: true });
mkdirSync(cache, { recursive: true });
const started = performance.now();
process.stderr.write('cohortlab: building dist/ (src/ changed since the last build)…\n');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const args = [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', buildInfo];
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write('cohortlab: the build failed (see the compiler errors above)\n');
  process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`cohortlab: built dist/ in ${seconds} s\n`);
