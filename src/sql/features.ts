/**
 * Per-customer features as SQL stages over a raw transactions table, in any dialect, with
 * the definitions of `customerFeatures` (see `featuresSql` in `features/features-sql`):
 * orders netted from their rows, frequency of positive-net orders, monetary with returns
 * netted in, recency/tenure from positive orders (any order when none), windows, spend shares.
 *
 * Money is summed in fixed point exactly as the library does (`exactSum`): each order's net is
 * a fixed-point sum rounded once to double, customer totals are fixed-point sums of those, so
 * the results are bit-identical to `customerFeatures` on the same rows.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { MIN_SPREAD_DAYS, STRAY_DATE_FACTOR } from '../data/stray-dates.js';
import { BASE_FEATURES, categoryShareNames, windowFeatureNames } from '../features/features-sql.js';
import type { QueryStage, SqlDialect } from './dialect.js';

/**
 * Which columns of the transactions table hold what (names as in the database). Give
 * `amount`, or `quantity` and `unitPrice` (amount is their product), as `loadTransactions`.
 */
export interface SqlTransactionColumns {
  /** Customer id (any type; read as trimmed text, empty = missing). */
  readonly customerId: string;
  /** Transaction date: a DATE or TIMESTAMP column (the calendar day counts). */
  readonly date: string;
  /** Amount: a number (returns negative). */
  readonly amount?: string;
  readonly quantity?: string;
  readonly unitPrice?: string;
  /** Order / invoice id; without it an order is a customer's calendar day. */
  readonly orderId?: string;
  /** Product category, for spend-share features. */
  readonly category?: string;
}

/** What the feature stages need: the choices `customerFeatures` made at fit time. */
export interface SqlFeatureConfig {
  /**
   * As-of date 'YYYY-MM-DD': only rows dated before it count. Left out, the query computes it
   * from the table it reads, as `loadTransactions` and `resolveAsOf` do: the day after the last
   * plausible transaction (see `findStrayDates`: not after the database's today, nor far from
   * the quartiles of the days), or after the last of all when every one is stray.
   */
  readonly asOf?: string;
  /** Trailing windows in days (frequency_Wd and monetary_Wd columns). Default none. */
  readonly windows?: readonly number[];
  /** The transaction columns. */
  readonly columns: SqlTransactionColumns;
  /**
   * Categories with a spend-share column, as chosen when fitting (sorted; a trailing "other"
   * pools every category not listed). Needs `columns.category`. Default none.
   */
  readonly categories?: readonly string[];
}

/** A {@link SqlFeatureConfig} with its as-of date fixed. */
export type DatedSqlFeatureConfig = SqlFeatureConfig & { readonly asOf: string };

/** The config without its as-of date: the query then computes it from the table it reads. */
export function withComputedAsOf(config: SqlFeatureConfig): SqlFeatureConfig {
  const out: { -readonly [K in keyof SqlFeatureConfig]: SqlFeatureConfig[K] } = { ...config };
  delete out.asOf;
  return out;
}

/** Amounts must be smaller than this in size, as `loadTransactions` requires. */
const MAX_AMOUNT = '1e20';

/** Category name that pools the categories not listed (as `customerFeatures` does). */
export const OTHER_CATEGORY = 'other';

/** The feature stages and the names of the columns they produce. */
export interface FeatureStages {
  readonly stages: readonly QueryStage[];
  /** Numeric features, in `customerFeatures` order. */
  readonly featureNames: readonly string[];
  /**
   * Every column of the last stage, `customer_id` first; `customer_id`, `first_purchase` and
   * `last_purchase` are text, the others numbers.
   */
  readonly columns: readonly string[];
}

function checkConfig(config: SqlFeatureConfig): { windows: number[]; categories: string[] } {
  if (config.asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(config.asOf)) {
    throw new CohortlabError('INVALID_OPTION', `asOf must be 'YYYY-MM-DD', got "${config.asOf}"`);
  }
  const c = config.columns;
  if (c.amount === undefined && (c.quantity === undefined || c.unitPrice === undefined)) {
    throw new CohortlabError('INVALID_OPTION', 'columns need amount, or quantity and unitPrice');
  }
  const windows = [...new Set(config.windows ?? [])].sort((a, b) => a - b);
  for (const w of windows) {
    if (!Number.isInteger(w) || w <= 0) {
      throw new CohortlabError('INVALID_OPTION', `windows must be positive whole days, got ${w}`);
    }
  }
  const categories = [...(config.categories ?? [])];
  if (categories.length > 0 && c.category === undefined) {
    throw new CohortlabError('INVALID_OPTION', 'categories need columns.category');
  }
  return { windows, categories };
}

/**
 * One row, one column `tx_as_of`: the day after the last plausible day among `days` (a query
 * with a DATE column `tx_d`), by the rule of `findStrayDates`: days after today, or outside
 * `[q25 − 10·w, q75 + 10·w]` with `w = max(q75 − q25, 365)` days, do not count, unless all do.
 */
export function defaultAsOfSql(days: string, d: SqlDialect): string {
  const spread = `${d.toInteger(`greatest(q3 - q1, ${MIN_SPREAD_DAYS})`)} * ${STRAY_DATE_FACTOR}`;
  const plausible = 'tx_d >= lo AND tx_d <= hi';
  return `    SELECT CASE WHEN ${d.aggregateIf('count', '', plausible)} > 0
      THEN ${d.aggregateIf('max', 'tx_d', plausible)} ELSE max(tx_d) END + 1 AS tx_as_of
    FROM (${days}) AS tx_days CROSS JOIN (
      SELECT q1 - ${spread} AS lo, least(q3 + ${spread}, ${d.currentDate()}) AS hi
      FROM (${d.quartilesOfDays(days)}) AS tx_quartiles
    ) AS tx_bounds`;
}

/**
 * The stages computing one row per customer with `customer_id`, the numeric features (as
 * `customerFeatures`: base, windows, shares), `has_transactions` (always 1: every customer
 * here has a row before as-of), and `first_purchase` / `last_purchase` ('YYYY-MM-DD').
 */
export function featureStages(config: SqlFeatureConfig, dialect: SqlDialect): FeatureStages {
  const { windows, categories } = checkConfig(config);
  const d = dialect;
  const q = (name: string): string => d.quoteIdentifier(name);
  const c = config.columns;
  // A computed as-of date is a column carried through the stages, under a new name in each
  // (ClickHouse resolves a column to a same-named aggregate alias: min(x) AS x nests).
  const computed = config.asOf === undefined;
  const fixedAsOf = computed ? '' : d.dateLiteral(config.asOf as string);
  const asOfIn = (column: 'tx_as_of' | 'order_as_of' | 'as_of_day'): string =>
    computed ? column : fixedAsOf;
  const asOf = asOfIn('tx_as_of');
  const carry = computed ? ',\n  min(tx_as_of) AS order_as_of' : '';
  const text = (column: string): string => d.nullIf(d.trim(d.toText(q(column))), "''");
  const customerId = d.idText(text(c.customerId));
  const amount =
    c.amount !== undefined
      ? d.toDouble(q(c.amount))
      : `${d.toDouble(q(c.quantity as string))} * ${d.toDouble(q(c.unitPrice as string))}`;
  const noText = `${d.nullIf(d.stringLiteral(''), "''")}`;
  const category = (() => {
    if (c.category === undefined) return noText;
    const raw = text(c.category);
    if (!categories.includes(OTHER_CATEGORY)) return raw;
    // Minor categories pooled as "other", exactly as customerFeatures' pooled view does.
    const kept = categories.filter((x) => x !== OTHER_CATEGORY).map((x) => d.stringLiteral(x));
    const blank = `coalesce(${raw}, '')`;
    return kept.length === 0
      ? d.stringLiteral(OTHER_CATEGORY)
      : `CASE WHEN ${blank} IN (${kept.join(', ')}) THEN ${blank} ELSE ${d.stringLiteral(OTHER_CATEGORY)} END`;
  })();

  const usable = `${customerId} IS NOT NULL AND ${d.toDate(q(c.date))} IS NOT NULL AND (${amount}) IS NOT NULL
    AND ${d.isFinite(`(${amount})`)} AND abs(${amount}) < ${MAX_AMOUNT}`;
  const rows: QueryStage = {
    name: 'tx_rows',
    comment: computed
      ? 'Usable transaction rows dated before the as-of date: id, date and a finite amount below\n1e20 in size present (as loadTransactions keeps them). The as-of date is the day after the\nlast plausible day of those rows: not after today, nor far from the bulk of the days.'
      : 'Usable transaction rows dated before the as-of date: id, date and a finite amount below\n1e20 in size present (as loadTransactions keeps them).',
    select: (from) => `SELECT * FROM (
  SELECT ${customerId} AS tx_customer,
    ${d.toDate(q(c.date))} AS tx_day,
    ${amount} AS tx_amount,
    ${c.orderId === undefined ? noText : text(c.orderId)} AS tx_order,
    ${category} AS tx_category${computed ? ',\n    tx_as_of' : ''}
  FROM ${from}${computed ? ` CROSS JOIN (\n${defaultAsOfSql(`SELECT ${d.toDate(q(c.date))} AS tx_d FROM ${from}\n    WHERE ${usable}`, d)}\n  ) AS tx_as_of_row` : ''}
) AS tx_typed
WHERE tx_customer IS NOT NULL AND tx_day IS NOT NULL AND tx_amount IS NOT NULL
  AND ${d.isFinite('tx_amount')} AND abs(tx_amount) < ${MAX_AMOUNT} AND tx_day < ${asOf}`,
  };

  const orderKey =
    c.orderId === undefined ? d.dateText('tx_day') : `coalesce(tx_order, ${d.dateText('tx_day')})`;
  const grossColumns = categories.map((name, k) => ({
    name,
    order: `order_gross_${k}`,
    customer: `gross_${k}`,
  }));
  const orders: QueryStage = {
    name: 'tx_orders',
    comment:
      'One row per order (an order id, or a calendar day without one): dated at its first row, its\nvalue the exact net of its rows (returns netted in); gross spend per category kept exact.',
    select: (from) => {
      const gross = grossColumns.map(
        (g) =>
          `,\n  ${d.exactSumDecimal('tx_amount', `tx_amount > 0 AND coalesce(tx_category, '') = ${d.stringLiteral(g.name)}`)} AS ${g.order}`,
      );
      const total =
        categories.length > 0
          ? `,\n  ${d.exactSumDecimal('tx_amount', 'tx_amount > 0')} AS order_gross`
          : '';
      return `SELECT tx_customer AS order_customer, ${orderKey} AS order_key, min(tx_day) AS order_day,
  ${d.decimalToDouble(d.exactSumDecimal('tx_amount'))} AS order_amount${gross.join('')}${total}${carry}
FROM ${from}
GROUP BY tx_customer, ${orderKey}`;
    },
  };

  const positive = 'order_amount > 0';
  const lastOrFirst = (fn: 'max' | 'min'): string =>
    `CASE WHEN ${d.aggregateIf('count', '', positive)} > 0 THEN ${d.aggregateIf(fn, 'order_day', positive)} ELSE ${fn}(order_day) END`;
  const customers: QueryStage = {
    name: 'customer_totals',
    comment:
      'Per customer: orders of positive net value, exact money totals, the first and last such order\n(any order when none is positive), windowed counts and sums.',
    select: (from) => {
      const lines = [
        `order_customer AS customer_id`,
        `${d.aggregateIf('count', '', positive)} AS n_positive`,
        `${d.decimalToDouble(d.exactSumDecimal('order_amount'))} AS total_net`,
        `${d.decimalToDouble(d.exactSumDecimal('order_amount', positive))} AS total_positive`,
        `${lastOrFirst('max')} AS last_day`,
        `${lastOrFirst('min')} AS first_day`,
        ...windows.flatMap((w) => {
          const inWindow = `order_day >= ${d.minusDays(asOfIn('order_as_of'), w)}`;
          return [
            `${d.aggregateIf('count', '', `${positive} AND ${inWindow}`)} AS n_positive_${w}d`,
            `coalesce(${d.decimalToDouble(d.exactSumDecimal('order_amount', inWindow))}, 0) AS total_net_${w}d`,
          ];
        }),
        ...grossColumns.map((g) => `sum(${g.order}) AS ${g.customer}`),
        ...(categories.length > 0 ? ['sum(order_gross) AS gross_total'] : []),
        ...(computed ? ['min(order_as_of) AS as_of_day'] : []),
      ];
      return `SELECT ${lines.join(',\n  ')}\nFROM ${from}\nGROUP BY order_customer`;
    },
  };

  const shareNames = categoryShareNames(categories);
  const windowNames = windowFeatureNames(windows);
  const featureNames = [...BASE_FEATURES, ...windowNames, ...shareNames];
  if (new Set(featureNames).size !== featureNames.length) {
    throw new CohortlabError('INVALID_OPTION', 'two categories give the same share column name');
  }
  const features: QueryStage = {
    name: 'customer_features',
    comment:
      'The features of customerFeatures: recency and tenure in days to the as-of date, frequency,\nmonetary, average order value, mean gap between orders, windows, spend shares.',
    select: (from) => {
      const lines = [
        'customer_id',
        `${d.toDouble(d.daysBetween('last_day', asOfIn('as_of_day')))} AS recency_days`,
        `${d.toDouble('n_positive')} AS frequency`,
        `total_net AS monetary`,
        `total_positive / ${d.nullIf('n_positive', '0')} AS monetary_mean`,
        `${d.toDouble(d.daysBetween('first_day', asOfIn('as_of_day')))} AS tenure_days`,
        `CASE WHEN n_positive >= 2 THEN ${d.toDouble(d.daysBetween('first_day', 'last_day'))} / (n_positive - 1) END AS mean_days_between_orders`,
        ...windows.flatMap((w) => [
          `${d.toDouble(`n_positive_${w}d`)} AS ${q(`frequency_${w}d`)}`,
          `total_net_${w}d AS ${q(`monetary_${w}d`)}`,
        ]),
        ...grossColumns.map(
          (g, k) =>
            `coalesce(coalesce(${d.decimalToDouble(g.customer)}, 0) / ${d.nullIf(d.decimalToDouble('gross_total'), '0')}, 0) AS ${q(shareNames[k] as string)}`,
        ),
        `${d.toDouble('1')} AS has_transactions`,
        `${d.dateText('first_day')} AS first_purchase`,
        `${d.dateText('last_day')} AS last_purchase`,
      ];
      return `SELECT ${lines.join(',\n  ')}\nFROM ${from}`;
    },
  };
  return {
    stages: [rows, orders, customers, features],
    featureNames,
    columns: [
      'customer_id',
      ...featureNames,
      'has_transactions',
      'first_purchase',
      'last_purchase',
    ],
  };
}
