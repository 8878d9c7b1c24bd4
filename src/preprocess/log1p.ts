import { CohortlabError } from '../errors/cohortlab-error.js';
import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../model/estimator.js';
import { columnNames, getNumeric, type ColumnTable } from '../table/column-table.js';
import { resolveColumns } from './columns.js';
import { checkOptions, columnsOption } from '../util/options.js';
import { columnsJSON, readObject, readStrings, restoring } from './state-json.js';
import { mapNumericColumns, type InvertibleTransformer } from './transformer.js';

const TYPE = 'Log1p';

/** Hyperparameters of {@link Log1p}. */
export type Log1pParams = {
  /** Columns to transform; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
};

/** Options accepted by the {@link Log1p} constructor. */
export type Log1pOptions = Partial<Log1pParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
}

/**
 * `log(1 + x)` of numeric columns: tames the long right tail of spend and frequency columns
 * while keeping 0 at 0. `fit` learns nothing but which columns to transform. A value ≤ -1
 * has no real logarithm and is refused (`INVALID_INPUT` naming the column and 1-based row);
 * NaN stays NaN. The inverse is `exp(x) - 1`.
 */
export class Log1p implements InvertibleTransformer<Log1pParams> {
  /** Hyperparameters. */
  readonly params: Readonly<Log1pParams>;
  #state: State | undefined;

  /** @param options see {@link Log1pParams}; `INVALID_OPTION` when malformed. */
  constructor(options: Log1pOptions = {}) {
    const raw = checkOptions(options, ['columns'], TYPE);
    this.params = Object.freeze({ columns: columnsOption(raw, TYPE) });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Output column names for a table with the columns seen at fit. */
  get featureNamesOut(): readonly string[] {
    return requireFitted(this.#state, TYPE).featureNamesIn;
  }

  /** Fixes the columns to transform and checks their values are all > -1. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    // Fail at fit rather than first at transform: the same data is usually transformed next.
    for (const name of columns) checkDomain(getNumeric(table, name), name);
    this.#state = { featureNamesIn: columnNames(table), columns };
    return this;
  }

  /** A new table with `log1p` applied to the fitted columns. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values, _j, name) => {
      checkDomain(values, name);
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = Math.log1p(values[i] as number);
      return out;
    });
  }

  /** Undoes `transform`: `expm1` of the fitted columns. */
  inverseTransform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values) => {
      const out = new Float64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = Math.expm1(values[i] as number);
      return out;
    });
  }

  /** The fitted transform as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(TYPE, 1, columnsJSON(this.params.columns), {
      featureNamesIn: [...state.featureNamesIn],
      columns: [...state.columns],
    });
  }

  /** Restores a fitted transform from {@link Log1p.toJSON} output (object or string). */
  static fromJSON(json: unknown): Log1p {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const transform = restoring(TYPE, () => new Log1p(params));
    transform.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns: readStrings(state['columns'], 'columns', TYPE),
    };
    return transform;
  }
}

/** Throws `INVALID_INPUT` at the first value ≤ -1 (NaN is allowed and passes through). */
function checkDomain(values: Float64Array, column: string): void {
  let first = -1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if ((values[i] as number) <= -1) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first >= 0) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `log1p needs values greater than -1, found ${values[first]}`,
      { column, row: first + 1, count },
    );
  }
}
