import { CohortlabError } from '../errors/cohortlab-error.js';
import type { ColumnTable } from '../table/column-table.js';
import { idExpression } from './dates.js';
import { defaultEngine, type Engine } from './engine.js';
import type { FileReadOptions } from './file-source.js';
import { requireColumn } from './mapping.js';
import type { RawColumn } from './raw-relation.js';
import { loadSource, type Source } from './source.js';
import { quoteIdent } from './sql.js';
import { fileScanError } from './file-source.js';

// Names the feature table already uses for its own columns.
const RESERVED = new Set(['customer_id', 'has_transactions', 'recency_days', 'frequency', 'monetary']);

/** Options of {@link loadCustomers}. */
export interface LoadCustomersOptions extends FileReadOptions {
  /** The column holding the customer id (matched to the transactions' customer id). */
  readonly idColumn: string;
  /** Attribute columns to keep; default: every other column. */
  readonly attributes?: readonly string[];
  readonly engine?: Engine;
}

/**
 * A customer table in the engine: `table` has `customer_id` (text) and the attribute columns
 * under their own names, one row per customer.
 */
export interface Customers {
  readonly engine: Engine;
  readonly source: string;
  readonly table: string;
  readonly attributes: readonly RawColumn[];
  readonly rows: number;
}

/**
 * Loads a customer table (demographics, region, channel, …). Ids must be present and
 * unique: a missing or repeated id is an error naming its row.
 */
export async function loadCustomers(source: Source, options: LoadCustomersOptions): Promise<Customers> {
  try {
    return await loadCustomersFrom(source, options);
  } catch (error) {
    // A corrupt Parquet page shows up when the view is scanned: name the file.
    throw typeof source === 'string' ? fileScanError(error, source) : error;
  }
}

async function loadCustomersFrom(source: Source, options: LoadCustomersOptions): Promise<Customers> {
  const engine = options.engine ?? (await defaultEngine());
  const raw = await loadSource(engine, source, options);
  const idColumn = requireColumn(raw, options.idColumn);
  const attributes = (options.attributes ?? raw.columns.map((c) => c.name).filter((n) => n !== idColumn.name))
    .map((name) => requireColumn(raw, name));
  const clash = attributes.find((c) => RESERVED.has(c.name) && c.name !== idColumn.name);
  if (clash) {
    throw new CohortlabError('INVALID_OPTION', 'attribute name is reserved for a feature; rename it', {
      file: raw.label,
      column: clash.name,
    });
  }
  // Normalised as the transactions' ids are (trimmed, 12347.0 as 12347), so they join.
  const id = idExpression(idColumn);
  const missing = await engine.row(`SELECT count(*) AS n, min(__row) AS row FROM ${raw.name} WHERE ${id} IS NULL`);
  if (Number(missing['n']) > 0) {
    throw new CohortlabError('INVALID_INPUT', 'customer id is missing', {
      file: raw.label,
      row: Number(missing['row']),
      column: idColumn.name,
      count: Number(missing['n']),
    });
  }
  const repeated = await engine.row(
    `SELECT count(*) AS n, min(__row) AS row, arg_min(id, __row) AS id FROM (
       SELECT ${id} AS id, __row, row_number() OVER (PARTITION BY ${id} ORDER BY __row) AS k FROM ${raw.name}
     ) WHERE k > 1`,
  );
  if (Number(repeated['n']) > 0) {
    throw new CohortlabError('INVALID_INPUT', `customer id "${String(repeated['id'])}" appears more than once`, {
      file: raw.label,
      row: Number(repeated['row']),
      column: idColumn.name,
      count: Number(repeated['n']),
    });
  }
  const rows = Number((await engine.row(`SELECT count(*) AS n FROM ${raw.name}`))['n']);
  if (rows === 0) throw new CohortlabError('NO_ROWS', 'no data rows', { file: raw.label });
  const table = engine.uniqueName('customers');
  const keep = attributes.filter((c) => c.name !== idColumn.name);
  await engine.run(
    `CREATE TEMP VIEW ${table} AS SELECT ${id} AS customer_id${keep.map((c) => `, ${quoteIdent(c.name)}`).join('')}
     FROM ${raw.name}`,
  );
  return { engine, source: raw.label, table, attributes: keep, rows };
}

/** The customer table as columns (id first), ordered by id. */
export async function customerColumns(customers: Customers): Promise<ColumnTable> {
  return customers.engine.columns(`SELECT * FROM ${customers.table} ORDER BY customer_id`);
}
