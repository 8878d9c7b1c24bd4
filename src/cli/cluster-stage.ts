import { surrogateRules } from '../classify/surrogate.js';
import { clusterCustomers } from '../cluster/cluster-customers.js';
import { formatProfiles } from '../cluster/profile/format.js';
import { compareLabelings } from '../compare/compare-labelings.js';
import { purchaserRows } from '../features/purchasers.js';
import type { JsonValue } from '../model/estimator.js';
import { takeRows, type Column, type ColumnTable } from '../table/column-table.js';
import { formatTextTable } from '../util/text-table.js';

/** What the clustering stage adds to the run. */
export interface ClusterStageResult {
  /** cluster, cluster_name, cluster_distance: one value per customer. */
  readonly columns: Readonly<Record<string, Column>>;
  /** Everything for clusters.json. */
  readonly json: JsonValue;
}

/** The k search of the main job: the documented chooseK, with fewer auxiliary fits. */
const MAIN_JOB_SEARCH = { gapReferences: 5, stabilityResamples: 8, auxiliaryNInit: 1 } as const;

/**
 * Scale → choose k → k-means → profiles and names → each class scheme against the clusters →
 * surrogate rules that explain the clusters. Logs a readable account as it goes.
 */
export function clusterStage(
  table: ColumnTable,
  schemes: Readonly<Record<string, readonly string[]>>,
  options: { readonly k: number | 'auto'; readonly seed: number },
  log: (line: string) => void,
): ClusterStageResult {
  const clusters = clusterCustomers(table, {
    k: options.k,
    seed: options.seed,
    chooseK: MAIN_JOB_SEARCH,
  });
  if (clusters.choice) {
    const rows = clusters.choice.rows.map((r) => [
      r.k,
      r.inertia,
      r.silhouette,
      r.calinskiHarabasz,
      r.daviesBouldin,
      r.gap,
      r.stability,
    ]);
    log(
      `Choosing k\n${formatTextTable(['k', 'inertia', 'silhouette', 'Calinski–Harabasz', 'Davies–Bouldin', 'gap', 'stability'], rows, 3)}`,
    );
    log(`${clusters.choice.reasons.join('\n')}\n`);
  }
  log(
    `Clusters (k = ${clusters.k}, features ${clusters.features.join(', ')})\n${formatProfiles(clusters.profiles)}\n`,
  );

  const active = purchaserRows(table);
  const clusterNames = Array.from(active, (row) => clusters.names[row] as string);
  const comparisons: Record<string, JsonValue> = {};
  const agreement: (string | number)[][] = [];
  for (const [scheme, labels] of Object.entries(schemes)) {
    const classes = Array.from(active, (row) => labels[row] as string);
    const comparison = compareLabelings(classes, clusterNames, { names: [scheme, 'cluster'] });
    const { scores, contingency } = comparison;
    agreement.push([
      scheme,
      scores.adjustedRand,
      scores.normalizedMutualInfo,
      scores.matchedAgreement * 100,
    ]);
    comparisons[scheme] = {
      scores: { ...scores },
      classes: contingency.rowLabels.map(String),
      clusters: contingency.colLabels.map(String),
      counts: contingency.counts.map((row) => [...row]),
      matching: comparison.matching.pairs.map((p) => ({
        class: String(p.row),
        cluster: String(p.col),
        customers: p.count,
      })),
      disagreeing: comparison.disagreements.count,
    };
  }
  log(
    `Predefined classes vs clusters\n${formatTextTable(['scheme', 'ARI', 'NMI', 'matched agreement %'], agreement, 3)}\n`,
  );

  const surrogate = surrogateRules(takeRows(table, active), clusterNames, {
    features: clusters.features,
    maxDepth: 3,
    seed: options.seed,
  });
  const ruleLines = surrogate.clusters.flatMap((c) => c.rules.map((r) => `  ${r.text}`));
  log(
    `Rules that explain the clusters (fidelity ${(surrogate.fidelity * 100).toFixed(1)}%)\n${ruleLines.join('\n')}\n`,
  );

  return {
    columns: {
      cluster: Float64Array.from(clusters.labels, (c) => (c < 0 ? NaN : c)),
      cluster_name: clusters.names.map((n) => (n === '' ? null : n)),
      cluster_distance: clusters.distance,
    },
    json: {
      k: clusters.k,
      features: [...clusters.features],
      chooseK: clusters.choice
        ? {
            rows: clusters.choice.rows.map((r) => ({ ...r })),
            reasons: [...clusters.choice.reasons],
          }
        : null,
      profiles: JSON.parse(JSON.stringify(clusters.profiles)) as JsonValue,
      comparisons,
      surrogate: {
        fidelity: surrogate.fidelity,
        rules: surrogate.clusters.map((c) => ({
          cluster: c.cluster,
          coverage: c.coverage,
          precision: c.precision,
          rules: c.rules.map((r) => r.text),
        })),
      },
      models: {
        scaler: clusters.scaler.toJSON() as unknown as JsonValue,
        kmeans: clusters.model.toJSON() as unknown as JsonValue,
      },
    },
  };
}
