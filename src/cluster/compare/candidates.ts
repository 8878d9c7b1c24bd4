/**
 * The algorithms {@link compareAlgorithms} can try, each as a function from (data, k, seed)
 * to labels (−1 for noise), plus what only some of them know (BIC).
 *
 * @module
 */
import { BisectingKMeans } from '../bisecting/bisecting-kmeans.js';
import { DBSCAN } from '../density/dbscan.js';
import { HDBSCAN } from '../density/hdbscan.js';
import { AgglomerativeClustering } from '../hierarchy/agglomerative.js';
import { KMeans } from '../kmeans/kmeans.js';
import type { Matrix } from '../kmeans/matrix.js';
import { GaussianMixture } from '../mixture/gaussian-mixture.js';

/** A clustering algorithm that {@link compareAlgorithms} can run. */
export type AlgorithmName =
  'kmeans' | 'gmm' | 'ward' | 'average' | 'complete' | 'bisecting' | 'dbscan' | 'hdbscan';

/** Every algorithm name, in display order. */
export const ALGORITHM_NAMES: readonly AlgorithmName[] = [
  'kmeans',
  'gmm',
  'ward',
  'average',
  'complete',
  'bisecting',
  'dbscan',
  'hdbscan',
];

/** Whether the algorithm takes k, or finds the number of clusters from density. */
export function takesK(name: AlgorithmName): boolean {
  return name !== 'dbscan' && name !== 'hdbscan';
}

/** Settings shared by the candidates. */
export interface CandidateSettings {
  /** HDBSCAN's minimum cluster size and DBSCAN's minSamples. */
  readonly minClusterSize: number;
}

/** One fit: labels (−1 noise) and, for mixtures, the BIC. */
export interface CandidateFit {
  readonly labels: Int32Array;
  readonly bic: number | null;
}

/** Fits `name` on `x` (k ignored by the density methods). */
export function fitCandidate(
  name: AlgorithmName,
  x: Matrix,
  k: number,
  seed: number,
  settings: CandidateSettings,
): CandidateFit {
  switch (name) {
    case 'kmeans':
      return { labels: new KMeans({ k, seed }).fit(x).labels, bic: null };
    case 'gmm': {
      const gmm = new GaussianMixture({ k, seed, covarianceType: 'full' }).fit(x);
      return { labels: gmm.labels, bic: gmm.bic(x) };
    }
    case 'ward':
    case 'average':
    case 'complete':
      return {
        labels: new AgglomerativeClustering({ k, linkage: name, seed }).fit(x).labels,
        bic: null,
      };
    case 'bisecting':
      return { labels: new BisectingKMeans({ k, nInit: 5, seed }).fit(x).labels, bic: null };
    case 'dbscan':
      return {
        labels: new DBSCAN({ minSamples: settings.minClusterSize }).fit(x).labels,
        bic: null,
      };
    case 'hdbscan':
      return {
        labels: new HDBSCAN({ minClusterSize: settings.minClusterSize }).fit(x).labels,
        bic: null,
      };
  }
}
