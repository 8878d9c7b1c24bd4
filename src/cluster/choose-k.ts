import { CohortlabError } from '../errors/cohortlab-error.js';
import { KMeans, type KMeansAlgorithm, type KMeansBackend } from './kmeans/kmeans.js';
import type { Matrix } from './kmeans/matrix.js';
import { calinskiHarabaszScore } from './metrics/calinski-harabasz.js';
import type { ClusterFunction } from './metrics/cluster-function.js';
import { daviesBouldinScore } from './metrics/davies-bouldin.js';
import { gapStatistic } from './metrics/gap-statistic.js';
import { kneedle } from './metrics/kneedle.js';
import { silhouetteScore } from './metrics/silhouette.js';
import { bootstrapStability } from './metrics/stability.js';
import { stepProgress, type PipelineProgress, type StepReporter } from '../util/progress.js';

/** Options of {@link chooseK}. */
export interface ChooseKOptions {
  /** The k values to compare, ascending (default 2…8). */
  readonly ks?: readonly number[];
  /** Restarts of each main fit (default 10). */
  readonly nInit?: number;
  /** Seed of everything random here (default 0). */
  readonly seed?: number;
  readonly algorithm?: KMeansAlgorithm;
  /**
   * Backend of the main fit of each k (default `'native'`); `'webgpu'` needs
   * {@link chooseKAsync}. The many small auxiliary fits always run on the CPU.
   */
  readonly backend?: KMeansBackend;
  /** Silhouette is exact up to this many points, on a seeded sample above (default 10,000). */
  readonly silhouetteSampleSize?: number | null;
  /** Reference data sets of the gap statistic (default 10; 0 skips it). */
  readonly gapReferences?: number;
  /** Bootstrap resamples for stability (default 20; 0 skips it). */
  readonly stabilityResamples?: number;
  /** Restarts of the many auxiliary fits (gap references, bootstrap resamples); default 3. */
  readonly auxiliaryNInit?: number;
  /** A k counts as stable when its mean bootstrap ARI reaches this (default 0.6). */
  readonly minStability?: number;
  /**
   * A k whose fit has a cluster holding less than this share of the points is not chosen
   * (default 0.01, i.e. 1 %; 0 turns the gate off). When every k has one, the gate is lifted
   * and {@link ChooseKResult.excluded} stays empty for that reason.
   */
  readonly minClusterShare?: number;
  /**
   * Stability gate `[weak, strong]` (default [0.8, 0.9]): while some k reaches a mean
   * bootstrap ARI of `strong`, a k below `weak` is not chosen — its votes would pick a
   * split that resampling does not reproduce when a reproducible one exists.
   */
  readonly stabilityGate?: readonly [weak: number, strong: number];
  /**
   * Told how far the search is: step "k search" in k-means runs (every restart of the main,
   * gap-reference and bootstrap fits), then step "measures" in k (silhouette and the other measures of each k).
   */
  readonly progress?: PipelineProgress;
}

/** Every measure for one k. NaN where a measure was skipped. */
export interface ChooseKRow {
  readonly k: number;
  /** Best within-cluster sum of squares over nInit restarts. */
  readonly inertia: number;
  /** Mean silhouette (higher is better). */
  readonly silhouette: number;
  /** Calinski–Harabasz index (higher is better). */
  readonly calinskiHarabasz: number;
  /** Davies–Bouldin index (lower is better). */
  readonly daviesBouldin: number;
  /** Gap statistic and its simulation error s_k. */
  readonly gap: number;
  readonly gapSk: number;
  /** Mean and std of the bootstrap ARI against the full-data clustering. */
  readonly stability: number;
  readonly stabilityStd: number;
  /** Points in the smallest cluster of the main fit (absent in rows made elsewhere). */
  readonly smallestCluster?: number;
}

/** One criterion's preferred k. */
export interface KVote {
  readonly criterion: 'knee' | 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'gap';
  readonly k: number | null;
  /** Why (a sentence for the analyst). */
  readonly reason: string;
}

/** Result of {@link chooseK}. */
export interface ChooseKResult {
  readonly rows: readonly ChooseKRow[];
  readonly votes: readonly KVote[];
  /** The recommended k. */
  readonly k: number;
  /** The argument for it, one sentence per line. */
  readonly reasons: readonly string[];
  /** The fitted model of every k, so the chosen one need not be refitted. */
  readonly models: ReadonlyMap<number, KMeans>;
  /** How many criteria voted for the chosen k (of `votes.length`). */
  readonly support: number;
  /** The eligible k with the most votes after the chosen one (null when none is left). */
  readonly runnerUp: { readonly k: number; readonly votes: number } | null;
  /**
   * The k left out of the vote by a gate, and why (one sentence each). `reasons` (and the
   * `WEAK_CHOICE` warning) name only those with at least the chosen k's votes.
   */
  readonly excluded: readonly { readonly k: number; readonly reason: string }[];
}

/**
 * Compares k-means solutions over a range of k and recommends one.
 *
 * For each k: inertia (best of nInit), silhouette, Calinski–Harabasz, Davies–Bouldin, the gap
 * statistic (Tibshirani et al. 2001) and bootstrap stability (mean ARI of resampled fits
 * against the full fit). Five criteria then vote: the knee of the inertia curve (Kneedle),
 * the best silhouette, the best Calinski–Harabasz, the best Davies–Bouldin and the gap rule
 * (smallest k with Gap(k) ≥ Gap(k+1) − s(k+1)). Votes only count for stable k (mean ARI ≥
 * `minStability`; all k when none is). Two gates then leave k out: one whose fit has a
 * cluster below `minClusterShare` of the points (a micro-cluster of outliers; lifted when
 * every k has one), and one whose stability is below `stabilityGate[0]` while another k
 * reaches `stabilityGate[1]`. The k with most votes wins; a tie goes to the smaller k, the
 * simpler segmentation. Seeded: the same data and options give the same result.
 */
export function chooseK(x: Matrix, options: ChooseKOptions = {}): ChooseKResult {
  if (options.backend === 'webgpu') {
    throw new CohortlabError('INVALID_OPTION', "chooseK: backend 'webgpu' needs chooseKAsync");
  }
  const ks = checkedKs(options);
  const progress = searchProgress(options, ks);
  const models = new Map<number, KMeans>();
  for (const k of ks) {
    models.set(k, new KMeans(mainOptions(k, options)).fit(x, { onRun: progress.fit() }));
  }
  return sweep(x, options, ks, models, progress);
}

/**
 * {@link chooseK} with the main fit of each k through `KMeans.fitAsync`, so that
 * `backend: 'webgpu'` runs them on the GPU; the same result as `chooseK` otherwise.
 */
export async function chooseKAsync(
  x: Matrix,
  options: ChooseKOptions = {},
): Promise<ChooseKResult> {
  const ks = checkedKs(options);
  const progress = searchProgress(options, ks);
  const models = new Map<number, KMeans>();
  for (const k of ks) {
    const model = new KMeans(mainOptions(k, options));
    models.set(k, await model.fitAsync(x, { onRun: progress.fit() }));
  }
  return sweep(x, options, ks, models, progress);
}

/** The search's reports: k-means runs done of all it will make, then the k measured. */
interface SearchProgress {
  /** The `onRun` hook of one more fit (undefined when nobody listens). */
  fit(): ((done: number, total: number) => void) | undefined;
  /** Every run is done (some bootstrap pairs may have been left out). */
  finish(): void;
  readonly measured: StepReporter | undefined;
}

function searchProgress(options: ChooseKOptions, ks: readonly number[]): SearchProgress {
  const report = stepProgress(options.progress, 'k search', 'runs');
  const references = options.gapReferences ?? 10;
  const auxiliary = (references > 0 ? references + 1 : 0) + (options.stabilityResamples ?? 20);
  const total = ks.length * ((options.nInit ?? 10) + auxiliary * (options.auxiliaryNInit ?? 3));
  let done = 0;
  return {
    fit: () => {
      if (report === undefined) return undefined;
      let before = 0;
      return (runs) => {
        done = Math.min(total, done + runs - before);
        before = runs;
        report(done, total);
      };
    },
    finish: () => {
      if (done < total) report?.(total, total);
    },
    measured: stepProgress(options.progress, 'measures', 'k'),
  };
}

function mainOptions(k: number, options: ChooseKOptions): ConstructorParameters<typeof KMeans>[0] {
  return {
    k,
    nInit: options.nInit ?? 10,
    seed: options.seed ?? 0,
    algorithm: options.algorithm ?? 'auto',
    backend: options.backend ?? 'native',
  };
}

function checkedKs(options: ChooseKOptions): number[] {
  const ks = [...(options.ks ?? [2, 3, 4, 5, 6, 7, 8])];
  if (
    ks.length === 0 ||
    ks.some((k, i) => !Number.isInteger(k) || k < 2 || (i > 0 && k <= (ks[i - 1] as number)))
  ) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `ks must be increasing whole numbers ≥ 2, got [${ks.join(', ')}]`,
    );
  }
  return ks;
}

/** Everything after the main fits: the measures, the votes and the decision. */
function sweep(
  x: Matrix,
  options: ChooseKOptions,
  ks: readonly number[],
  models: Map<number, KMeans>,
  progress: SearchProgress,
): ChooseKResult {
  const seed = options.seed ?? 0;
  const algorithm = options.algorithm ?? 'auto';
  const auxiliary: ClusterFunction = (data, k, s) =>
    new KMeans({ k, nInit: options.auxiliaryNInit ?? 3, seed: s, algorithm }).fit(data, {
      onRun: progress.fit(),
    }).labels;
  const labelsOf = (k: number): Int32Array => (models.get(k) as KMeans).labels;

  const references = options.gapReferences ?? 10;
  const gap =
    references > 0 ? gapStatistic(x, { ks, cluster: auxiliary, references, seed }) : undefined;
  const resamples = options.stabilityResamples ?? 20;
  const stability =
    resamples > 0
      ? bootstrapStability(x, {
          ks,
          resamples,
          seed,
          cluster: (data, k, s) => (data === x && s === seed ? labelsOf(k) : auxiliary(data, k, s)),
        })
      : undefined;
  progress.finish();

  const sampleSize =
    options.silhouetteSampleSize === undefined ? 10_000 : options.silhouetteSampleSize;
  const rows: ChooseKRow[] = ks.map((k, i) => {
    const labels = labelsOf(k);
    const row = {
      k,
      inertia: (models.get(k) as KMeans).inertia,
      silhouette: silhouetteScore(x, labels, { sampleSize, seed }),
      calinskiHarabasz: calinskiHarabaszScore(x, labels),
      daviesBouldin: daviesBouldinScore(x, labels),
      gap: gap?.rows[i]?.gap ?? NaN,
      gapSk: gap?.rows[i]?.sk ?? NaN,
      stability: stability?.[i]?.mean ?? NaN,
      stabilityStd: stability?.[i]?.std ?? NaN,
      smallestCluster: smallestCluster(labels, k),
    };
    progress.measured?.(i + 1, ks.length);
    return row;
  });
  const votes = castVotes(rows, gap?.bestK ?? null, references > 0);
  const gates = {
    minStability: options.minStability ?? 0.6,
    minClusterSize: (options.minClusterShare ?? 0.01) * x.rows,
    stabilityGate: options.stabilityGate ?? ([0.8, 0.9] as const),
  };
  return { rows, votes, models, ...decide(rows, votes, gates) };
}

/** How many criteria voted for `k`. */
export function votesFor(votes: readonly KVote[], k: number): number {
  return votes.filter((v) => v.k === k).length;
}

/** Size of the smallest of clusters 0…k−1 (0 when one is empty). */
function smallestCluster(labels: Int32Array, k: number): number {
  const counts = new Array<number>(k).fill(0);
  for (const label of labels) if (label >= 0 && label < k) counts[label]!++;
  return Math.min(...counts);
}

function castVotes(
  rows: readonly ChooseKRow[],
  gapK: number | null,
  gapComputed: boolean,
): KVote[] {
  const ks = rows.map((r) => r.k);
  const best = (value: (r: ChooseKRow) => number, higher: boolean): ChooseKRow =>
    rows.reduce((a, b) => ((higher ? value(b) > value(a) : value(b) < value(a)) ? b : a));
  const knee =
    rows.length >= 3
      ? kneedle(
          ks,
          rows.map((r) => r.inertia),
          { curve: 'convex', direction: 'decreasing' },
        ).knee
      : null;
  const sil = best((r) => r.silhouette, true);
  const ch = best((r) => r.calinskiHarabasz, true);
  const db = best((r) => r.daviesBouldin, false);
  const votes: KVote[] = [
    {
      criterion: 'knee',
      k: knee,
      reason:
        knee === null
          ? 'the inertia curve has no clear knee'
          : `the inertia curve bends at k = ${knee} (Kneedle)`,
    },
    {
      criterion: 'silhouette',
      k: sil.k,
      reason: `silhouette is highest at k = ${sil.k} (${sil.silhouette.toFixed(3)})`,
    },
    {
      criterion: 'calinskiHarabasz',
      k: ch.k,
      reason: `Calinski–Harabasz is highest at k = ${ch.k} (${ch.calinskiHarabasz.toFixed(1)})`,
    },
    {
      criterion: 'daviesBouldin',
      k: db.k,
      reason: `Davies–Bouldin is lowest at k = ${db.k} (${db.daviesBouldin.toFixed(3)})`,
    },
  ];
  if (gapComputed) {
    votes.push({
      criterion: 'gap',
      k: gapK,
      reason:
        gapK === null
          ? 'the gap statistic still rises at the end of the range'
          : `the gap statistic first levels off at k = ${gapK} (Gap(k) ≥ Gap(k+1) − s(k+1))`,
    });
  }
  return votes;
}

interface Gates {
  readonly minStability: number;
  /** Points the smallest cluster must hold. */
  readonly minClusterSize: number;
  readonly stabilityGate: readonly [number, number];
}

type Decision = Pick<ChooseKResult, 'k' | 'reasons' | 'support' | 'runnerUp' | 'excluded'>;

function decide(rows: readonly ChooseKRow[], votes: readonly KVote[], gates: Gates): Decision {
  const measured = rows.some((r) => !Number.isNaN(r.stability));
  const stableKs = new Set(
    rows.filter((r) => !measured || r.stability >= gates.minStability).map((r) => r.k),
  );
  let eligible = stableKs.size > 0 ? stableKs : new Set(rows.map((r) => r.k));
  const excluded: { k: number; reason: string }[] = [];
  const big = rows.filter(
    (r) => eligible.has(r.k) && (r.smallestCluster ?? Infinity) >= gates.minClusterSize,
  );
  if (big.length > 0) {
    for (const r of rows) {
      if (eligible.has(r.k) && (r.smallestCluster ?? Infinity) < gates.minClusterSize) {
        excluded.push({
          k: r.k,
          reason: `k = ${r.k} has a cluster of ${String(r.smallestCluster)} (the minimum is ${Math.ceil(gates.minClusterSize)})`,
        });
      }
    }
    eligible = new Set(big.map((r) => r.k));
  }
  const [weak, strong] = gates.stabilityGate;
  const best = rows.filter((r) => eligible.has(r.k) && r.stability >= strong);
  if (measured && best.length > 0) {
    const top = best.reduce((a, b) => (b.stability > a.stability ? b : a));
    for (const r of rows) {
      if (eligible.has(r.k) && r.stability < weak) {
        excluded.push({
          k: r.k,
          reason: `k = ${r.k} is much less stable (mean ARI ${r.stability.toFixed(2)}) than k = ${top.k} (${top.stability.toFixed(2)})`,
        });
        eligible.delete(r.k);
      }
    }
  }
  const tally = new Map<number, number>();
  for (const vote of votes) {
    if (vote.k !== null && eligible.has(vote.k)) tally.set(vote.k, (tally.get(vote.k) ?? 0) + 1);
  }
  const ordered = [...eligible].sort((a, b) => (tally.get(b) ?? 0) - (tally.get(a) ?? 0) || a - b);
  const k = ordered[0] as number;
  const count = tally.get(k) ?? 0;
  const second = ordered[1];
  const runnerUp = second === undefined ? null : { k: second, votes: tally.get(second) ?? 0 };
  const reasons = [
    `k = ${k}: ${count} of ${votes.length} criteria agree${count === 0 ? ' (none did; the smallest stable k)' : ''}`,
  ];
  for (const vote of votes) if (vote.k === k) reasons.push(vote.reason);
  const row = rows.find((r) => r.k === k) as ChooseKRow;
  if (measured) {
    reasons.push(
      `stable: bootstrap resamples agree with the full fit at mean ARI ${row.stability.toFixed(2)}`,
    );
    const dropped = votes.filter((v) => v.k !== null && !stableKs.has(v.k) && stableKs.size > 0);
    for (const vote of dropped)
      reasons.push(`not counted (k = ${vote.k} is unstable): ${vote.reason}`);
  }
  // Only the exclusions that changed the outcome: a k with at least the winner's votes.
  for (const e of excluded) {
    if (votesFor(votes, e.k) >= count) reasons.push(`not chosen: ${e.reason}`);
  }
  return { k, reasons, support: count, runnerUp, excluded };
}
