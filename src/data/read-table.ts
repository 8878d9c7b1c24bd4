import type { ColumnTable } from '../table/column-table.js';
import { defaultEngine, type Engine } from './engine.js';
import type { FileReadOptions } from './file-source.js';
import { loadSource, type Source } from './source.js';
import { quoteIdent, tryNumber } from './sql.js';

/** Options of {@link readTable}. */
export interface ReadTableOptions extends FileReadOptions {
  readonly engine?: Engine;
}

/**
 * Reads any {@link Source} (a CSV / Parquet / JSON file, records, columns, a DataFrame) into a
 * plain {@link ColumnTable}, in source order. Text columns whose every non-empty value is a
 * plain number become float64 columns (empty cells NaN); the others stay text, and so do
 * zero-padded numbers such as ids `0001`. For tables that
 * are not transactions or customers — e.g. a feature table for a classifier.
 */
export async function readTable(source: Source, options: ReadTableOptions = {}): Promise<ColumnTable> {
  const engine = options.engine ?? (await defaultEngine());
  const raw = await loadSource(engine, source, options);
  const text = raw.columns.filter((c) => c.kind === 'text');
  let numeric = new Set<string>();
  if (text.length > 0) {
    const checks = text.map((c) => {
      const v = `NULLIF(trim(${quoteIdent(c.name)}), '')`;
      // A leading zero (0001) marks an identifier: it stays text so the padding survives.
      return `count(${v}) = count(CASE WHEN isfinite(${tryNumber(v)}) THEN 1 END)
        AND count(${v}) > 0
        AND count(CASE WHEN regexp_matches(${v}, '^[+-]?0[0-9]') THEN 1 END) = 0 AS ${quoteIdent(c.name)}`;
    });
    const row = await engine.row(`SELECT ${checks.join(', ')} FROM ${raw.name}`);
    numeric = new Set(text.filter((c) => row[c.name] === true).map((c) => c.name));
  }
  const select = raw.columns.map((c) => {
    const name = quoteIdent(c.name);
    return numeric.has(c.name) ? `CAST(NULLIF(trim(${name}), '') AS DOUBLE) AS ${name}` : name;
  });
  return engine.columns(`SELECT ${select.join(', ')} FROM ${raw.name} ORDER BY __row`);
}
