#!/usr/bin/env node
/**
 * `npm run notebook`: the tutorial notebooks in one command. It provides Jupyter (Debian's
 * packages, through scripts/system-packages.sh), builds dist/ when src/ changed, registers
 * the tslab kernel with the Python that runs Jupyter — by absolute path, so Jupyter finds it
 * whatever PATH it starts with — and opens Jupyter Notebook on notebooks/, with
 * node_modules/.bin on PATH. The notebooks import 'cohortlab' as a user's would; inside this
 * repository notebooks/node_modules/cohortlab links to the package root.
 *
 * Usage: npm run notebook [-- --no-browser] [-- --port 8899] [-- --check]
 *   --check  does everything but open Jupyter, then prints the kernel it registered.
 * Other arguments go to `jupyter notebook`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'node_modules', '.bin');
const args = process.argv.slice(2);
const check = args.includes('--check');
const jupyterArgs = args.filter((a) => a !== '--check');

/** Runs a step; on failure prints one line (the step has said why) and exits. */
function step(command, commandArgs, what, options = {}) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`cohortlab: npm run notebook stopped: ${what} failed\n`);
    process.exit(result.status ?? 1);
  }
  return result;
}

step('bash', [path.join(root, 'scripts', 'system-packages.sh'), 'notebook'], 'installing Jupyter');
step(process.execPath, [path.join(root, 'scripts', 'build-if-stale.mjs')], 'the build');

// Debian's Python is the one its Jupyter packages belong to; a python3 earlier on PATH may be
// another interpreter without them.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const tslab = path.join(bin, 'tslab');
if (!existsSync(tslab)) {
  process.stderr.write('cohortlab: node_modules/.bin/tslab is missing; run npm install first\n');
  process.exit(1);
}
step(
  tslab,
  ['install', `--python=${python}`, `--binary=${tslab}`, '--user'],
  'registering the tslab kernel',
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

// The link that lets notebooks/ import 'cohortlab' (committed; recreated if a checkout lost it).
const link = path.join(root, 'notebooks', 'node_modules', 'cohortlab');
if (!existsSync(link) && !isLink(link)) {
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(path.join('..', '..'), link, 'dir');
}

const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
if (check) {
  step(python, ['-m', 'jupyter', 'kernelspec', 'list'], 'listing the kernels', { env });
  process.exit(0);
}
process.stderr.write('cohortlab: opening Jupyter Notebook on notebooks/ (Ctrl-C to stop)\n');
const jupyter = spawn(
  python,
  ['-m', 'notebook', `--notebook-dir=${path.join(root, 'notebooks')}`, ...jupyterArgs],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
);
jupyter.on('exit', (code, signal) => process.exit(signal === null ? (code ?? 0) : 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => jupyter.kill(signal));

function isLink(file) {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
