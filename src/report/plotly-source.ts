/**
 * The plotly.js bundle that reports and notebooks inline (offline: never a CDN), read once per
 * process from the installed `plotly.js-dist` package.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { scriptSafe } from './html-escape.js';

/** The bundle, escaped for a `<script>` element; read on first use (about 10 MB). */
let cached: { readonly path: string; readonly source: string } | undefined;

/** Absolute path of the installed `plotly.js-dist/plotly.js`. */
export function plotlyBundlePath(): string {
  // Not a module-level `require`: the CommonJS build (scripts/notebooks/build-cjs.mjs) turns
  // this file into a module whose wrapper already declares one.
  const nodeRequire = createRequire(import.meta.url);
  try {
    return nodeRequire.resolve('plotly.js-dist/plotly.js');
  } catch (error) {
    throw new CohortlabError(
      'FILE_NOT_FOUND',
      'plotly.js-dist is not installed (npm install plotly.js-dist); reports inline it to work offline',
      { file: 'plotly.js-dist/plotly.js' },
      error,
    );
  }
}

/**
 * The plotly.js source, safe to place inside a `<script>` element (see {@link scriptSafe}).
 * Read from disk once per process.
 */
export function plotlySource(): string {
  if (cached === undefined) {
    const path = plotlyBundlePath();
    cached = { path, source: scriptSafe(readFileSync(path, 'utf8')) };
  }
  return cached.source;
}

/**
 * The version of the inlined plotly.js, from the banner at the top of the bundle
 * (`plotly.js v4.1.1`); undefined when the banner is not found.
 */
export function plotlyVersion(): string | undefined {
  return /plotly\.js v(\d+\.\d+\.\d+\S*)/.exec(plotlySource().slice(0, 500))?.[1];
}
