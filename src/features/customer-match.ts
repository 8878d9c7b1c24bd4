/**
 * How well a customer table matches the transactions it is joined to.
 *
 * @module
 */
import type { Customers } from '../data/customers.js';
import { quoteLiteral } from '../data/sql.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../errors/warnings.js';

/** Below this share of transaction customers found in the customer table, the join is refused. */
export const MIN_MATCHED_SHARE = 0.5;

/** How ids are compared, for messages. */
const ID_RULE = 'ids are compared as trimmed text, 12347.0 as 12347, leading zeros kept';

/**
 * Compares the customers of the transactions (those with a row before `asOf`, as the features
 * count them) with the customer table, both sides' ids normalised alike (see `idExpression`).
 *
 * - fewer than {@link MIN_MATCHED_SHARE} of the transaction customers in the customer table:
 *   an `INVALID_INPUT` error naming the customer file, the counts and an unmatched id of each
 *   side (the id columns are most likely the wrong ones, or written differently);
 * - otherwise one `UNMATCHED_IDS` warning per direction with unmatched ids: transaction
 *   customers without attributes, and customer-table customers without transactions (who stay
 *   in the features as prospects, `has_transactions` = 0).
 */
export async function checkCustomerMatch(
  tx: Transactions,
  customers: Customers,
  asOf: string,
): Promise<CohortlabWarning[]> {
  const row = await tx.engine.row(
    `WITH t AS (SELECT DISTINCT customer_id FROM ${tx.table} WHERE day < DATE ${quoteLiteral(asOf)}),
       c AS (SELECT customer_id FROM ${customers.table})
     SELECT count(t.customer_id) AS tx_n, count(c.customer_id) AS c_n,
       count(*) FILTER (t.customer_id IS NOT NULL AND c.customer_id IS NOT NULL) AS matched,
       min(t.customer_id) FILTER (c.customer_id IS NULL) AS tx_example,
       min(c.customer_id) FILTER (t.customer_id IS NULL) AS c_example
     FROM t FULL OUTER JOIN c ON t.customer_id = c.customer_id`,
  );
  const txN = Number(row['tx_n']);
  const cN = Number(row['c_n']);
  const matched = Number(row['matched']);
  const txOnly = txN - matched;
  const cOnly = cN - matched;
  const txExample = row['tx_example'] === null ? undefined : `"${String(row['tx_example'])}"`;
  const cExample = row['c_example'] === null ? undefined : `"${String(row['c_example'])}"`;
  if (txN > 0 && matched < MIN_MATCHED_SHARE * txN) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `only ${matched} of the ${txN} customers in the transactions (${percent(matched, txN)}) ` +
        `have a row in this customer table, and ${cOnly} of its ${cN} ids have no transactions ` +
        `(transactions e.g. ${txExample ?? '–'}; customer table e.g. ${cExample ?? '–'}); ${ID_RULE}: check the id columns`,
      { file: customers.source },
    );
  }
  const warnings: CohortlabWarning[] = [];
  if (txOnly > 0) {
    warnings.push(
      cohortlabWarning(
        'UNMATCHED_IDS',
        `${txOnly} of the ${txN} customers in the transactions have no row in ${customers.source} ` +
          `(${ID_RULE}): their attributes are missing`,
        {
          count: txOnly,
          ...(txExample === undefined ? {} : { example: txExample }),
          stage: 'features',
        },
      ),
    );
  }
  if (cOnly > 0) {
    warnings.push(
      cohortlabWarning(
        'UNMATCHED_IDS',
        `${cOnly} of the ${cN} customers of ${customers.source} have no transaction before ${asOf} ` +
          `(${ID_RULE}): they are kept as prospects, without purchases`,
        {
          count: cOnly,
          ...(cExample === undefined ? {} : { example: cExample }),
          stage: 'features',
        },
      ),
    );
  }
  return warnings;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)} %`;
}
