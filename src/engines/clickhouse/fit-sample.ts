/**
 * Fitting on a sample drawn in ClickHouse: the engine picks a seeded sample of customers and
 * computes their features; the pipeline is fitted here on those rows only; every customer is
 * then scored back in the engine (`scoreInEngine`).
 *
 * @module
 */
import { fitPipelineOnFeatures, type FeatureFit, type FeatureFitOptions } from '../fit-features.js';
import type { ClickHouseClient } from './client.js';
import { remoteFeatures, type RemoteFeatures } from './features.js';
import type { RemoteTable } from './source.js';

/** Options of {@link fitSample}. */
export interface FitSampleOptions extends RemoteTable, Omit<FeatureFitOptions, 'seed'> {
  /** Customers in the sample (all of them when there are fewer). */
  readonly sampleCustomers: number;
  /** Seed of the draw and of the fit (k-means, k search). Default 0. */
  readonly seed?: number;
  /** As-of date; default the day after the last usable transaction of the WHOLE table. */
  readonly asOf?: string;
  /** Spend-share categories; default chosen in the engine over the whole table. */
  readonly categories?: readonly string[];
  readonly maxCategories?: number;
}

/** What {@link fitSample} returns. */
export interface SampleFit extends FeatureFit {
  /** The sampled customers' features (as computed in the engine) and the configuration. */
  readonly sample: RemoteFeatures;
}

/**
 * Draws `sampleCustomers` customers in ClickHouse (`cityHash64(id, seed)` order; the as-of date
 * and categories are those of the whole table), fetches only their features, and fits the
 * pipeline on them (`fitPipelineOnFeatures`: classes, clustering, surrogate). The model's as-of
 * date is the whole table's, so `scoreInEngine` labels every customer at that date.
 */
export async function fitSample(
  client: ClickHouseClient,
  options: FitSampleOptions,
): Promise<SampleFit> {
  const seed = options.seed ?? 0;
  const sample = await remoteFeatures(client, {
    table: options.table,
    columns: options.columns,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.windows === undefined ? {} : { windows: options.windows }),
    ...(options.categories === undefined ? {} : { categories: options.categories }),
    ...(options.maxCategories === undefined ? {} : { maxCategories: options.maxCategories }),
    sample: { customers: options.sampleCustomers, seed },
  });
  const fit = fitPipelineOnFeatures(
    {
      table: sample.table,
      featureNames: sample.featureNames,
      asOf: sample.asOf,
      mapping: options.columns,
    },
    {
      ...options,
      windows: sample.config.windows ?? [],
      seed,
    },
  );
  return { ...fit, sample };
}
