import { formatProfiles } from '../cluster/profile/format.js';
import { compareLabelings } from '../compare/compare-labelings.js';
import { purchaserRows } from '../features/purchasers.js';
import type { JsonValue } from '../model/estimator.js';
import type { PipelineFit } from '../pipeline/fit-pipeline.js';
import { formatTextTable } from '../util/text-table.js';

/**
 * The clustering part of the run's account: the k search, the cluster profiles, each class
 * scheme against the clusters, and the surrogate rules that explain the clusters. Logs a
 * readable account and returns everything for clusters.json (`{ skipped }` when clustering
 * was skipped).
 */
export function clusterReport(
  fit: PipelineFit,
  schemes: Readonly<Record<string, readonly string[]>>,
  log: (line: string) => void,
): JsonValue {
  const { clusters, surrogate } = fit;
  const clustering = fit.pipeline.clustering;
  if (!clusters || !surrogate || !clustering) {
    const note = fit.notes.find((n) => n.startsWith('clustering skipped'));
    return { skipped: note?.replace(/^clustering skipped: /, '') ?? 'no clustering' };
  }
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

  const table = fit.cohorts;
  const active = purchaserRows(table);
  const names = table['cluster_name'] as readonly (string | null)[];
  const clusterNames = Array.from(active, (row) => names[row] as string);
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

  const ruleLines = surrogate.clusters.flatMap((c) => c.rules.map((r) => `  ${r.text}`));
  log(
    `Rules that explain the clusters (fidelity ${(surrogate.fidelity * 100).toFixed(1)}%)\n${ruleLines.join('\n')}\n`,
  );

  return {
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
      scaler: clustering.scaler.toJSON() as unknown as JsonValue,
      kmeans: clustering.kmeans.toJSON() as unknown as JsonValue,
    },
  };
}
