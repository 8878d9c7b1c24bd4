import { resolveAsOf, type DateInput } from '../data/as-of.js';
import type { Customers } from '../data/customers.js';
import { exactSum, quoteIdent, quoteLiteral } from '../data/sql.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { printableText } from '../sql/safe-text.js';
import type { ColumnTable } from '../table/column-table.js';
import { checkCustomerMatch } from './customer-match.js';
import {
  BASE_FEATURES,
  categoryShareName,
  categoryShareNames,
  featuresSql,
  windowFeatureNames,
} from './features-sql.js';

/** Options of {@link customerFeatures}. */
export interface FeatureOptions {
  /** As-of date; default the day after the last transaction. */
  readonly asOf?: DateInput;
  /** Trailing windows in days for extra frequency/monetary columns, e.g. [90, 180, 365]. */
  readonly windows?: readonly number[];
  /** A customer table whose attributes join in by id; its customers without transactions are kept. */
  readonly customers?: Customers;
  /** Spend-share columns per category when a category is mapped; default true. */
  readonly categoryShares?: boolean;
  /** At most this many categories get a column (the largest by gross spend; the rest are
   * pooled as "other"). Default 20. */
  readonly maxCategories?: number;
}

/** Per-customer features, one row per customer, ordered by customer id. */
export interface CustomerFeatures {
  /** The as-of date used ('YYYY-MM-DD'). */
  readonly asOf: string;
  /**
   * customer_id, the numeric features, has_transactions (1/0), first_purchase and
   * last_purchase ('YYYY-MM-DD'), then customer attributes.
   */
  readonly table: ColumnTable;
  /** Names of the numeric behavioural features (what models train on by default). */
  readonly featureNames: readonly string[];
  /** Names of the joined customer attributes. */
  readonly attributeNames: readonly string[];
  /** Name of the engine table holding the same rows (for SQL-side exports and joins). */
  readonly engineTable: string;
  /**
   * What the load and the join found worth telling: the transactions' own warnings
   * (`STRAY_DATES`), then `UNMATCHED_IDS` when a customer table is joined.
   */
  readonly warnings: readonly CohortlabWarning[];
}

/**
 * Computes per-customer features inside DuckDB (see {@link featuresSql} for definitions).
 * Customers from a customer table without any transaction before the as-of date get
 * has_transactions = 0, frequency = monetary = 0 and missing (NaN) recency and tenure.
 */
export async function customerFeatures(
  tx: Transactions,
  options: FeatureOptions = {},
): Promise<CustomerFeatures> {
  const engine = tx.engine;
  const asOf = await resolveAsOf(tx, options.asOf);
  const windows = validateWindows(options.windows ?? []);
  const customers = options.customers;
  if (customers !== undefined && customers.engine !== engine) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'customers were loaded into another engine than the transactions',
    );
  }
  const categories =
    tx.hasCategory && (options.categoryShares ?? true)
      ? await chooseCategories(tx, asOf, options.maxCategories ?? 20)
      : [];
  const source = categories.includes(OTHER) ? await poolCategories(tx, categories) : tx.table;
  const behaviour = featuresSql({
    source,
    asOf,
    hasOrderId: tx.hasOrderId,
    windows,
    categories,
    customerKey: tx.customerKey,
    ordered: false, // sorted once below, after the join
  });
  const shareNames = categoryShareNames(categories);
  const featureNames = [...BASE_FEATURES, ...windowFeatureNames(windows), ...shareNames];
  const zeroWhenAbsent = new Set(['frequency', 'monetary', ...windowFeatureNames(windows)]);
  const attributes = customers?.attributes.map((a) => a.name) ?? [];
  const engineTable = engine.uniqueName('features');
  const select = [
    customers ? 'coalesce(b.customer_id, c.customer_id) AS customer_id' : 'b.customer_id',
    ...featureNames.map((n) =>
      zeroWhenAbsent.has(n)
        ? `coalesce(b.${quoteIdent(n)}, 0) AS ${quoteIdent(n)}`
        : `b.${quoteIdent(n)}`,
    ),
    'CAST(b.customer_id IS NOT NULL AS DOUBLE) AS has_transactions',
    'b.first_purchase',
    'b.last_purchase',
    ...attributes.map((a) => `c.${quoteIdent(a)}`),
  ];
  const from = customers
    ? `(${behaviour}) AS b FULL OUTER JOIN ${customers.table} AS c ON b.customer_id = c.customer_id`
    : `(${behaviour}) AS b`;
  const joinWarnings = customers === undefined ? [] : await checkCustomerMatch(tx, customers, asOf);
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${engineTable} AS SELECT ${select.join(', ')} FROM ${from} ORDER BY 1`,
  );
  const table = await readFeatures(tx, engineTable, customers === undefined);
  const warnings = [...tx.warnings, ...joinWarnings, ...shareNameWarnings(categories, shareNames)];
  return { asOf, table, featureNames, attributeNames: attributes, engineTable, warnings };
}

const OTHER = 'other';

/** NAME_CHANGED when categories differing only in case or punctuation share a slug. */
function shareNameWarnings(
  categories: readonly string[],
  shareNames: readonly string[],
): CohortlabWarning[] {
  const renamed = categories.filter((c, k) => shareNames[k] !== categoryShareName(c));
  if (renamed.length === 0) return [];
  const k = categories.indexOf(renamed[0] as string);
  return [
    cohortlabWarning(
      'NAME_CHANGED',
      `${renamed.length} categories differ from another only in case or punctuation: their spend-share columns are numbered (e.g. ${shareNames[k] as string})`,
      { count: renamed.length, example: printableText(renamed[0] as string), stage: 'features' },
    ),
  ];
}

/**
 * The feature table into JavaScript. Where every id came from an integer key (no customer
 * table joined in), customer_id is read back as that integer and made text in JavaScript:
 * the same text (`CAST(… AS VARCHAR)` both ways), ~0.2 s less for a million customers.
 */
async function readFeatures(
  tx: Transactions,
  engineTable: string,
  idsFromKey: boolean,
): Promise<ColumnTable> {
  const idType = tx.raw.columns.find((c) => c.name === tx.mapping.customerId)?.duckdbType;
  if (!idsFromKey || tx.customerKey !== 'customer_key' || idType === undefined) {
    return tx.engine.columns(`SELECT * FROM ${engineTable}`);
  }
  return tx.engine.columns(
    `SELECT * REPLACE (CAST(customer_id AS ${idType}) AS customer_id) FROM ${engineTable}`,
    ['customer_id'],
  );
}

function validateWindows(windows: readonly number[]): number[] {
  for (const w of windows) {
    if (!Number.isInteger(w) || w <= 0) {
      throw new CohortlabError('INVALID_OPTION', `windows must be positive whole days, got ${w}`);
    }
  }
  return [...new Set(windows)].sort((a, b) => a - b);
}

/** The largest categories by gross spend (ties by name), plus "other" when some are pooled. */
export async function chooseCategories(
  tx: Transactions,
  asOf: string,
  max: number,
): Promise<string[]> {
  const rows = await tx.engine.rows(
    `SELECT coalesce(category, '') AS category FROM ${tx.table}
     WHERE day < DATE ${quoteLiteral(asOf)} AND amount > 0
     GROUP BY 1 ORDER BY ${exactSum('amount')} DESC, 1`,
  );
  const all = rows.map((r) => String(r['category']));
  if (all.length <= max) return all.sort();
  return [...all.slice(0, max - 1).sort(), OTHER];
}

/** A view of the transactions whose minor categories read "other". */
async function poolCategories(tx: Transactions, categories: readonly string[]): Promise<string> {
  const kept = categories
    .filter((c) => c !== OTHER)
    .map(quoteLiteral)
    .join(', ');
  const view = tx.engine.uniqueName('pooled');
  // maxCategories 1 keeps none: everything is "other" (an empty IN () is a syntax error).
  const pooled =
    kept === ''
      ? `'${OTHER}'`
      : `CASE WHEN coalesce(category, '') IN (${kept}) THEN coalesce(category, '') ELSE '${OTHER}' END`;
  await tx.engine.run(
    `CREATE TEMP VIEW ${view} AS SELECT * REPLACE (${pooled} AS category) FROM ${tx.table}`,
  );
  return view;
}
