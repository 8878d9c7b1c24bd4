/**
 * Which transformer types can be restored from JSON. `Pipeline.fromJSON` looks each step's
 * `type` up here, so other modules (feature builders, custom notebook transforms) can make
 * their own transformers storable inside a pipeline by registering them.
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { TableTransformer } from '../model/estimator.js';
import { Log1p } from './log1p.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { Pipeline } from './pipeline.js';
import { RobustScaler } from './robust-scaler.js';
import { SignedLog1p } from './signed-log1p.js';
import { SimpleImputer } from './simple-imputer.js';
import { StandardScaler } from './standard-scaler.js';
import type { TransformerReader } from './transformer.js';
import { Winsorizer } from './winsorizer.js';

// Readers are wrapped in arrow functions so that the classes are looked up at call time:
// pipeline.ts and this module import each other, and whichever loads first must not touch
// the other's exports while the module graph is still being evaluated.
const readers = new Map<string, TransformerReader>([
  ['SimpleImputer', (json) => SimpleImputer.fromJSON(json)],
  ['Log1p', (json) => Log1p.fromJSON(json)],
  ['SignedLog1p', (json) => SignedLog1p.fromJSON(json)],
  ['Winsorizer', (json) => Winsorizer.fromJSON(json)],
  ['StandardScaler', (json) => StandardScaler.fromJSON(json)],
  ['MinMaxScaler', (json) => MinMaxScaler.fromJSON(json)],
  ['RobustScaler', (json) => RobustScaler.fromJSON(json)],
  ['OneHotEncoder', (json) => OneHotEncoder.fromJSON(json)],
  ['Pipeline', (json) => Pipeline.fromJSON(json)],
]);

/**
 * Makes transformers of `type` (the `type` field their `toJSON` writes) restorable by
 * {@link transformerFromJSON} and so by `Pipeline.fromJSON`. Registering a type that is
 * already known is `INVALID_OPTION` unless `replace` is set (e.g. a notebook cell re-run).
 */
export function registerTransformer(
  type: string,
  fromJSON: TransformerReader,
  options: { readonly replace?: boolean } = {},
): void {
  if (typeof type !== 'string' || type === '') {
    throw new CohortlabError('INVALID_OPTION', 'transformer type must be a non-empty string');
  }
  if (typeof fromJSON !== 'function') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `reader for transformer type ${type} must be a function`,
    );
  }
  if (readers.has(type) && options.replace !== true) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `transformer type ${type} is already registered (pass { replace: true } to replace it)`,
    );
  }
  readers.set(type, fromJSON);
}

/** The transformer types {@link transformerFromJSON} can restore, in registration order. */
export function registeredTransformerTypes(): string[] {
  return [...readers.keys()];
}

/**
 * Restores any registered transformer from its JSON form (object or string), dispatching on
 * its `type` field. An unregistered type is `INVALID_MODEL`.
 */
export function transformerFromJSON(json: unknown): TableTransformer<unknown> {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new CohortlabError('INVALID_MODEL', 'model is not valid JSON', {}, cause);
    }
  }
  const type =
    typeof value === 'object' && value !== null
      ? (value as { readonly type?: unknown }).type
      : undefined;
  if (typeof type !== 'string') {
    throw new CohortlabError('INVALID_MODEL', 'model has no type field');
  }
  const reader = readers.get(type);
  if (reader === undefined) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `unknown transformer type ${type}; registered: ${registeredTransformerTypes().join(', ')}`,
    );
  }
  return reader(value);
}
