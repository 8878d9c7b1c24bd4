/**
 * Types and helpers shared by every transformer in `preprocess`.
 */
import type { TableTransformer } from '../model/estimator.js';
import { getNumeric, rowCount, type ColumnTable } from '../table/column-table.js';
import { replaceSameNames } from './columns.js';

/**
 * A transformer whose transformation can be undone: `inverseTransform(transform(x))` gives
 * back `x` up to rounding. Scalers and `Log1p` are; imputation, clipping and encoding lose
 * information and are not.
 */
export interface InvertibleTransformer<Params> extends TableTransformer<Params> {
  /** Maps transformed values back to the original scale; other columns pass through. */
  inverseTransform(table: ColumnTable): ColumnTable;
}

/** True when `transformer` has an `inverseTransform` method. */
export function isInvertible<P>(
  transformer: TableTransformer<P>,
): transformer is InvertibleTransformer<P> {
  return typeof (transformer as Partial<InvertibleTransformer<P>>).inverseTransform === 'function';
}

/** Restores a fitted transformer from its JSON form (a class's static `fromJSON`). */
export type TransformerReader = (json: unknown) => TableTransformer<unknown>;

/**
 * Applies `map` to each named numeric column of `table` and returns the new table: mapped
 * columns replace the originals in place, all other columns pass through. `map` receives the
 * input column and its index in `columns`, and must return a new array.
 */
export function mapNumericColumns(
  table: ColumnTable,
  columns: readonly string[],
  map: (values: Float64Array, index: number, name: string) => Float64Array,
): ColumnTable {
  rowCount(table); // refuses ragged tables before any work is done
  const replaced = new Map<string, Float64Array>();
  columns.forEach((name, index) => replaced.set(name, map(getNumeric(table, name), index, name)));
  return replaceSameNames(table, replaced);
}

/**
 * The shared core of centring scalers: maps each named column through
 * `x ↦ (x − center[j]) / scale[j]`, or with `inverse` through `x ↦ x · scale[j] + center[j]`.
 * Pass 0 / 1 to leave out centring / scaling.
 */
export function shiftScaleColumns(
  table: ColumnTable,
  columns: readonly string[],
  center: (index: number) => number,
  scale: (index: number) => number,
  inverse = false,
): ColumnTable {
  return mapNumericColumns(table, columns, (values, j) => {
    const c = center(j);
    const s = scale(j);
    const out = new Float64Array(values.length);
    if (inverse) for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * s + c;
    else for (let i = 0; i < values.length; i++) out[i] = ((values[i] as number) - c) / s;
    return out;
  });
}
