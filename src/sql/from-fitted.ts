/**
 * The feature configuration of a fitted run, read from what `loadTransactions` and
 * `customerFeatures` produced, so that the exported SQL computes the same features.
 *
 * @module
 */
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { chooseCategories, type CustomerFeatures } from '../features/customer-features.js';
import { categoryShareNames } from '../features/features-sql.js';
import type { SqlFeatureConfig } from './features.js';

/** Options of {@link sqlFeatureConfig}. */
export interface SqlFeatureConfigOptions {
  /** The `maxCategories` given to `customerFeatures` (default 20, its default). */
  readonly maxCategories?: number;
}

/**
 * The {@link SqlFeatureConfig} that reproduces `features` (as-of date, windows, the chosen
 * spend-share categories) over the engine table of `tx` (`tx.table`, whose normalised columns
 * it maps: customer_id, ts, amount, order_id, category). To run the SQL on a warehouse table,
 * keep `asOf`, `windows` and `categories` and replace `columns` with that table's names.
 */
export async function sqlFeatureConfig(
  tx: Transactions,
  features: CustomerFeatures,
  options: SqlFeatureConfigOptions = {},
): Promise<SqlFeatureConfig> {
  const windows = features.featureNames
    .map((name) => /^frequency_(\d+)d$/.exec(name)?.[1])
    .filter((w): w is string => w !== undefined)
    .map(Number);
  const shareNames = features.featureNames.filter((name) => name.startsWith('share_'));
  const categories =
    shareNames.length > 0
      ? await chooseCategories(tx, features.asOf, options.maxCategories ?? 20)
      : [];
  const expected = categoryShareNames(categories);
  if (expected.join('\n') !== shareNames.join('\n')) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `the spend-share columns (${shareNames.join(', ')}) are not those of maxCategories = ${options.maxCategories ?? 20}: pass the maxCategories used`,
    );
  }
  return {
    asOf: features.asOf,
    windows,
    categories,
    columns: {
      customerId: 'customer_id',
      date: 'ts',
      amount: 'amount',
      ...(tx.hasOrderId ? { orderId: 'order_id' } : {}),
      ...(tx.hasCategory && categories.length > 0 ? { category: 'category' } : {}),
    },
  };
}
