import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';
import { columnNames, getNumeric, rowCount, type ColumnTable } from '../table/column-table.js';

/**
 * Which rows are buyers: customers with at least one order of positive value —
 * `has_transactions` = 1 and, where the table has a `frequency` column (orders of positive
 * net value), `frequency` > 0. Customers from a customer table without transactions have no
 * recency or tenure; customers whose every order is a return or of zero value bought
 * nothing. Models leave both out, and the class schemes give them their own class.
 */
export function buyerFlags(table: ColumnTable): Uint8Array {
  const flag = getNumeric(table, 'has_transactions');
  const frequency = columnNames(table).includes('frequency')
    ? getNumeric(table, 'frequency')
    : null;
  const out = new Uint8Array(flag.length);
  flag.forEach((v, i) => {
    if (v === 1 && (frequency === null || (frequency[i] as number) > 0)) out[i] = 1;
  });
  return out;
}

/** Rows of buyers (see {@link buyerFlags}), in order. */
export function purchaserRows(table: ColumnTable): Int32Array {
  const rows: number[] = [];
  buyerFlags(table).forEach((v, i) => {
    if (v === 1) rows.push(i);
  });
  return Int32Array.from(rows);
}

/**
 * `NO_PURCHASES` when some customers with transactions have no order of positive value (every
 * order a return or of zero value): how many, and one id. Customers of a customer table
 * without any transaction are not counted here (they are expected).
 */
export function nonBuyerWarnings(table: ColumnTable): CohortlabWarning[] {
  const flag = getNumeric(table, 'has_transactions');
  const buyers = buyerFlags(table);
  const ids = table['customer_id'];
  let count = 0;
  let first = -1;
  for (let i = 0; i < rowCount(table); i++) {
    if (flag[i] === 1 && buyers[i] === 0) {
      count++;
      if (first < 0) first = i;
    }
  }
  if (count === 0) return [];
  const example = Array.isArray(ids) ? String(ids[first]) : `row ${first + 1}`;
  return [
    cohortlabWarning(
      'NO_PURCHASES',
      `${count} customers have transactions but no order of positive value (only returns or zero amounts); ` +
        'they are classed "No purchases" (RFM), "no purchases" (value tier) and "prospect" (lifecycle), and left out of the tier cut-points and the clustering',
      { count, example, stage: 'classes' },
    ),
  ];
}

/**
 * Rows of customers with any transaction (`has_transactions` = 1), buyers or not: what a
 * model of future purchases scores (a customer who only returned things may still buy).
 */
export function transactionRows(table: ColumnTable): Int32Array {
  const flag = getNumeric(table, 'has_transactions');
  const rows: number[] = [];
  flag.forEach((v, i) => {
    if (v === 1) rows.push(i);
  });
  return Int32Array.from(rows);
}
