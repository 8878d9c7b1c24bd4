/**
 * Per-class summaries: size, revenue and feature means of each class.
 *
 * @module
 */
import { formatTextTable } from '../util/text-table.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  columnNames,
  getNumeric,
  isNumericColumn,
  rowCount,
  type ColumnTable,
} from '../table/column-table.js';
import { sum } from '../util/stats.js';

/** Options of {@link classSummary}. */
export interface ClassSummaryOptions {
  /** Revenue column (default `monetary`). */
  readonly revenue?: string;
  /** Columns to average (default: every numeric column, in table order). */
  readonly features?: readonly string[];
  /**
   * Class order, e.g. a classifier's `classes`: every listed class gets a row, even when
   * empty. Labels not listed follow in order of first appearance. Default: first appearance.
   */
  readonly classes?: readonly string[];
}

/** One row of a class summary. */
export interface ClassSummaryRow {
  /** Class label. */
  readonly class: string;
  /** Number of customers in the class. */
  readonly customers: number;
  /** customers / all customers (0..1). */
  readonly customerShare: number;
  /** Sum of the revenue column over the class (NaN ignored). */
  readonly revenue: number;
  /** revenue / total revenue (0..1; NaN when the total is 0). */
  readonly revenueShare: number;
  /** Mean of each feature over the class, NaN ignored (NaN when no value). */
  readonly means: Readonly<Record<string, number>>;
}

/**
 * Summarises classes: for each class its number of customers and share of all customers,
 * its revenue and share of total revenue, and the mean of each feature (NaN values ignored).
 * `labels` has one class per row of `table` (INVALID_INPUT otherwise).
 */
export function classSummary(
  table: ColumnTable,
  labels: readonly string[],
  options: ClassSummaryOptions = {},
): ClassSummaryRow[] {
  const n = rowCount(table);
  if (labels.length !== n) {
    throw new CohortlabError('INVALID_INPUT', `${labels.length} labels for ${n} rows`);
  }
  const revenue = getNumeric(table, options.revenue ?? 'monetary');
  const features =
    options.features ??
    columnNames(table).filter((name) => isNumericColumn(table[name] as ColumnTable[string]));
  const featureColumns = features.map((name) => getNumeric(table, name));

  const order = new Map<string, number>();
  for (const label of options.classes ?? []) if (!order.has(label)) order.set(label, order.size);
  for (const label of labels) if (!order.has(label)) order.set(label, order.size);
  const k = order.size;
  const index = Int32Array.from(labels, (label) => order.get(label) as number);

  const counts = new Float64Array(k);
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) {
    const c = index[i] as number;
    counts[c]!++;
    (members[c] as number[]).push(i);
  }
  const valuesOf = (column: Float64Array, rows: readonly number[]): Float64Array =>
    Float64Array.from(rows, (i) => column[i] as number);
  const totalRevenue = sum(revenue);

  return [...order.keys()].map((label, c) => {
    const rows = members[c] as number[];
    const classRevenue = sum(valuesOf(revenue, rows));
    const means: Record<string, number> = {};
    features.forEach((name, j) => {
      const values = valuesOf(featureColumns[j] as Float64Array, rows);
      const finite = values.filter((v) => !Number.isNaN(v));
      means[name] = finite.length === 0 ? NaN : sum(finite) / finite.length;
    });
    return {
      class: label,
      customers: counts[c] as number,
      customerShare: n === 0 ? NaN : (counts[c] as number) / n,
      revenue: classRevenue,
      revenueShare: totalRevenue === 0 ? NaN : classRevenue / totalRevenue,
      means,
    };
  });
}

/** Options of {@link formatClassSummary}. */
export interface FormatClassSummaryOptions {
  /** Decimals for revenue and means (default 2). */
  readonly digits?: number;
}

function fixed(value: number, digits: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(digits);
}

/**
 * Renders summary rows as a plain-text table: a header line, a rule line and one line per
 * class; the class column is left-aligned, numbers right-aligned; shares as percentages with
 * one decimal; NaN as "-". Feature columns are those of the first row.
 */
export function formatClassSummary(
  rows: readonly ClassSummaryRow[],
  options: FormatClassSummaryOptions = {},
): string {
  const digits = options.digits ?? 2;
  const features = rows.length === 0 ? [] : Object.keys((rows[0] as ClassSummaryRow).means);
  const header = ['class', 'customers', 'customers %', 'revenue', 'revenue %', ...features];
  const body = rows.map((row) => [
    row.class,
    String(row.customers),
    fixed(row.customerShare * 100, 1),
    fixed(row.revenue, digits),
    fixed(row.revenueShare * 100, 1),
    ...features.map((name) => fixed(row.means[name] ?? NaN, digits)),
  ]);
  return formatTextTable(
    header,
    body,
    digits,
    header.map((_, j) => j > 0),
  );
}
