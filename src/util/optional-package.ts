/**
 * Optional peer dependencies, loaded on first use. The core install (DuckDB, Plotly, k-means,
 * trees, class schemes, BG/NBD, exports, report) needs none of them; a feature that does
 * names the package to add when it is missing, instead of failing with Node's resolution
 * error deep inside a call.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';

/** An optional package: its name, what needs it, and how to add it. */
export interface OptionalPackage {
  /** The npm package name, e.g. `'@tensorflow/tfjs'`. */
  readonly name: string;
  /** What needs it, e.g. `'MLPClassifier'`. */
  readonly feature: string;
  /** The install command to print; default `npm install <name>`. */
  readonly install?: string;
  /** Anything else the user must do (package.json overrides, …). */
  readonly note?: string;
}

/** The optional packages cohortlab can use, by name. */
export const OPTIONAL_PACKAGES = {
  tensorflow: {
    name: '@tensorflow/tfjs',
    feature: 'MLPClassifier (the TensorFlow.js neural net)',
    install: 'npm install @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0',
  },
  danfo: {
    name: 'danfojs-node',
    feature: 'toDataFrame (danfo.js DataFrames)',
    install: 'npm install danfojs-node@1.2.0',
    note:
      'danfojs-node installs only with these overrides in your package.json: ' +
      '"overrides": { "@tensorflow/tfjs-node": "npm:@tensorflow/tfjs@4.22.0", "xlsx": "0.18.5" }',
  },
  webgpu: {
    name: 'webgpu',
    feature: "KMeans backend 'webgpu'",
    install: 'npm install webgpu@0.6.2',
  },
  playwright: {
    name: 'playwright-core',
    feature: 'PNG export of figures',
    install: 'npm install playwright-core',
  },
} as const satisfies Record<string, OptionalPackage>;

/** The one-line message for a missing optional package. */
export function missingPackageMessage(pkg: OptionalPackage): string {
  const install = pkg.install ?? `npm install ${pkg.name}`;
  const note = pkg.note === undefined ? '' : `; ${pkg.note}`;
  return `${pkg.feature} needs the optional package ${pkg.name}, which is not installed: run ${install}${note}`;
}

/** True when `error` is Node's "cannot find this package" for `name` (not a failure inside it). */
export function isMissingPackage(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Node names the package it could not find ("Cannot find package 'x' imported from …").
  return typeof message === 'string' && message.includes(`'${name}'`);
}

/**
 * Runs `load` (a dynamic `import()` of the package); when the package itself is not
 * installed, throws `MISSING_PACKAGE` naming it and the command that adds it. Other failures
 * (the package is there but broken) pass through unchanged.
 */
export async function importOptional<T>(pkg: OptionalPackage, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, pkg.name)) {
      throw new CohortlabError('MISSING_PACKAGE', missingPackageMessage(pkg), {}, error);
    }
    throw error;
  }
}
