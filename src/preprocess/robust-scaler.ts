import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../model/estimator.js';
import { columnNames, getNumeric, type ColumnTable } from '../table/column-table.js';
import { quantileSorted, sortedFinite } from '../util/stats.js';
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
import { shiftScaleColumns, type InvertibleTransformer } from './transformer.js';
import { CohortlabError } from '../errors/cohortlab-error.js';

const TYPE = 'RobustScaler';

/** Hyperparameters of {@link RobustScaler}, defaults filled in. */
export type RobustScalerParams = {
  /** Columns to scale; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
  /** Subtract the median (default true). */
  readonly withCentering: boolean;
  /** Divide by the quantile range (default true). */
  readonly withScaling: boolean;
  /** Percentiles `[low, high]` whose difference is the scale, 0 ≤ low ≤ high ≤ 100 (default `[25, 75]`, the IQR). */
  readonly quantileRange: readonly [number, number];
};

/** Options accepted by the {@link RobustScaler} constructor. */
export type RobustScalerOptions = Partial<RobustScalerParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  readonly center: readonly number[];
  readonly scale: readonly number[];
}

/**
 * Centres numeric columns on the median and divides by the interquartile range (or another
 * `quantileRange`), as scikit-learn's `RobustScaler` does: outliers barely move these
 * statistics, unlike mean and std. Quantiles interpolate linearly (numpy's default). A zero
 * range gets scale 1. NaN is ignored when fitting and stays NaN.
 */
export class RobustScaler implements InvertibleTransformer<RobustScalerParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<RobustScalerParams>;
  #state: State | undefined;

  /** @param options see {@link RobustScalerParams}; `INVALID_OPTION` when malformed. */
  constructor(options: RobustScalerOptions = {}) {
    const raw = checkOptions(
      options,
      ['columns', 'withCentering', 'withScaling', 'quantileRange'],
      TYPE,
    );
    const quantileRange = rangeOption(raw, 'quantileRange', [25, 75], TYPE, true);
    if (quantileRange[0] < 0 || quantileRange[1] > 100) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} option "quantileRange" must lie within [0, 100]`,
      );
    }
    this.params = Object.freeze({
      columns: columnsOption(raw, TYPE),
      withCentering: booleanOption(raw, 'withCentering', true, TYPE),
      withScaling: booleanOption(raw, 'withScaling', true, TYPE),
      quantileRange,
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

  /** Per-column medians learned by `fit`. */
  get center(): readonly number[] {
    return requireFitted(this.#state, TYPE).center;
  }

  /** Per-column quantile ranges learned by `fit` (1 where the range is zero). */
  get scale(): readonly number[] {
    return requireFitted(this.#state, TYPE).scale;
  }

  /** Learns each column's median and quantile range, ignoring NaN. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    const [qLow, qHigh] = this.params.quantileRange;
    const center: number[] = [];
    const scale: number[] = [];
    for (const name of columns) {
      const values = getNumeric(table, name);
      requireNoInfinity(values, name);
      const sorted = sortedFinite(values); // sort once for all three quantiles
      center.push(quantileSorted(sorted, 0.5));
      const range = quantileSorted(sorted, qHigh / 100) - quantileSorted(sorted, qLow / 100);
      // _handle_zeros_in_scale: a range below 10 epsilons is treated as 1.
      scale.push(range < 10 * Number.EPSILON ? 1 : range);
    }
    this.#state = { featureNamesIn: columnNames(table), columns, center, scale };
    return this;
  }

  /** A new table with the fitted columns centred and scaled. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const { withCentering, withScaling } = this.params;
    return shiftScaleColumns(
      table,
      state.columns,
      (j) => (withCentering ? (state.center[j] as number) : 0),
      (j) => (withScaling ? (state.scale[j] as number) : 1),
    );
  }

  /** Undoes `transform`: `x * scale + center`. */
  inverseTransform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const { withCentering, withScaling } = this.params;
    return shiftScaleColumns(
      table,
      state.columns,
      (j) => (withCentering ? (state.center[j] as number) : 0),
      (j) => (withScaling ? (state.scale[j] as number) : 1),
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
        withCentering: this.params.withCentering,
        withScaling: this.params.withScaling,
        quantileRange: [...this.params.quantileRange],
      },
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        center: encodeNumbers(state.center),
        scale: encodeNumbers(state.scale),
      },
    );
  }

  /** Restores a fitted scaler from {@link RobustScaler.toJSON} output (object or string). */
  static fromJSON(json: unknown): RobustScaler {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const scaler = restoring(TYPE, () => new RobustScaler(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    scaler.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns,
      center: decodeNumbers(state['center'], columns.length, 'center', TYPE),
      scale: decodeNumbers(state['scale'], columns.length, 'scale', TYPE),
    };
    return scaler;
  }
}
