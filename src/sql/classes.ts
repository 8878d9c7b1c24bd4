/**
 * The predefined class schemes as SQL expressions over the feature columns: RFM scores and
 * segments, ABC value tiers, lifecycle stages. Each compares exactly as `predict` does
 * (the same `<=`/`<`/`>=` at the learned edges, so ties at an edge land where they land
 * in-process), and a missing value (NULL) goes where NaN goes.
 *
 * @module
 */
import type { Lifecycle } from '../classes/lifecycle.js';
import type { RfmScorer } from '../classes/rfm-scorer.js';
import { NO_PURCHASES_TIER, type ValueTiers } from '../classes/value-tiers.js';
import { ORDERS_COLUMN } from '../classes/shared.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { SqlDialect } from './dialect.js';

function requireFittedModel(model: { readonly isFitted: boolean }, type: string): void {
  if (!model.isFitted) {
    throw new CohortlabError('NOT_FITTED', `${type} is not fitted: call fit() first`);
  }
}

/**
 * "Has a usable purchase history", as `buyerMask`: the has-transactions column (when used) is
 * neither 0 nor missing, every `required` column is present, and the order count (when used)
 * is above 0 — at least one order of positive value.
 */
function buyerCondition(
  hasTransactions: string | null,
  required: readonly string[],
  d: SqlDialect,
  orders: string | null = ORDERS_COLUMN,
): string {
  // Never NULL (the flag and the count are coalesced), so that NOT (…) is safe in every dialect.
  const parts = required.map((name) => `${d.quoteIdentifier(name)} IS NOT NULL`);
  if (orders !== null) parts.unshift(`coalesce(${d.quoteIdentifier(orders)}, 0) > 0`);
  if (hasTransactions !== null) {
    parts.unshift(`coalesce(${d.quoteIdentifier(hasTransactions)}, 0) <> 0`);
  }
  return parts.length === 0 ? '1 = 1' : parts.join(' AND ');
}

/** The RFM score expressions, each NULL for customers without purchases. */
export interface RfmScoreSql {
  readonly rfm_r: string;
  readonly rfm_f: string;
  readonly rfm_m: string;
}

/**
 * R, F and M scores of a fitted {@link RfmScorer} over its feature columns:
 * `1 + #{edges reached}` with `x <= edge` for recency (lower is better) and `x >= edge` for
 * frequency and monetary, unreachable edges left out — `scoreValue` exactly. NULL for
 * customers without purchases (NaN in-process).
 */
export function rfmScoreSql(rfm: RfmScorer, dialect: SqlDialect): RfmScoreSql {
  requireFittedModel(rfm, 'RfmScorer');
  const p = rfm.params;
  const s = rfm.state;
  const buyer = buyerCondition(
    p.hasTransactions,
    [p.recency, p.frequency, p.monetary],
    dialect,
    p.frequency,
  );
  const score = (column: string, edges: readonly (number | null)[], op: '<=' | '>='): string => {
    const x = dialect.quoteIdentifier(column);
    const steps = edges
      .filter((e): e is number => e !== null)
      .map((e) => `CASE WHEN ${x} ${op} ${dialect.numberLiteral(e)} THEN 1 ELSE 0 END`);
    return `CASE WHEN ${buyer} THEN ${['1', ...steps].join(' + ')} END`;
  };
  return {
    rfm_r: score(p.recency, s.recencyEdges, '<='),
    rfm_f: score(p.frequency, s.frequencyEdges, '>='),
    rfm_m: score(p.monetary, s.monetaryEdges, '>='),
  };
}

/** Column names the RFM segment expressions read (the scores of {@link rfmScoreSql}). */
export interface RfmScoreColumns {
  readonly r: string;
  readonly f: string;
  readonly m: string;
  /** The FM column, for the segment (compute it with `rfm_fm` first). */
  readonly fm: string;
}

/** FM, cell and segment expressions of {@link rfmSegmentSql}. */
export interface RfmSegmentSql {
  /** floor((F + M + 1) / 2): the F/M average rounded half up. */
  readonly rfm_fm: string;
  /** '545' (or '10-3-7' with more than 9 bins); NULL without purchases. */
  readonly rfm_cell: string;
  /** The segment from the R × FM map (first matching entry); the no-purchases label. */
  readonly rfm_segment: string;
}

/**
 * FM score, cell and segment of a fitted {@link RfmScorer}, over score columns named by
 * `columns` (default rfm_r, rfm_f, rfm_m, rfm_fm): compute the scores with
 * {@link rfmScoreSql} and `rfm_fm` in a step before `rfm_segment`.
 */
export function rfmSegmentSql(
  rfm: RfmScorer,
  dialect: SqlDialect,
  columns: RfmScoreColumns = { r: 'rfm_r', f: 'rfm_f', m: 'rfm_m', fm: 'rfm_fm' },
): RfmSegmentSql {
  requireFittedModel(rfm, 'RfmScorer');
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const [r, f, m, fm] = [columns.r, columns.f, columns.m, columns.fm].map(q) as [
    string,
    string,
    string,
    string,
  ];
  const p = rfm.params;
  const n = (value: number): string => dialect.numberLiteral(value);
  const digits = [r, f, m].map((x) => dialect.toText(x));
  const parts = p.bins > 9 ? [digits[0], "'-'", digits[1], "'-'", digits[2]] : digits;
  const whens = p.segments.map(
    (rule) =>
      // Numbers through numberLiteral: a tampered model file cannot put text here.
      `  WHEN ${r} BETWEEN ${n(rule.r[0])} AND ${n(rule.r[1])} AND ${fm} BETWEEN ${n(rule.fm[0])} AND ${n(rule.fm[1])} THEN ${dialect.stringLiteral(rule.segment)}`,
  );
  return {
    rfm_fm: `floor((${f} + ${m} + 1) / 2)`,
    rfm_cell: `CASE WHEN ${r} IS NOT NULL THEN ${dialect.concat(parts as string[])} END`,
    rfm_segment: `CASE\n  WHEN ${r} IS NULL OR ${fm} IS NULL THEN ${dialect.stringLiteral(p.noPurchasesLabel)}\n${whens.join('\n')}\nEND`,
  };
}

/**
 * A fitted {@link ValueTiers} as `CASE WHEN x >= t₁ THEN 'A' WHEN x >= t₂ THEN 'B' ELSE 'C'
 * END`: the first tier whose threshold the value reaches; a missing value falls to the last.
 * Customers without an order of positive value (`has_transactions` 0 or `frequency` 0) are
 * 'no purchases', as in-process; `buyer: false` leaves that test out (a table without them).
 */
export function valueTierSql(
  tiers: ValueTiers,
  dialect: SqlDialect,
  options: { readonly buyer?: boolean } = {},
): string {
  requireFittedModel(tiers, 'ValueTiers');
  const x = dialect.quoteIdentifier(tiers.params.by);
  const labels = tiers.params.labels;
  const whens = tiers.state.thresholds.map(
    (t, k) =>
      `  WHEN ${x} >= ${dialect.numberLiteral(t)} THEN ${dialect.stringLiteral(labels[k] as string)}`,
  );
  const last = labels[labels.length - 1] as string;
  if (options.buyer !== false) {
    const buyer = buyerCondition('has_transactions', [], dialect);
    whens.unshift(`  WHEN NOT (${buyer}) THEN ${dialect.stringLiteral(NO_PURCHASES_TIER)}`);
  }
  return `CASE\n${whens.join('\n')}\n  ELSE ${dialect.stringLiteral(last)}\nEND`;
}

/**
 * A fitted {@link Lifecycle} as a `CASE`: prospect (no purchases), churned
 * (`recency > churnDays`), at-risk (`recency > atRiskDays`), new (`tenure <= newDays`),
 * else active — the rules of `predict`, in its order.
 */
export function lifecycleSql(lifecycle: Lifecycle, dialect: SqlDialect): string {
  requireFittedModel(lifecycle, 'Lifecycle');
  const p = lifecycle.params;
  const s = lifecycle.state;
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const n = (value: number): string => dialect.numberLiteral(value);
  const buyer = buyerCondition(p.hasTransactions, [p.recency], dialect);
  return `CASE
  WHEN NOT (${buyer}) THEN 'prospect'
  WHEN ${q(p.recency)} > ${n(s.churnDays)} THEN 'churned'
  WHEN ${q(p.recency)} > ${n(s.atRiskDays)} THEN 'at-risk'
  WHEN ${q(p.tenure)} <= ${n(s.newDays)} THEN 'new'
  ELSE 'active'
END`;
}
