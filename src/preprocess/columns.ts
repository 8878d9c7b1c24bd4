/**
 * Column bookkeeping shared by the transformers: which columns a transformer applies to, and
 * how its output table is assembled.
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  columnNames,
  getColumn,
  getNumeric,
  getText,
  isNumericColumn,
  rowCount,
  type Column,
  type ColumnTable,
} from '../table/column-table.js';

/** Which columns a transformer accepts: numbers, text, or either. */
export type ColumnKind = 'numeric' | 'text' | 'any';

/**
 * The columns a transformer applies to. An explicit list is checked against `table` (a
 * missing column is `UNKNOWN_FEATURE`, one of the wrong kind `INVALID_INPUT`); without a
 * list, every column of the accepted kind, in table order.
 */
export function resolveColumns(
  table: ColumnTable,
  columns: readonly string[] | undefined,
  kind: ColumnKind,
): string[] {
  rowCount(table); // refuses ragged tables before anything is learned from them
  if (columns !== undefined) {
    for (const name of columns) requireKind(table, name, kind);
    return [...columns];
  }
  return columnNames(table).filter((name) => {
    if (kind === 'any') return true;
    const numeric = isNumericColumn(getColumn(table, name));
    return kind === 'numeric' ? numeric : !numeric;
  });
}

/** Throws unless `table` has the named column of the given kind. */
export function requireKind(table: ColumnTable, name: string, kind: ColumnKind): void {
  if (kind === 'numeric') getNumeric(table, name);
  else if (kind === 'text') getText(table, name);
  else getColumn(table, name);
}

/** Output columns that take the place of one input column: `[name, column]` pairs, in order. */
export type Replacement = readonly (readonly [string, Column])[];

/**
 * A new table with the columns of `table` in their original order, where each column named
 * in `replaced` is swapped for its replacement columns (one for a scaler, one per category
 * for an encoder, none to drop it). Untouched columns are passed through by reference:
 * transformers never write into their input, so sharing is safe and avoids copying columns
 * nobody changed.
 */
export function replaceColumns(
  table: ColumnTable,
  replaced: ReadonlyMap<string, Replacement>,
): ColumnTable {
  const out: Record<string, Column> = {};
  const put = (name: string, column: Column): void => {
    // An output column whose name clashes with another one would silently overwrite it.
    if (Object.prototype.hasOwnProperty.call(out, name)) {
      throw new CohortlabError('INVALID_INPUT', 'two output columns would share this name', {
        column: name,
      });
    }
    out[name] = column;
  };
  for (const [name, column] of Object.entries(table)) {
    const replacement = replaced.get(name);
    if (replacement === undefined) put(name, column);
    else for (const [newName, newColumn] of replacement) put(newName, newColumn);
  }
  return out;
}

/** `replaceColumns` for the common case of one new column per replaced column, same name. */
export function replaceSameNames(
  table: ColumnTable,
  replaced: ReadonlyMap<string, Column>,
): ColumnTable {
  const pairs = new Map<string, Replacement>();
  for (const [name, column] of replaced) pairs.set(name, [[name, column]]);
  return replaceColumns(table, pairs);
}

/**
 * Throws `INVALID_INPUT` if `values` holds ±Infinity. Learned statistics (means, quantiles,
 * ranges) are meaningless with infinite values, so fitting refuses them as scikit-learn does.
 */
export function requireNoInfinity(values: Float64Array, column: string): void {
  let first = -1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === Infinity || v === -Infinity) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first >= 0) {
    throw new CohortlabError('INVALID_INPUT', `infinite value ${values[first]} cannot be fitted`, {
      column,
      row: first + 1,
      count,
    });
  }
}
