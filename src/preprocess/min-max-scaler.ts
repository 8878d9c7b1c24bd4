import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../model/estimator.js';
import { columnNames, getNumeric, type ColumnTable } from '../table/column-table.js';
import { requireNoInfinity, resolveColumns } from './columns.js';
import { booleanOption, checkOptions, columnsOption, rangeOption } from '../util/options.js';
import {
  columnsJSON,
  decodeNumbers,
  encodeNumbers,
  readObject,
  readStrings,
  restoring,
} from './state-json.js';
import { mapNumericColumns, type InvertibleTransformer } from './transformer.js';

const TYPE = 'MinMaxScaler';

/** Hyperparameters of {@link MinMaxScaler}, defaults filled in. */
export type MinMaxScalerParams = {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
  /** Target range `[low, high]`, `low < high` (default `[0, 1]`). */
  readonly featureRange: readonly [number, number];
  /** Clip transformed values into `featureRange` (default false: new data may fall outside). */
  readonly clip: boolean;
};

/** Options accepted by the {@link MinMaxScaler} constructor. */
export type MinMaxScalerOptions = Partial<MinMaxScalerParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  readonly dataMin: readonly number[];
  readonly dataMax: readonly number[];
  /** Multiplier: `(high - low) / (max - min)`, or `high - low` for a constant column. */
  readonly scale: readonly number[];
  /** Offset added after multiplying: `low - min * scale`. */
  readonly min: readonly number[];
}

/**
 * Rescales numeric columns linearly so the fitted minimum maps to `featureRange[0]` and the
 * maximum to `featureRange[1]`, computed as scikit-learn's `MinMaxScaler` does
 * (`x * scale + min`). A constant column (range below 10 machine epsilons) gets range 1, as in
 * scikit-learn, so its value maps to `featureRange[0]` instead of dividing by zero. NaN is
 * ignored when fitting and stays NaN.
 */
export class MinMaxScaler implements InvertibleTransformer<MinMaxScalerParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<MinMaxScalerParams>;
  #state: State | undefined;

  /** @param options see {@link MinMaxScalerParams}; `INVALID_OPTION` when malformed. */
  constructor(options: MinMaxScalerOptions = {}) {
    const raw = checkOptions(options, ['columns', 'featureRange', 'clip'], TYPE);
    this.params = Object.freeze({
      columns: columnsOption(raw, TYPE),
      featureRange: rangeOption(raw, 'featureRange', [0, 1], TYPE),
      clip: booleanOption(raw, 'clip', false, TYPE),
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

  /** Per-column minimum seen at fit (NaN ignored). */
  get dataMin(): readonly number[] {
    return requireFitted(this.#state, TYPE).dataMin;
  }

  /** Per-column maximum seen at fit (NaN ignored). */
  get dataMax(): readonly number[] {
    return requireFitted(this.#state, TYPE).dataMax;
  }

  /** Learns each column's minimum and maximum, ignoring NaN. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    const dataMin: number[] = [];
    const dataMax: number[] = [];
    for (const name of columns) {
      const values = getNumeric(table, name);
      requireNoInfinity(values, name);
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // No non-NaN value: the statistics are unknown, and so is every output.
      dataMin.push(lo === Infinity ? NaN : lo);
      dataMax.push(hi === -Infinity ? NaN : hi);
    }
    this.#state = {
      featureNamesIn: columnNames(table),
      columns,
      ...derive(dataMin, dataMax, this.params.featureRange),
    };
    return this;
  }

  /** A new table with the fitted columns rescaled. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const [low, high] = this.params.featureRange;
    const clip = this.params.clip;
    return mapNumericColumns(table, state.columns, (values, j) => {
      const scale = state.scale[j] as number;
      const min = state.min[j] as number;
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const y = (values[i] as number) * scale + min;
        // Comparisons with NaN are false, so NaN passes through the clip untouched.
        out[i] = clip ? (y < low ? low : y > high ? high : y) : y;
      }
      return out;
    });
  }

  /** Undoes `transform` (for values that were not clipped): `(x - min) / scale`. */
  inverseTransform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values, j) => {
      const scale = state.scale[j] as number;
      const min = state.min[j] as number;
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = ((values[i] as number) - min) / scale;
      return out;
    });
  }

  /** The fitted scaler as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(
      TYPE,
      1,
      {
        ...columnsJSON(this.params.columns),
        featureRange: [...this.params.featureRange],
        clip: this.params.clip,
      },
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        dataMin: encodeNumbers(state.dataMin),
        dataMax: encodeNumbers(state.dataMax),
      },
    );
  }

  /** Restores a fitted scaler from {@link MinMaxScaler.toJSON} output (object or string). */
  static fromJSON(json: unknown): MinMaxScaler {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const scaler = restoring(TYPE, () => new MinMaxScaler(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    const dataMin = decodeNumbers(state['dataMin'], columns.length, 'dataMin', TYPE);
    const dataMax = decodeNumbers(state['dataMax'], columns.length, 'dataMax', TYPE);
    // scale and min are recomputed by the same code as in fit, so they come back bit for bit.
    scaler.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns,
      ...derive(dataMin, dataMax, scaler.params.featureRange),
    };
    return scaler;
  }
}

/** scikit-learn's arithmetic for `scale_` and `min_` from the data range. */
function derive(
  dataMin: readonly number[],
  dataMax: readonly number[],
  [low, high]: readonly [number, number],
): Pick<State, 'dataMin' | 'dataMax' | 'scale' | 'min'> {
  const scale: number[] = [];
  const min: number[] = [];
  dataMin.forEach((lo, j) => {
    const range = (dataMax[j] as number) - lo;
    // _handle_zeros_in_scale: a range below 10 epsilons is treated as 1.
    const s = (high - low) / (range < 10 * Number.EPSILON ? 1 : range);
    scale.push(s);
    min.push(low - lo * s);
  });
  return { dataMin, dataMax, scale, min };
}
