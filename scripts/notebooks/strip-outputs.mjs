#!/usr/bin/env node
/**
 * Strips outputs and execution counts from notebooks, which are committed without them (the
 * notebook test regenerates the outputs into test/.notebooks/). Writes the JSON the way
 * Jupyter does (keys sorted, one-space indent, trailing newline) so that saving from Jupyter
 * and stripping give the same file.
 *
 * Usage: node scripts/notebooks/strip-outputs.mjs [file.ipynb …]   (default: notebooks/*.ipynb)
 */
import console from 'node:console';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The value with every object's keys sorted, as Python's json.dump(sort_keys=True). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

function strip(file) {
  const before = readFileSync(file, 'utf8');
  const notebook = JSON.parse(before);
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const after = JSON.stringify(sortKeys(notebook), null, 1) + '\n';
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}

const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args
    : readdirSync(path.join(root, 'notebooks'))
        .filter((name) => name.endsWith('.ipynb'))
        .sort()
        .map((name) => path.join(root, 'notebooks', name));
for (const file of files) {
  console.log(`${strip(file) ? 'stripped' : 'unchanged'} ${path.relative(root, file)}`);
}
