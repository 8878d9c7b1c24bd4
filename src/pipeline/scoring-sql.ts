/**
 * A fitted pipeline as one SQL scoring query over a warehouse table of raw transactions.
 *
 * @module
 */
import { toIsoDate, type DateInput } from '../data/as-of.js';
import type { SqlDialect } from '../sql/dialect.js';
import { withComputedAsOf } from '../sql/features.js';
import { scoringSql, type ScoringParts, type ScoringQuery } from '../sql/scoring.js';
import type { SqlTransactionColumns } from '../sql/features.js';
import type { CohortPipeline } from './cohort-pipeline.js';

/** Options of {@link pipelineScoringSql}. */
export interface PipelineSqlOptions {
  /** SQL dialect (default DuckDB). */
  readonly dialect?: SqlDialect;
  /** The transactions table, inserted as written (default `transactions`). */
  readonly table?: string;
  /**
   * As-of date of the scoring. Default, as `scoreCustomers` does: the model's configured as-of
   * date when the fit was given one, else computed by the query from the table it reads (the
   * day after its last plausible transaction), so a later snapshot is labelled as of its end.
   */
  readonly asOf?: DateInput;
  /** The name of the option giving the as-of date, for messages (default `asOf`). */
  readonly asOfOption?: string;
}

/**
 * The as-of date a scoring query fixes ('YYYY-MM-DD'), or undefined when it computes it from
 * its table: the one given, else the model's configured one (see {@link PipelineSqlOptions}).
 */
export function scoringSqlAsOf(
  pipeline: CohortPipeline,
  options: PipelineSqlOptions = {},
): string | undefined {
  const fixed = options.asOf ?? pipeline.config.asOf ?? undefined;
  return fixed === undefined ? undefined : toIsoDate(fixed, options.asOfOption ?? 'asOf');
}

/**
 * The transaction columns the query reads: the model's --map names (the table keeps the
 * column names of the file the model was fitted on).
 */
export function pipelineSqlColumns(pipeline: CohortPipeline): SqlTransactionColumns {
  const m = pipeline.config.mapping;
  const categories = pipeline.features.categories ?? [];
  return {
    customerId: m.customerId,
    date: m.date,
    ...(m.amount === undefined ? {} : { amount: m.amount }),
    ...(m.quantity === undefined ? {} : { quantity: m.quantity }),
    ...(m.unitPrice === undefined ? {} : { unitPrice: m.unitPrice }),
    ...(m.orderId === undefined ? {} : { orderId: m.orderId }),
    ...(m.category === undefined || categories.length === 0 ? {} : { category: m.category }),
  };
}

/**
 * The fitted parts of a pipeline as {@link ScoringParts}: the features as fitted (as-of date,
 * windows, spend-share categories), every class scheme, the scaling, k-means and cluster
 * names. The surrogate tree, the purchase-likelihood tree and BG/NBD are not exported.
 */
export function pipelineScoringParts(pipeline: CohortPipeline): ScoringParts {
  const c = pipeline.clustering;
  return {
    features: {
      asOf: pipeline.features.asOf,
      windows: pipeline.config.windows,
      categories: pipeline.features.categories ?? [],
      columns: pipelineSqlColumns(pipeline),
    },
    ...(pipeline.rfm ? { rfm: pipeline.rfm } : {}),
    ...(pipeline.valueTiers ? { valueTiers: pipeline.valueTiers } : {}),
    ...(pipeline.lifecycle ? { lifecycle: pipeline.lifecycle } : {}),
    ...(pipeline.rules ? { rules: pipeline.rules } : {}),
    ...(c
      ? {
          scaler: c.scaler,
          kmeans: c.kmeans,
          clusterNames: c.names,
          clusterFeatures: c.features,
        }
      : {}),
  };
}

/**
 * One query that labels every customer of a raw transactions table as the pipeline does:
 * the cohort table's columns (features, has_transactions, first/last purchase, RFM scores,
 * cell and segment, value_tier, lifecycle, custom_class, cluster, cluster_name,
 * cluster_distance — those the pipeline has), one row per customer ordered by customer_id.
 * The table's date column must be a DATE or TIMESTAMP. Rules over joined customer
 * attributes cannot be exported (UNKNOWN_FEATURE). The as-of date: see
 * {@link PipelineSqlOptions.asOf}.
 */
export function pipelineScoringSql(
  pipeline: CohortPipeline,
  options: PipelineSqlOptions = {},
): ScoringQuery {
  const fitted = pipelineScoringParts(pipeline);
  const asOf = scoringSqlAsOf(pipeline, options);
  const features = withComputedAsOf(fitted.features);
  const parts = { ...fitted, features: asOf === undefined ? features : { ...features, asOf } };
  const table = options.table ?? 'transactions';
  const dialect = options.dialect === undefined ? {} : { dialect: options.dialect };
  const all = scoringSql(parts, { table, ...dialect }).columns;
  // rfm_fm is an intermediate score the cohort table does not carry.
  const columns = all.filter((name) => name !== 'customer_id' && name !== 'rfm_fm');
  return scoringSql(parts, { table, columns, ...dialect });
}
