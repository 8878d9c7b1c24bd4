import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../model/estimator.js';
import { columnNames, getNumeric, type ColumnTable } from '../table/column-table.js';
import { mean, std } from '../util/stats.js';
import { requireNoInfinity, resolveColumns } from './columns.js';
import { booleanOption, checkOptions, columnsOption } from '../util/options.js';
import {
  columnsJSON,
  decodeNumbers,
  encodeNumbers,
  readObject,
  readStrings,
  restoring,
} from './state-json.js';
import { shiftScaleColumns, type InvertibleTransformer } from './transformer.js';

const TYPE = 'StandardScaler';

/** Hyperparameters of {@link StandardScaler}, defaults filled in. */
export type StandardScalerParams = {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
  /** Subtract the mean (default true). */
  readonly withMean: boolean;
  /** Divide by the standard deviation (default true). */
  readonly withStd: boolean;
};

/** Options accepted by the {@link StandardScaler} constructor. */
export type StandardScalerOptions = Partial<StandardScalerParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  readonly mean: readonly number[];
  /** Population standard deviation, 1 for (near-)constant columns. */
  readonly scale: readonly number[];
}

/**
 * Standardizes numeric columns to zero mean and unit variance: `(x - mean) / std`, as
 * scikit-learn's `StandardScaler` does. The standard deviation is the population one (ddof 0);
 * a column whose variance is zero up to rounding gets scale 1, so it is centred but not
 * blown up. NaN is ignored when fitting and stays NaN.
 */
export class StandardScaler implements InvertibleTransformer<StandardScalerParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<StandardScalerParams>;
  #state: State | undefined;

  /** @param options see {@link StandardScalerParams}; `INVALID_OPTION` when malformed. */
  constructor(options: StandardScalerOptions = {}) {
    const raw = checkOptions(options, ['columns', 'withMean', 'withStd'], TYPE);
    this.params = Object.freeze({
      columns: columnsOption(raw, TYPE),
      withMean: booleanOption(raw, 'withMean', true, TYPE),
      withStd: booleanOption(raw, 'withStd', true, TYPE),
    });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Output column names for a table with the columns seen at fit. */
  get featureNamesOut(): readonly string[] {
    return requireFitted(this.#state, TYPE).featureNamesIn;
  }

  /** Per-column means learned by `fit`, in the order of the fitted columns. */
  get mean(): readonly number[] {
    return requireFitted(this.#state, TYPE).mean;
  }

  /** Per-column scales learned by `fit` (population std; 1 for constant columns). */
  get scale(): readonly number[] {
    return requireFitted(this.#state, TYPE).scale;
  }

  /** Learns each column's mean and standard deviation, ignoring NaN. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    const means: number[] = [];
    const scales: number[] = [];
    for (const name of columns) {
      const values = getNumeric(table, name);
      requireNoInfinity(values, name);
      const m = mean(values);
      const s = std(values, 0);
      means.push(m);
      scales.push(isConstant(s * s, m, countFinite(values)) ? 1 : s);
    }
    this.#state = { featureNamesIn: columnNames(table), columns, mean: means, scale: scales };
    return this;
  }

  /** A new table with the fitted columns standardized. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const { withMean, withStd } = this.params;
    return shiftScaleColumns(
      table,
      state.columns,
      (j) => (withMean ? (state.mean[j] as number) : 0),
      (j) => (withStd ? (state.scale[j] as number) : 1),
    );
  }

  /** Undoes `transform`: `x * std + mean`. */
  inverseTransform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const { withMean, withStd } = this.params;
    return shiftScaleColumns(
      table,
      state.columns,
      (j) => (withMean ? (state.mean[j] as number) : 0),
      (j) => (withStd ? (state.scale[j] as number) : 1),
      true,
    );
  }

  /** The fitted scaler as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(
      TYPE,
      1,
      {
        ...columnsJSON(this.params.columns),
        withMean: this.params.withMean,
        withStd: this.params.withStd,
      },
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        mean: encodeNumbers(state.mean),
        scale: encodeNumbers(state.scale),
      },
    );
  }

  /** Restores a fitted scaler from {@link StandardScaler.toJSON} output (object or string). */
  static fromJSON(json: unknown): StandardScaler {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const scaler = restoring(TYPE, () => new StandardScaler(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    scaler.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns,
      mean: decodeNumbers(state['mean'], columns.length, 'mean', TYPE),
      scale: decodeNumbers(state['scale'], columns.length, 'scale', TYPE),
    };
    return scaler;
  }
}

function countFinite(values: Float64Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) n++;
  return n;
}

/**
 * scikit-learn's `_is_constant_feature`: a variance within the rounding error that computing
 * it from `n` values around `mean` can produce counts as zero. Without this, a column of
 * equal values whose mean is not exactly representable would be divided by ~1e-17.
 */
function isConstant(variance: number, m: number, n: number): boolean {
  const eps = Number.EPSILON;
  const bound = n * eps * variance + (n * m * eps) ** 2;
  return variance <= bound;
}
