import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Engine } from '../data/engine.js';
import { quoteIdent, quoteLiteral } from '../data/sql.js';
import { columnNames, isNumericColumn, rowCount, type ColumnTable } from '../table/column-table.js';
import {
  assertWritable,
  removeQuietly,
  replaceWithTemp,
  tempPathFor,
  writeFailed,
  type WriteOptions,
} from './write-file.js';

/** Options of {@link writeParquet}. */
export interface ParquetOptions extends WriteOptions {
  /** Engine to stage the table in; default a fresh in-memory one, closed afterwards. */
  readonly engine?: Engine;
}

/**
 * Copies a {@link ColumnTable} into a new temporary DuckDB table with the same column order:
 * float64 columns as DOUBLE (NaN → NULL), text columns as VARCHAR (null → NULL). Returns the
 * table's name; the caller drops it.
 */
export async function registerTable(engine: Engine, table: ColumnTable): Promise<string> {
  const names = columnNames(table);
  const columns = names.map((name) => table[name] as ColumnTable[string]);
  const numeric = columns.map((column) => isNumericColumn(column));
  const n = rowCount(table);
  const name = engine.uniqueName('export');
  const ddl = names
    .map((column, j) => `${quoteIdent(column)} ${numeric[j] ? 'DOUBLE' : 'VARCHAR'}`)
    .join(', ');
  await engine.run(`CREATE TEMP TABLE ${name} (${ddl})`);
  const appender = await engine.duckdb.createAppender(name, 'main', 'temp');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns.length; j++) {
      const value = (columns[j] as ColumnTable[string])[i];
      if (numeric[j]) {
        if (Number.isNaN(value)) appender.appendNull();
        else appender.appendDouble(value as number);
      } else if (value === null || value === undefined) appender.appendNull();
      else appender.appendVarchar(value as string);
    }
    appender.endRow();
  }
  appender.closeSync();
  return name;
}

/**
 * Writes a table as a Parquet file through DuckDB (`COPY … (FORMAT PARQUET)`): float64
 * columns become DOUBLE (bit-exact), text VARCHAR, NaN and null are NULL; column order is
 * kept. DuckDB writes a temporary file in the target's folder, which is then renamed over the
 * target, so readers never see half a file. An existing target is refused unless `force`.
 */
export async function writeParquet(
  table: ColumnTable,
  path: string,
  options: ParquetOptions = {},
): Promise<void> {
  assertWritable(path, options);
  const engine = options.engine ?? (await Engine.open({ threads: 1 }));
  const temp = tempPathFor(path);
  let staged: string | undefined;
  try {
    staged = await registerTable(engine, table);
    try {
      mkdirSync(dirname(path), { recursive: true });
      await engine.run(
        `COPY ${staged} TO ${quoteLiteral(temp)} (FORMAT PARQUET, COMPRESSION ZSTD)`,
      );
    } catch (error) {
      removeQuietly(temp);
      throw writeFailed(path, error);
    }
    replaceWithTemp(temp, path, options);
  } finally {
    if (staged !== undefined) await engine.run(`DROP TABLE IF EXISTS ${staged}`);
    if (options.engine === undefined) engine.close();
  }
}
