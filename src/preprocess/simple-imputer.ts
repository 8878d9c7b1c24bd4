import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableTransformer,
} from '../model/estimator.js';
import {
  columnNames,
  getNumeric,
  getText,
  isNumericColumn,
  getColumn,
  rowCount,
  type Column,
  type ColumnTable,
} from '../table/column-table.js';
import { mean, median } from '../util/stats.js';
import { replaceSameNames, requireNoInfinity, resolveColumns, type ColumnKind } from './columns.js';
import { checkOptions, columnsOption, enumOption } from '../util/options.js';
import { columnsJSON, readArray, readObject, readStrings, restoring } from './state-json.js';

const TYPE = 'SimpleImputer';

/** How {@link SimpleImputer} chooses the value that replaces a missing one. */
export type ImputeStrategy = 'median' | 'mean' | 'most_frequent' | 'constant';

const STRATEGIES: readonly ImputeStrategy[] = ['median', 'mean', 'most_frequent', 'constant'];

/** Hyperparameters of {@link SimpleImputer}, defaults filled in. */
export type SimpleImputerParams = {
  /**
   * Columns to impute. Default: every numeric column for `'median'` and `'mean'`, every
   * column for `'most_frequent'`, and every column of `fillValue`'s type for `'constant'`.
   */
  readonly columns?: readonly string[];
  /**
   * `'median'` (default; robust to the long tails of spend data) or `'mean'` for numeric
   * columns; `'most_frequent'` for numeric or text columns (ties go to the smallest value);
   * `'constant'` fills `fillValue`.
   */
  readonly strategy: ImputeStrategy;
  /**
   * The fill value for `'constant'` (required there, refused otherwise): a finite number
   * fills numeric columns, a string fills text columns.
   */
  readonly fillValue?: number | string;
};

/** Options accepted by the {@link SimpleImputer} constructor. */
export type SimpleImputerOptions = Partial<SimpleImputerParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  /** One fill value per column: a number for a numeric column, a string for a text column. */
  readonly fill: readonly (number | string)[];
}

/**
 * Replaces missing values, NaN in numeric columns and null in text columns, with a value
 * learned per column at fit (median, mean or most frequent value) or a given constant, like
 * scikit-learn's `SimpleImputer`. A column with no value to learn from is refused
 * (`INVALID_INPUT`) rather than silently dropped or left missing.
 *
 * The original positions of missing values are not kept, so there is no `inverseTransform`.
 */
export class SimpleImputer implements TableTransformer<SimpleImputerParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<SimpleImputerParams>;
  #state: State | undefined;

  /** @param options see {@link SimpleImputerParams}; `INVALID_OPTION` when malformed. */
  constructor(options: SimpleImputerOptions = {}) {
    const raw = checkOptions(options, ['columns', 'strategy', 'fillValue'], TYPE);
    const strategy = enumOption(raw, 'strategy', STRATEGIES, 'median', TYPE);
    const fillValue = raw['fillValue'];
    if (strategy === 'constant') {
      const valid =
        typeof fillValue === 'string' ||
        (typeof fillValue === 'number' && Number.isFinite(fillValue));
      if (!valid) {
        throw new CohortlabError(
          'INVALID_OPTION',
          `${TYPE} strategy 'constant' needs a fillValue: a finite number or a string`,
        );
      }
    } else if (fillValue !== undefined) {
      // Silently ignoring it would hide a likely mistake in the strategy.
      throw new CohortlabError(
        'INVALID_OPTION',
        `${TYPE} fillValue is only used with strategy 'constant'`,
      );
    }
    this.params = Object.freeze({
      columns: columnsOption(raw, TYPE),
      strategy,
      fillValue: fillValue as number | string | undefined,
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

  /** The fill value of each fitted column, in the order of the fitted columns. */
  get statistics(): readonly (number | string)[] {
    return requireFitted(this.#state, TYPE).fill;
  }

  /** Learns the fill value of each column from its non-missing values. */
  fit(table: ColumnTable): this {
    const { strategy, fillValue } = this.params;
    // A string fillValue only exists with 'constant', and then fills text columns.
    const kind: ColumnKind =
      strategy === 'most_frequent' ? 'any' : typeof fillValue === 'string' ? 'text' : 'numeric';
    const columns = resolveColumns(table, this.params.columns, kind);
    const fill = columns.map((name): number | string => {
      if (strategy === 'constant') return fillValue as number | string;
      const column = getColumn(table, name);
      if (isNumericColumn(column)) {
        requireNoInfinity(column, name);
        const value =
          strategy === 'mean'
            ? mean(column)
            : strategy === 'median'
              ? median(column)
              : mostFrequent(column);
        if (Number.isNaN(value)) throw nothingToLearn(name, strategy);
        return value;
      }
      const value = mostFrequent(column);
      if (value === null) throw nothingToLearn(name, strategy);
      return value;
    });
    this.#state = { featureNamesIn: columnNames(table), columns, fill };
    return this;
  }

  /** A new table with the missing values of the fitted columns filled. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    rowCount(table);
    const replaced = new Map<string, Column>();
    state.columns.forEach((name, j) => {
      const fill = state.fill[j] as number | string;
      if (typeof fill === 'number') {
        const values = getNumeric(table, name);
        const out = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++) {
          const v = values[i] as number;
          out[i] = Number.isNaN(v) ? fill : v;
        }
        replaced.set(name, out);
      } else {
        replaced.set(
          name,
          getText(table, name).map((v) => v ?? fill),
        );
      }
    });
    return replaceSameNames(table, replaced);
  }

  /** The fitted imputer as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    const { strategy, fillValue } = this.params;
    return modelJSON(
      TYPE,
      1,
      {
        ...columnsJSON(this.params.columns),
        strategy,
        ...(fillValue === undefined ? {} : { fillValue }),
      },
      // Fill values of numeric columns are finite (fit refuses infinities), so plain JSON.
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        fill: [...state.fill],
      },
    );
  }

  /** Restores a fitted imputer from {@link SimpleImputer.toJSON} output (object or string). */
  static fromJSON(json: unknown): SimpleImputer {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const imputer = restoring(TYPE, () => new SimpleImputer(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    const fill = readArray(state['fill'], 'fill', TYPE);
    const validFill = fill.every(
      (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)),
    );
    if (fill.length !== columns.length || !validFill) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE} model field "fill" must hold one number or string per column`,
      );
    }
    imputer.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns,
      fill: fill as (number | string)[],
    };
    return imputer;
  }
}

/** The most frequent non-missing value (ties: the smallest), or NaN / null when none. */
function mostFrequent(values: Float64Array): number;
function mostFrequent(values: readonly (string | null)[]): string | null;
function mostFrequent(values: ArrayLike<number | string | null>): number | string | null {
  const counts = new Map<number | string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  let best: number | string | null = null;
  let bestCount = 0;
  for (const [value, count] of counts) {
    // Ties go to the smallest value, as in scikit-learn, so the result is order-independent.
    if (count > bestCount || (count === bestCount && best !== null && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  if (best === null && values instanceof Float64Array) return NaN;
  return best;
}

function nothingToLearn(column: string, strategy: ImputeStrategy): CohortlabError {
  return new CohortlabError(
    'INVALID_INPUT',
    `has no non-missing value to compute the ${strategy.replace('_', ' ')} from`,
    { column },
  );
}
