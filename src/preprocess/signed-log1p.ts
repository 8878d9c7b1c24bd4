import { modelJSON, readModelJSON, requireFitted, type ModelJSON } from '../model/estimator.js';
import { columnNames, type ColumnTable } from '../table/column-table.js';
import { resolveColumns } from './columns.js';
import { checkOptions, columnsOption } from '../util/options.js';
import { columnsJSON, readObject, readStrings, restoring } from './state-json.js';
import { mapNumericColumns, type InvertibleTransformer } from './transformer.js';

const TYPE = 'SignedLog1p';

/** Hyperparameters of {@link SignedLog1p}. */
export type SignedLog1pParams = {
  /** Columns to transform; default: every numeric column of the table given to `fit`. */
  readonly columns?: readonly string[];
};

/** Options accepted by the {@link SignedLog1p} constructor. */
export type SignedLog1pOptions = Partial<SignedLog1pParams>;

interface State {
  readonly featureNamesIn: readonly string[];
  readonly columns: readonly string[];
}

/** `sign(x) · log(1 + |x|)`: `log1p` for x ≥ 0, mirrored for negatives (−0 stays −0). */
export function signedLog1p(x: number): number {
  return x < 0 ? -Math.log1p(-x) : Math.log1p(x);
}

/** The inverse of {@link signedLog1p}: `sign(y) · (exp(|y|) − 1)`. */
export function signedExpm1(y: number): number {
  return y < 0 ? -Math.expm1(-y) : Math.expm1(y);
}

/**
 * `sign(x) · log(1 + |x|)` of numeric columns: the log1p of {@link Log1p} for values ≥ 0
 * (identical there, to the bit), mirrored for negatives, so it is defined on the whole real
 * line. For money with returns netted in: the long right tail is tamed as by log1p, while a
 * customer with net refunds of 500 stays apart from one with −5 (clipping at 0 would make
 * them equal). Odd, continuous and strictly increasing; NaN stays NaN. `fit` learns nothing
 * but which columns to transform; the inverse is `sign(y) · (exp(|y|) − 1)`.
 */
export class SignedLog1p implements InvertibleTransformer<SignedLog1pParams> {
  /** Hyperparameters. */
  readonly params: Readonly<SignedLog1pParams>;
  #state: State | undefined;

  /** @param options see {@link SignedLog1pParams}; `INVALID_OPTION` when malformed. */
  constructor(options: SignedLog1pOptions = {}) {
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

  /** Fixes the columns to transform (any real value is accepted). */
  fit(table: ColumnTable): this {
    const columns = resolveColumns(table, this.params.columns, 'numeric');
    this.#state = { featureNamesIn: columnNames(table), columns };
    return this;
  }

  /** A new table with the signed log applied to the fitted columns. */
  transform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values) => values.map(signedLog1p));
  }

  /** Undoes `transform`: `sign(y) · expm1(|y|)` of the fitted columns. */
  inverseTransform(table: ColumnTable): ColumnTable {
    const state = requireFitted(this.#state, TYPE);
    return mapNumericColumns(table, state.columns, (values) => values.map(signedExpm1));
  }

  /** The fitted transform as plain JSON; `NOT_FITTED` before `fit`. */
  toJSON(): ModelJSON {
    const state = requireFitted(this.#state, TYPE);
    return modelJSON(TYPE, 1, columnsJSON(this.params.columns), {
      featureNamesIn: [...state.featureNamesIn],
      columns: [...state.columns],
    });
  }

  /** Restores a fitted transform from {@link SignedLog1p.toJSON} output (object or string). */
  static fromJSON(json: unknown): SignedLog1p {
    const model = readModelJSON<unknown, unknown>(json, TYPE, 1);
    const params = readObject(model.params, 'params', TYPE);
    const state = readObject(model.state, 'state', TYPE);
    const transform = restoring(TYPE, () => new SignedLog1p(params));
    transform.#state = {
      featureNamesIn: readStrings(state['featureNamesIn'], 'featureNamesIn', TYPE),
      columns: readStrings(state['columns'], 'columns', TYPE),
    };
    return transform;
  }
}
