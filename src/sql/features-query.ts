/**
 * The features alone as one query (the SQL counterpart of `customerFeatures`).
 *
 * @module
 */
import type { SqlDialect } from './dialect.js';
import { duckdbDialect } from './dialects/duckdb.js';
import { featureStages, type SqlFeatureConfig } from './features.js';

/** Options of {@link customerFeaturesSql}. */
export interface CustomerFeaturesSqlOptions {
  /** SQL dialect (default DuckDB). */
  readonly dialect?: SqlDialect;
  /** The transactions: a table name or a parenthesised subquery with an alias, as written. */
  readonly table: string;
}

/**
 * One query computing the features of `customerFeatures` from raw transactions: one row per
 * customer ordered by id, with `customer_id`, the numeric features, `has_transactions`,
 * `first_purchase` and `last_purchase` (see `featureStages`).
 */
export function customerFeaturesSql(
  config: SqlFeatureConfig,
  options: CustomerFeaturesSqlOptions,
): string {
  const dialect = options.dialect ?? duckdbDialect;
  const { stages, columns } = featureStages(config, dialect);
  const select = columns.map((c) => dialect.quoteIdentifier(c)).join(', ');
  return dialect.compose(options.table, [
    ...stages,
    {
      name: 'features_out',
      comment: 'One row per customer, ordered by id.',
      select: (from) =>
        `SELECT ${select}\nFROM ${from}\nORDER BY ${dialect.quoteIdentifier('customer_id')}`,
    },
  ]);
}
