import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableTransformer,
} from '../model/estimator.js';
import { columnNames, getNumeric, type ColumnTable } from '../table/column-table.js';
import { quantileSorted, sortedFinite } from '../util/stats.js';
import { requireNoInfinity, resolveColumns } from './columns.js';
import { checkOptions, columnsOption, numberOption } from '../util/options.js';
import {
  columnsJSON,
  decodeNumbers,
  encodeNumbers,
  readObject,
  readStrings,
  restoring,
} from './state-json.js';
import { mapNumericColumns } from './transformer.js';

const TYPE = 'Winsorizer';

/** Hyperparameters of {@link Winsorizer}, defaults filled in. */
export type WinsorizerParams = {
  /** Columns to clip; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
  /** Quantile (0–1) of the lower clipping bound (default 0.01). */
  readonly lower: number;
  /** Quantile (0–1) of the upper clipping bound (default 0.99), at least `lower`. */
  readonly upper: number;
};

/** Options accepted by the {@link Winsorizer} constructor. */
export type WinsorizerOptions = Partial<WinsorizerParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/**
 * Clips numeric columns to bounds learned as quantiles of the fitted data (linear
 * interpolation, numpy's default), so that a handful of extreme customers cannot dominate
 * means, distances or scales downstream. NaN is ignored when fitting and stays NaN. A column
 * that was all NaN at fit has no bounds and is passed through unclipped.
 *
 * Clipping loses information, so there is no `inverseTransform`.
 */
export class Winsorizer implements TableTransformer<WinsorizerParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<WinsorizerParams>;
  #state: State | undefined;

  /** @param options see {@link WinsorizerParams}; `INVALID_OPTION` when malformed. */
  constructor(options: WinsorizerOptions = {}) {
    const raw = checkOptions(options, ['columns', 'lower', 'upper'], TYPE);
    const lower = numberOption(raw, 'lower', 0.01, TYPE);
    const upper = numberOption(raw, 'upper', 0.99, TYPE);
    if (!(lower >= 0 && lower <= upper && upper <= 1)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} needs 0 <= lower <= upper <= 1, got lower ${lower} and upper ${upper}`,
      );
    }
    this.params = Object.freeze({ columns: columnsOption(raw, TYPE), lower, upper });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Output column names for a table with the columns seen at fit. */
  get featureNamesOut(): readonly string[] {
    return requireFitted(this.#state, TYPE).featureNamesIn;
  }

  /** Per-column lower bounds learned by `fit`. */
  get low(): readonly number[] {
    return requireFitted(this.#state, TYPE).low;
  }

  /** Per-column upper bounds learned by `fit`. */
  get high(): readonly number[] {
    return requireFitted(this.#state, TYPE).high;
  }

  /** Learns each column's clipping bounds, ignoring NaN. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    const low: number[] = [];
    const high: number[] = [];
    for (const name of columns) {
      const values = getNumeric(table, name);
      requireNoInfinity(values, name);
      const sorted = sortedFinite(values);
      low.push(quantileSorted(sorted, this.params.lower));
      high.push(quantileSorted(sorted, this.params.upper));
    }
    this.#state = { featureNamesIn: columnNames(table), columns, low, high };
    return this;
  }

  /** A new table with the fitted columns clipped to their bounds. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values, j) => {
      const lo = state.low[j] as number;
      const hi = state.high[j] as number;
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as number;
        // Comparisons with NaN are false: NaN values, and NaN bounds, leave v as it is.
        out[i] = v < lo ? lo : v > hi ? hi : v;
      }
      return out;
    });
  }

  /** The fitted transformer as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(
      TYPE,
      1,
      { ...columnsJSON(this.params.columns), lower: this.params.lower, upper: this.params.upper },
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        low: encodeNumbers(state.low),
        high: encodeNumbers(state.high),
      },
    );
  }

  /** Restores a fitted transformer from {@link Winsorizer.toJSON} output (object or string). */
  static fromJSON(json: unknown): Winsorizer {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const winsorizer = restoring(TYPE, () => new Winsorizer(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    winsorizer.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns,
      low: decodeNumbers(state['low'], columns.length, 'low', TYPE),
      high: decodeNumbers(state['high'], columns.length, 'high', TYPE),
    };
    return winsorizer;
  }
}
