/**
 * A fitted {@link CohortPipeline} as the parts of the SQL scoring query, so that a database
 * engine labels customers exactly as `CohortPipeline.label` does.
 *
 * @module
 */
import { pipelineScoringParts, type CohortPipeline } from '../pipeline/index.js';
import type { ScoringParts, SqlFeatureConfig } from '../sql/index.js';

/** Options of {@link engineScoringParts}. */
export interface PipelineScoringPartsOptions {
  /** Also export the clusters' surrogate tree, as column `surrogate_cluster` (default false). */
  readonly surrogate?: boolean;
}

/**
 * The {@link ScoringParts} of `model` over transactions described by `features` (as-of date,
 * windows, categories, column names): RFM, value tiers, lifecycle, rules, and the scaling,
 * centroids and names of the clustering. The likelihood model has no SQL form and is left out.
 */
export function engineScoringParts(
  model: CohortPipeline,
  features: SqlFeatureConfig,
  options: PipelineScoringPartsOptions = {},
): ScoringParts {
  const c = model.clustering;
  return {
    ...pipelineScoringParts(model),
    features,
    ...(c && options.surrogate ? { tree: c.tree, treeOutput: 'surrogate_cluster' } : {}),
  };
}

/**
 * The scoring-query columns matching `CohortPipeline.label`'s label columns for `model`
 * (after the features): rfm_r, rfm_f, rfm_m, rfm_cell, rfm_segment, value_tier, lifecycle,
 * custom_class, cluster, cluster_name, cluster_distance — those whose scheme is present.
 */
export function pipelineLabelColumns(model: CohortPipeline): string[] {
  return [
    ...(model.rfm ? ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_cell', 'rfm_segment'] : []),
    ...(model.valueTiers ? ['value_tier'] : []),
    ...(model.lifecycle ? ['lifecycle'] : []),
    ...(model.rules ? ['custom_class'] : []),
    ...(model.clustering ? ['cluster', 'cluster_name', 'cluster_distance'] : []),
  ];
}
