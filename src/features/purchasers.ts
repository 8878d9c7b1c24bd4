import { getNumeric, type ColumnTable } from '../table/column-table.js';

/**
 * Rows of customers with at least one purchase (`has_transactions` = 1). Customers from a
 * customer table without transactions have no recency or tenure, so models leave them out.
 */
export function purchaserRows(table: ColumnTable): Int32Array {
  const flag = getNumeric(table, 'has_transactions');
  const rows: number[] = [];
  flag.forEach((v, i) => {
    if (v === 1) rows.push(i);
  });
  return Int32Array.from(rows);
}
