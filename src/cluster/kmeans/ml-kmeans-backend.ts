/**
 * The optional `backend: 'ml-kmeans'`: one run of the `ml-kmeans` package (mljs) from our
 * initial centroids, so that results can be compared with the JavaScript library cohortlab
 * used before. It is Lloyd's algorithm on arrays of arrays and about two orders of magnitude
 * slower than the native backend; it takes no sample weights.
 *
 * @module
 */
import { kmeans as mlKMeans } from 'ml-kmeans';
import { nearestCentroids } from './fitted.js';
import { matrixToRows } from './matrix.js';
import type { RunInput, RunResult } from './run.js';

/**
 * Runs `ml-kmeans` from `input.init` for at most `input.maxIter` iterations, stopping when
 * every centroid moved by at most `input.tol` (squared distance, ml-kmeans' own rule). The
 * labels are then recomputed against the final centroids (ml-kmeans returns the labels of the
 * last assignment, made before its last update) and the inertia computed here, so the result
 * means the same as the native runs'. No iteration history is recorded.
 */
export function runMlKMeans(input: Omit<RunInput, 'tol'> & { readonly tol: number }): RunResult {
  const { x, weights, k } = input;
  const d = x.cols;
  const rows = matrixToRows(x);
  const initialization = matrixToRows({ data: input.init, rows: k, cols: d });
  const result = mlKMeans(rows, k, {
    initialization,
    maxIterations: input.maxIter,
    tolerance: input.tol,
  });
  const centroids = new Float64Array(k * d);
  result.centroids.forEach((row, j) => centroids.set(row, j * d));
  const { labels, inertia } = nearestCentroids({ data: centroids, rows: k, cols: d }, x, weights);
  return {
    centroids,
    labels,
    inertia,
    iterations: result.iterations,
    converged: result.converged,
    history: undefined,
  };
}
