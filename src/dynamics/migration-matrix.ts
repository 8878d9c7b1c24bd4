/**
 * Migration between two labelings of the same customers at two dates: counts, row shares and
 * upgrade / downgrade / retention rates.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';

/**
 * Class labels keyed by customer id: a Map, or parallel arrays (as a snapshot holds them:
 * `{ customerId: s.customerId, labels: s.fixed.rfm }`).
 */
export type KeyedLabels =
  | ReadonlyMap<string, string>
  | { readonly customerId: readonly string[]; readonly labels: readonly string[] };

/** Row label of customers absent from the earlier labeling. */
export const NEW_CUSTOMERS = '(new)';
/** Column label of customers absent from the later labeling. */
export const GONE_CUSTOMERS = '(gone)';

/** Options of {@link migrationMatrix}. */
export interface MigrationOptions {
  /**
   * Classes in display order; they become rows and columns even when empty. Default: `order`
   * followed by any other label seen (sorted), or all labels seen, sorted.
   */
  readonly classes?: readonly string[];
  /**
   * Ranking of classes, best first (e.g. ['A', 'B', 'C'] or ['active', 'at-risk',
   * 'churned']). Moves between two ranked classes count as upgrades or downgrades; a class
   * missing from it (such as 'new' or 'prospect') is unranked.
   */
  readonly order?: readonly string[];
}

/** How customers present in both labelings moved (needs `order`). */
export interface MigrationRates {
  /** Customers in a ranked class at both dates. */
  readonly ranked: number;
  readonly upgraded: number;
  readonly downgraded: number;
  readonly retained: number;
  /** upgraded / ranked (NaN when ranked = 0); likewise below. */
  readonly upgradeRate: number;
  readonly downgradeRate: number;
  readonly retentionRate: number;
}

/** A migration matrix as plain data. */
export interface MigrationMatrix {
  /** Earlier classes, then {@link NEW_CUSTOMERS} when some customers are new. */
  readonly rows: readonly string[];
  /** Later classes, then {@link GONE_CUSTOMERS} when some customers disappeared. */
  readonly columns: readonly string[];
  /** counts[i][j]: customers in rows[i] earlier and columns[j] later. */
  readonly counts: readonly (readonly number[])[];
  /** counts[i][j] / rowTotals[i]; each non-empty row sums to 1, an empty row is NaN. */
  readonly shares: readonly (readonly number[])[];
  readonly rowTotals: readonly number[];
  readonly columnTotals: readonly number[];
  /** All customers in either labeling. */
  readonly total: number;
  /** Customers with the same label at both dates, over those present at both. */
  readonly stayed: number;
  /** Customers present at both dates. */
  readonly matched: number;
  /** Present when `order` was given. */
  readonly rates?: MigrationRates;
}

/**
 * Cross-tabulates where the customers of `from` went in `to`. Customers only in `to` form the
 * explicit row "(new)" (e.g. first purchase between the snapshots); customers only in `from`
 * the column "(gone)". Every customer is counted once, so the counts sum to `total` and each
 * row sums to the customers present in that earlier class.
 */
export function migrationMatrix(
  from: KeyedLabels,
  to: KeyedLabels,
  options: MigrationOptions = {},
): MigrationMatrix {
  const before = toMap(from, 'from');
  const after = toMap(to, 'to');
  const order = options.order ?? [];
  checkDistinct(order, 'order');
  const seen = new Set<string>([...before.values(), ...after.values()]);
  const classes = options.classes ?? [
    ...order,
    ...[...seen].filter((c) => !order.includes(c)).sort(),
  ];
  checkDistinct(classes, 'classes');
  for (const label of seen) {
    if (!classes.includes(label)) {
      throw new CohortlabError('INVALID_INPUT', `label "${label}" is not in classes`);
    }
  }
  for (const label of order) {
    if (!classes.includes(label)) {
      throw new CohortlabError('INVALID_OPTION', `order lists "${label}", which is not in classes`);
    }
  }
  let newCount = 0;
  for (const id of after.keys()) if (!before.has(id)) newCount++;
  let goneCount = 0;
  for (const id of before.keys()) if (!after.has(id)) goneCount++;
  const rows = [...classes, ...(newCount > 0 ? [NEW_CUSTOMERS] : [])];
  const columns = [...classes, ...(goneCount > 0 ? [GONE_CUSTOMERS] : [])];
  const rowIndex = new Map(rows.map((c, i) => [c, i]));
  const columnIndex = new Map(columns.map((c, i) => [c, i]));
  const counts = rows.map(() => new Array<number>(columns.length).fill(0));
  const rank = new Map(order.map((c, i) => [c, i]));
  let stayed = 0;
  let matched = 0;
  let upgraded = 0;
  let downgraded = 0;
  let retained = 0;
  for (const [id, label] of before) {
    const later = after.get(id);
    const row = counts[rowIndex.get(label) as number] as number[];
    const column = columnIndex.get(later ?? GONE_CUSTOMERS) as number;
    row[column] = (row[column] as number) + 1;
    if (later === undefined) continue;
    matched++;
    if (later === label) stayed++;
    const r0 = rank.get(label);
    const r1 = rank.get(later);
    if (r0 === undefined || r1 === undefined) continue;
    if (r1 < r0) upgraded++;
    else if (r1 > r0) downgraded++;
    else retained++;
  }
  for (const [id, label] of after) {
    if (before.has(id)) continue;
    const row = counts[rowIndex.get(NEW_CUSTOMERS) as number] as number[];
    const column = columnIndex.get(label) as number;
    row[column] = (row[column] as number) + 1;
  }
  const rowTotals = counts.map((r) => r.reduce((s, v) => s + v, 0));
  const columnTotals = columns.map((_, j) => counts.reduce((s, r) => s + (r[j] as number), 0));
  const shares = counts.map((r, i) => r.map((v) => v / (rowTotals[i] as number)));
  const ranked = upgraded + downgraded + retained;
  return {
    rows,
    columns,
    counts,
    shares,
    rowTotals,
    columnTotals,
    total: rowTotals.reduce((s, v) => s + v, 0),
    stayed,
    matched,
    ...(options.order === undefined
      ? {}
      : {
          rates: {
            ranked,
            upgraded,
            downgraded,
            retained,
            upgradeRate: upgraded / ranked,
            downgradeRate: downgraded / ranked,
            retentionRate: retained / ranked,
          },
        }),
  };
}

function toMap(labels: KeyedLabels, name: string): ReadonlyMap<string, string> {
  if (labels instanceof Map) return labels as ReadonlyMap<string, string>;
  const keyed = labels as { customerId: readonly string[]; labels: readonly string[] };
  if (keyed.customerId.length !== keyed.labels.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${name}: ${keyed.customerId.length} customer ids but ${keyed.labels.length} labels`,
    );
  }
  const map = new Map<string, string>();
  keyed.customerId.forEach((id, i) => {
    if (map.has(id)) {
      throw new CohortlabError('INVALID_INPUT', `${name}: customer "${id}" appears twice`);
    }
    map.set(id, keyed.labels[i] as string);
  });
  return map;
}

function checkDistinct(values: readonly string[], option: string): void {
  if (new Set(values).size !== values.length) {
    throw new CohortlabError('INVALID_OPTION', `${option} lists a class twice`);
  }
  for (const v of values) {
    if (v === NEW_CUSTOMERS || v === GONE_CUSTOMERS) {
      throw new CohortlabError('INVALID_OPTION', `${option} may not use the reserved label ${v}`);
    }
  }
}
