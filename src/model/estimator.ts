import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ColumnTable } from '../table/column-table.js';

/** Any value that survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * The plain-JSON form of every fitted model in cohortlab.
 *
 * Following scikit-learn's split, `params` are the constructor's hyperparameters and `state`
 * is what `fit` learned. `version` is the major version of this model type's JSON layout:
 * a reader refuses other versions rather than guess.
 */
export interface ModelJSON<Params = JsonValue, State = JsonValue> {
  readonly format: 'cohortlab-model';
  readonly type: string;
  readonly version: number;
  readonly params: Params;
  readonly state: State;
}

/**
 * The contract shared by every model: hyperparameters in the constructor, `fit` learns,
 * `toJSON` returns a plain object that the type's static `fromJSON` restores.
 */
export interface Estimator<Params> {
  /** Hyperparameters as given to the constructor (with defaults filled in). */
  readonly params: Readonly<Params>;
  /** True once `fit` has run (or the model was restored from JSON). */
  readonly isFitted: boolean;
  /** The fitted model as a plain JSON object. */
  toJSON(): ModelJSON;
}

/** A model that assigns one class label per row of a feature table. */
export interface TableClassifier<Params> extends Estimator<Params> {
  /** Learns from the rows of `table`. */
  fit(table: ColumnTable): this;
  /** One label per row of `table`. */
  predict(table: ColumnTable): string[];
  /** Every label `predict` can return, in a stable display order. */
  readonly classes: readonly string[];
}

/** A fitted column transformation (scaling, imputation, encoding, …). */
export interface TableTransformer<Params> extends Estimator<Params> {
  fit(table: ColumnTable): this;
  transform(table: ColumnTable): ColumnTable;
  /** Names of the columns `transform` outputs, in order. */
  readonly featureNamesOut: readonly string[];
}

/** Builds the JSON envelope of a model. */
export function modelJSON<P, S>(
  type: string,
  version: number,
  params: P,
  state: S,
): ModelJSON<P, S> {
  return { format: 'cohortlab-model', type, version, params, state };
}

/**
 * Checks that `json` is a cohortlab model of the given type and major version, and returns it
 * typed. Accepts a JSON string too.
 */
export function readModelJSON<P, S>(json: unknown, type: string, version: number): ModelJSON<P, S> {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (cause) {
      throw new CohortlabError('INVALID_MODEL', `model is not valid JSON`, {}, cause);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CohortlabError('INVALID_MODEL', 'model must be a JSON object');
  }
  const model = value as Partial<ModelJSON<P, S>>;
  if (model.format !== 'cohortlab-model') {
    throw new CohortlabError('INVALID_MODEL', 'not a cohortlab model (format field missing)');
  }
  if (model.type !== type) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `expected a ${type} model, found ${String(model.type)}`,
    );
  }
  if (model.version !== version) {
    throw new CohortlabError(
      'INVALID_MODEL',
      `${type} model version ${String(model.version)} is not supported (this build reads version ${version})`,
    );
  }
  if (model.params === undefined || model.state === undefined) {
    throw new CohortlabError('INVALID_MODEL', `${type} model lacks params or state`);
  }
  return model as ModelJSON<P, S>;
}

/** Throws NOT_FITTED unless `state` is set; returns it narrowed. */
export function requireFitted<S>(state: S | undefined, type: string): S {
  if (state === undefined) {
    throw new CohortlabError('NOT_FITTED', `${type} is not fitted: call fit() first`);
  }
  return state;
}
