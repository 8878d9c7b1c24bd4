import { Lifecycle } from '../../src/classes/lifecycle.js';
import { RfmScorer } from '../../src/classes/rfm-scorer.js';
import { RuleClassifier } from '../../src/classes/rules/rule-classifier.js';
import { ValueTiers } from '../../src/classes/value-tiers.js';
import { surrogateRules } from '../../src/classify/surrogate.js';
import type { DecisionTreeClassifier } from '../../src/classify/tree/decision-tree.js';
import { clusterCustomers, type CustomerClusters } from '../../src/cluster/cluster-customers.js';
import type { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { customerFeatures, type CustomerFeatures } from '../../src/features/customer-features.js';
import { purchaserRows } from '../../src/features/purchasers.js';
import { takeRows } from '../../src/table/column-table.js';
import { clusterNamesOf, sqlFeatureConfig, type ScoringParts } from '../../src/sql/index.js';

/** The main job's models fitted in-process on CDNOW, and the parts to export them. */
export interface FittedCdnow {
  readonly tx: Transactions;
  readonly features: CustomerFeatures;
  readonly rfm: RfmScorer;
  readonly tiers: ValueTiers;
  readonly lifecycle: Lifecycle;
  readonly rules: RuleClassifier;
  readonly clusters: CustomerClusters;
  readonly tree: DecisionTreeClassifier;
  readonly parts: ScoringParts;
}

/** Columns the parity tests ask the scoring query for. */
export function parityColumns(fitted: FittedCdnow): string[] {
  return [
    ...fitted.features.featureNames,
    'rfm_r',
    'rfm_f',
    'rfm_m',
    'rfm_fm',
    'rfm_cell',
    'rfm_segment',
    'value_tier',
    'lifecycle',
    'custom_class',
    'cluster',
    'cluster_name',
    'cluster_distance',
    'surrogate_cluster',
    ...fitted.clusters.features.map((f) => `scaled_${f}`),
  ];
}

/**
 * Loads CDNOW and fits what the main job fits: RFM, value tiers, lifecycle, a rule set,
 * log + z-score scaling with k-means (k = 4, seed 42), and the surrogate tree on the clusters.
 */
export async function fitCdnow(engine: Engine): Promise<FittedCdnow> {
  const tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  const features = await customerFeatures(tx, { windows: [90, 365] });
  const table = features.table;
  const rfm = new RfmScorer().fit(table);
  const tiers = new ValueTiers().fit(table);
  const lifecycle = new Lifecycle().fit(table);
  const rules = new RuleClassifier({
    rules: [
      { name: 'VIP', when: 'monetary >= 381 and recency_days <= 141' },
      { name: 'one-off', when: 'mean_days_between_orders is null and not (monetary > 50)' },
      { name: 'lapsed', when: 'recency_days > 432 or frequency_365d in (0)' },
    ],
    defaultClass: 'regular',
  }).fit(table);
  const clusters = clusterCustomers(table, { k: 4, seed: 42 });
  const active = purchaserRows(table);
  const tree = surrogateRules(
    takeRows(table, active),
    Array.from(active, (row) => clusters.names[row] as string),
    { features: clusters.features, maxDepth: 3, seed: 42 },
  ).tree;
  const parts: ScoringParts = {
    features: await sqlFeatureConfig(tx, features),
    rfm,
    valueTiers: tiers,
    lifecycle,
    rules,
    scaler: clusters.scaler,
    kmeans: clusters.model,
    clusterNames: clusterNamesOf(clusters),
    tree,
    treeOutput: 'surrogate_cluster',
  };
  return { tx, features, rfm, tiers, lifecycle, rules, clusters, tree, parts };
}
