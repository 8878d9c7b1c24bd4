import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type ModelJSON,
  type TableTransformer,
} from '../model/estimator.js';
import { columnNames, getText, rowCount, type ColumnTable } from '../table/column-table.js';
import { replaceColumns, resolveColumns, type Replacement } from './columns.js';
import { checkOptions, columnsOption, enumOption } from '../util/options.js';
import { columnsJSON, readArray, readObject, readStrings, restoring } from './state-json.js';

const TYPE = 'OneHotEncoder';

/** What {@link OneHotEncoder.transform} does with a category it did not see at fit. */
export type HandleUnknown = 'error' | 'ignore';

/** Hyperparameters of {@link OneHotEncoder}, defaults filled in. */
export type OneHotEncoderParams = {
  /** Text columns to encode; default: every text column of the table given to `fit`. */
  readonly columns?: readonly string[];
  /**
   * `'error'` (default): an unseen category is `INVALID_INPUT` naming column and row.
   * `'ignore'`: its row gets 0 in every indicator column of that input column.
   */
  readonly handleUnknown: HandleUnknown;
};

/** Options accepted by the {@link OneHotEncoder} constructor. */
export type OneHotEncoderOptions = Partial<OneHotEncoderParams>;

/** A category of a text column; `null` (missing) is a category of its own when seen at fit. */
export type Category = string | null;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
  /** Sorted categories per encoded column, null last. */
  readonly categories: readonly (readonly Category[])[];
  readonly featureNamesOut: readonly string[];
}

/**
 * Encodes text columns as indicator columns: one float64 0/1 column per category, named
 * `<column>=<category>` (`<column>=null` for the missing category), categories sorted by
 * JavaScript string order with null last, as scikit-learn puts missing values last. The
 * indicator columns take the place of the text column; other columns pass through.
 *
 * Missing (null) is a category only if it occurred at fit; otherwise it is handled like any
 * unseen category. Encoding loses nothing but is not a numeric map, so there is no
 * `inverseTransform`.
 */
export class OneHotEncoder implements TableTransformer<OneHotEncoderParams> {
  /** Hyperparameters, defaults filled in. */
  readonly params: Readonly<OneHotEncoderParams>;
  #state: State | undefined;

  /** @param options see {@link OneHotEncoderParams}; `INVALID_OPTION` when malformed. */
  constructor(options: OneHotEncoderOptions = {}) {
    const raw = checkOptions(options, ['columns', 'handleUnknown'], TYPE);
    this.params = Object.freeze({
      columns: columnsOption(raw, TYPE),
      handleUnknown: enumOption(raw, 'handleUnknown', ['error', 'ignore'] as const, 'error', TYPE),
    });
  }

  /** True once fitted or restored from JSON. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** Output column names for a table with the columns seen at fit: indicators in place of encoded columns. */
  get featureNamesOut(): readonly string[] {
    return requireFitted(this.#state, TYPE).featureNamesOut;
  }

  /** The sorted categories of each encoded column, in the order of the encoded columns. */
  get categories(): readonly (readonly Category[])[] {
    return requireFitted(this.#state, TYPE).categories;
  }

  /** Learns the categories of each text column. */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'text');
    const categories = columns.map((name) => sortCategories(new Set(getText(table, name))));
    this.#state = buildState(columnNames(table), columns, categories);
    return this;
  }

  /** A new table where each encoded column is replaced by its indicator columns. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    const n = rowCount(table);
    const replaced = new Map<string, Replacement>();
    state.columns.forEach((name, j) => {
      const values = getText(table, name);
      const categories = state.categories[j] as readonly Category[];
      const index = new Map<Category, number>(categories.map((c, k) => [c, k]));
      const indicators = categories.map(() => new Float64Array(n));
      let firstUnknown = -1;
      let unknownCount = 0;
      for (let i = 0; i < n; i++) {
        const k = index.get(values[i] ?? null);
        if (k !== undefined) (indicators[k] as Float64Array)[i] = 1;
        else if (unknownCount++ === 0) firstUnknown = i;
      }
      if (unknownCount > 0 && this.params.handleUnknown === 'error') {
        const value = values[firstUnknown] ?? null;
        throw new CohortlabError(
          'INVALID_INPUT',
          `category ${value === null ? 'null (missing)' : JSON.stringify(value)} was not seen at fit`,
          { column: name, row: firstUnknown + 1, count: unknownCount },
        );
      }
      replaced.set(
        name,
        categories.map((c, k) => [indicatorName(name, c), indicators[k] as Float64Array] as const),
      );
    });
    return replaceColumns(table, replaced);
  }

  /** The fitted encoder as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(
      TYPE,
      1,
      { ...columnsJSON(this.params.columns), handleUnknown: this.params.handleUnknown },
      {
        featureNamesIn: [...state.featureNamesIn],
        columns: [...state.columns],
        categories: state.categories.map((c) => [...c]),
      },
    );
  }

  /** Restores a fitted encoder from {@link OneHotEncoder.toJSON} output (object or string). */
  static fromJSON(json: unknown): OneHotEncoder {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const encoder = restoring(TYPE, () => new OneHotEncoder(params));
    const columns = readStrings(state['columns'], 'columns', TYPE);
    const categories = readArray(state['categories'], 'categories', TYPE).map((list) =>
      readArray(list, 'categories', TYPE).map((c) => {
        if (c !== null && typeof c !== 'string') {
          throw new CohortlabError('INVALID_MODEL', `${TYPE} categories must be strings or null`);
        }
        return c;
      }),
    );
    if (categories.length !== columns.length) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model needs one category list per column`);
    }
    const featureNamesIn = readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE);
    try {
      encoder.#state = buildState(featureNamesIn, columns, categories);
    } catch (cause) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE} model has clashing output names`,
        {},
        cause,
      );
    }
    return encoder;
  }
}

/** `<column>=<category>`, with `null` spelled out for the missing category. */
function indicatorName(column: string, category: Category): string {
  return `${column}=${category ?? 'null'}`;
}

/** Strings in JavaScript (UTF-16 code unit) order, then null. */
function sortCategories(seen: ReadonlySet<Category>): Category[] {
  const strings = [...seen].filter((c): c is string => c !== null).sort();
  return seen.has(null) ? [...strings, null] : strings;
}

/** The fitted state, with output names computed once and checked for clashes. */
function buildState(
  featureNamesIn: readonly string[],
  columns: readonly string[],
  categories: readonly (readonly Category[])[],
): State {
  const encoded = new Map(columns.map((name, j) => [name, categories[j] as readonly Category[]]));
  const names: string[] = [];
  for (const name of featureNamesIn) {
    const cats = encoded.get(name);
    if (cats === undefined) names.push(name);
    else for (const c of cats) names.push(indicatorName(name, c));
  }
  const seen = new Set<string>();
  for (const name of names) {
    // e.g. a category "null" next to a missing category, or a column already named "a=x".
    if (seen.has(name)) {
      throw new CohortlabError('INVALID_INPUT', 'two output columns would share this name', {
        column: name,
      });
    }
    seen.add(name);
  }
  return { featureNamesIn, columns, categories, featureNamesOut: names };
}
