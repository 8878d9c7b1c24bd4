/**
 * How good a model fitted on a sample is on every customer: its k-means objective over all
 * customers, computed in the engine, against a k-means fitted on all of them with the same k.
 *
 * @module
 */
import type { TransactionMapping } from '../data/transactions.js';
import { engineInertia, fitPipelineOnFeatures, partitionInertia } from '../engines/index.js';
import type { CohortPipeline } from '../pipeline/index.js';
import type { ColumnTable } from '../table/column-table.js';
import type { EngineConnection } from './engine-options.js';

/** The inertia comparison written to engine.json and the summary. */
export interface InertiaComparison {
  /** Customers clustered (with purchases). */
  readonly customers: number;
  /** Σ over every customer of the squared distance to the model's centroid, in its units. */
  readonly model: number;
  /** The inertia of k-means with the same k fitted on every customer (its own units). */
  readonly fullFit: number | null;
  /** The model's partition (WSS about its clusters' means) in the full fit's units. */
  readonly modelInFullFitUnits: number | null;
  /** modelInFullFitUnits / fullFit: 1 means the sample lost nothing. */
  readonly ratio: number | null;
  /** How the figures were obtained, or why the full fit is missing. */
  readonly note: string;
}

/** What the comparison needs about the run. */
export interface InertiaInputs {
  /** The clients and the transactions table the model scores. */
  readonly target: EngineConnection & { readonly table: string };
  readonly model: CohortPipeline;
  /** True when the model was fitted on a sample (else it is the full fit itself). */
  readonly sampled: boolean;
  /**
   * Every customer's features as they came back from the engine (customer_id, features,
   * has_transactions…), or undefined when the scores stayed there (--into).
   */
  readonly allFeatures: ColumnTable | undefined;
  readonly asOf: string;
  readonly mapping: TransactionMapping;
}

/**
 * Without a sample the model is the full fit: its own inertia on both sides, no engine pass.
 * With one, the model's Σ d² over every customer is computed in the engine (`engineInertia`);
 * when every customer's features came back, k-means with the same k and seed is fitted on
 * them here and both partitions are measured in its units (`partitionInertia`).
 */
export async function compareInertia(input: InertiaInputs): Promise<InertiaComparison | undefined> {
  const { model } = input;
  const clustering = model.clustering;
  if (clustering === undefined) return undefined;
  if (!input.sampled) {
    const own = clustering.kmeans.inertia;
    return {
      customers: model.features.customers,
      model: own,
      fullFit: own,
      modelInFullFitUnits: own,
      ratio: 1,
      note: 'the model was fitted on every customer: it is the full fit',
    };
  }
  const { client, table, shards } = input.target;
  const moments = await engineInertia(client, model, {
    table,
    ...(shards === undefined ? {} : { shards }),
  });
  if (input.allFeatures === undefined) {
    return {
      customers: moments.customers,
      model: moments.inertia,
      fullFit: null,
      modelInFullFitUnits: null,
      ratio: null,
      note: 'the scores stayed in the engine (--into), so no full fit to compare with was made',
    };
  }
  const full = fitPipelineOnFeatures(
    {
      table: input.allFeatures,
      featureNames: model.features.names,
      asOf: input.asOf,
      mapping: input.mapping,
    },
    {
      windows: model.config.windows,
      classes: [],
      k: clustering.names.length,
      seed: model.config.seed,
    },
  ).pipeline;
  const fullFit = full.clustering?.kmeans.inertia;
  if (fullFit === undefined) {
    return {
      customers: moments.customers,
      model: moments.inertia,
      fullFit: null,
      modelInFullFitUnits: null,
      ratio: null,
      note: 'k-means could not be fitted on every customer',
    };
  }
  const inFullUnits = partitionInertia(moments, model, full);
  return {
    customers: moments.customers,
    model: moments.inertia,
    fullFit,
    modelInFullFitUnits: inFullUnits,
    ratio: inFullUnits / fullFit,
    note: `sample model's Σ d² over every customer computed in the engine; k-means with k = ${clustering.names.length} and the same seed fitted here on every customer's features`,
  };
}
