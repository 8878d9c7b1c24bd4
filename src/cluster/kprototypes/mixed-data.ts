/**
 * The data k-prototypes and k-modes train on: numeric attributes as a row-major float64
 * matrix and categorical attributes as integer codes into per-attribute level lists.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkedMatrix, type Matrix, type MatrixInput } from '../kmeans/matrix.js';

/**
 * Categorical attributes as columns: attribute name → one value per row. Strings, finite
 * numbers and booleans are taken as category labels (`1` and `'1'` are the same category);
 * `null`, `undefined` and anything else are refused with the row and attribute named.
 * A text column of a `ColumnTable` fits as is.
 */
export type CategoricalInput = Readonly<Record<string, ArrayLike<unknown>>>;

/** Mixed data: optional numeric attributes and the categorical ones, same rows. */
export interface MixedInput {
  /** Numeric attributes, n × p (scale them first: k-prototypes adds squared differences). */
  readonly numeric?: MatrixInput;
  /** Categorical attributes, name → values (see {@link CategoricalInput}). */
  readonly categorical: CategoricalInput;
}

/** Categorical attributes encoded: `codes[i * cols + a]` indexes `levels[a]`; −1 = unseen. */
export interface CategoricalCodes {
  readonly codes: Int32Array;
  readonly rows: number;
  readonly cols: number;
  /** Attribute names, in column order. */
  readonly names: readonly string[];
  /** The categories of each attribute, sorted (code order). */
  readonly levels: readonly (readonly string[])[];
}

/** Mixed data ready for the loops. `numeric` is undefined when there are no numeric attributes. */
export interface EncodedMixed {
  readonly numeric: Matrix | undefined;
  readonly categorical: CategoricalCodes;
  readonly rows: number;
}

/** The label of one categorical value, or undefined when it cannot be one. */
function label(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Checks the categorical columns' shape and values; returns names, columns and row count. */
function checkedColumns(
  input: CategoricalInput,
  owner: string,
  allowEmpty: boolean,
): { names: string[]; columns: ArrayLike<unknown>[]; rows: number } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner} needs the categorical attributes as an object of columns (name → values)`,
    );
  }
  const names = Object.keys(input);
  if (names.length === 0 && !allowEmpty) {
    throw new CohortlabError('INVALID_INPUT', `${owner} needs at least one categorical attribute`);
  }
  const columns = names.map((name) => {
    const column = input[name];
    if (column === null || typeof column !== 'object' || typeof column.length !== 'number') {
      throw new CohortlabError('INVALID_INPUT', `${owner}: attribute is not a list of values`, {
        column: name,
      });
    }
    return column;
  });
  const rows = columns.length === 0 ? 0 : (columns[0] as ArrayLike<unknown>).length;
  columns.forEach((column, a) => {
    if (column.length !== rows) {
      throw new CohortlabError(
        'INVALID_INPUT',
        `${owner}: attribute has ${column.length} values, "${names[0]}" has ${rows}`,
        { column: names[a] as string },
      );
    }
  });
  return { names, columns, rows };
}

/** The first bad value of a column as an error naming row (1-based) and attribute. */
function badValue(owner: string, name: string, row: number, value: unknown): CohortlabError {
  const what = value === null || value === undefined ? 'is missing' : `is not a category label`;
  return new CohortlabError(
    'INVALID_INPUT',
    `${owner}: categorical value ${what} (impute or drop the row first)`,
    { row: row + 1, column: name },
  );
}

/**
 * Encodes categorical columns for a fit: each attribute's levels are its distinct labels in
 * sorted (UTF-16 code unit) order, so the codes, and every tie broken by the lowest code, do
 * not depend on row order.
 */
export function encodeForFit(input: CategoricalInput, owner: string): CategoricalCodes {
  const { names, columns, rows } = checkedColumns(input, owner, false);
  const levels = columns.map((column, a) => {
    const seen = new Set<string>();
    for (let i = 0; i < rows; i++) {
      const value = label(column[i]);
      if (value === undefined) throw badValue(owner, names[a] as string, i, column[i]);
      seen.add(value);
    }
    return [...seen].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  });
  return { ...encodeWith(columns, rows, names, levels, owner), levels };
}

/**
 * Encodes categorical columns with the levels learned at fit (a category not seen then gets
 * code −1, which matches no mode). The attributes must be those of the fit, in any order.
 */
export function encodeWithLevels(
  input: CategoricalInput,
  names: readonly string[],
  levels: readonly (readonly string[])[],
  owner: string,
): CategoricalCodes {
  const checked = checkedColumns(input, owner, names.length === 0);
  const missing = names.find((name) => !checked.names.includes(name));
  const extra = checked.names.find((name) => !names.includes(name));
  if (missing !== undefined || extra !== undefined) {
    throw new CohortlabError(
      'INVALID_INPUT',
      missing !== undefined
        ? `${owner}: categorical attribute "${missing}" was used at fit but is missing`
        : `${owner}: categorical attribute "${extra}" was not used at fit`,
    );
  }
  const columns = names.map((name) => input[name] as ArrayLike<unknown>);
  return { ...encodeWith(columns, checked.rows, names, levels, owner), levels };
}

function encodeWith(
  columns: readonly ArrayLike<unknown>[],
  rows: number,
  names: readonly string[],
  levels: readonly (readonly string[])[],
  owner: string,
): Omit<CategoricalCodes, 'levels'> {
  const cols = columns.length;
  const codes = new Int32Array(rows * cols);
  columns.forEach((column, a) => {
    const index = new Map((levels[a] as readonly string[]).map((level, c) => [level, c]));
    for (let i = 0; i < rows; i++) {
      const value = label(column[i]);
      if (value === undefined) throw badValue(owner, names[a] as string, i, column[i]);
      codes[i * cols + a] = index.get(value) ?? -1;
    }
  });
  return { codes, rows, cols, names: [...names] };
}

/**
 * Checks mixed input and encodes it: the numeric part must be finite and have as many rows as
 * the categorical part. `levels` given: encode with them (predict); else learn them (fit).
 */
export function encodeMixed(
  input: MixedInput,
  owner: string,
  fitted?: { readonly names: readonly string[]; readonly levels: readonly (readonly string[])[] },
): EncodedMixed {
  if (typeof input !== 'object' || input === null) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner} needs { numeric?: matrix, categorical: { name: values } }`,
    );
  }
  const categorical =
    fitted === undefined
      ? encodeForFit(input.categorical, owner)
      : encodeWithLevels(input.categorical, fitted.names, fitted.levels, owner);
  const numeric = input.numeric === undefined ? undefined : checkedMatrix(input.numeric, owner);
  if (numeric !== undefined && numeric.rows !== categorical.rows) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the numeric part has ${numeric.rows} rows, the categorical part ${categorical.rows}`,
    );
  }
  return { numeric, categorical, rows: categorical.rows };
}
