/**
 * Homogeneity, completeness and V-measure (Rosenberg and Hirschberg 2007), equal to
 * scikit-learn's `homogeneity_completeness_v_measure`.
 *
 * @module
 */
import type { Label } from '../evaluate/labels.js';
import { entropyOfCounts, mutualInfoFromCounts } from './mutual-info.js';
import { pairCounts, type PairCounts } from './pair-counts.js';

/** Homogeneity, completeness and their weighted harmonic mean. */
export interface HomogeneityCompleteness {
  /** 1 when each cluster holds members of a single class: MI / H(classes). */
  readonly homogeneity: number;
  /** 1 when all members of a class are in one cluster: MI / H(clusters). */
  readonly completeness: number;
  /** (1 + β)·h·c / (β·h + c); with β = 1 it equals NMI with the arithmetic mean. */
  readonly vMeasure: number;
}

/** Options of {@link vMeasure} and {@link homogeneityCompletenessVMeasure}. */
export interface VMeasureOptions {
  /** Weight of completeness against homogeneity (default 1; above 1 favours completeness). */
  readonly beta?: number;
}

/** The three measures of counted pairs (rows: classes, columns: clusters). */
export function homogeneityFromCounts(counts: PairCounts, beta = 1): HomogeneityCompleteness {
  if (counts.n === 0) return { homogeneity: 1, completeness: 1, vMeasure: 1 };
  const hClasses = entropyOfCounts(counts.rowTotals);
  const hClusters = entropyOfCounts(counts.colTotals);
  const mi = mutualInfoFromCounts(counts);
  const homogeneity = hClasses !== 0 ? mi / hClasses : 1;
  const completeness = hClusters !== 0 ? mi / hClusters : 1;
  const vMeasure =
    homogeneity + completeness === 0
      ? 0
      : ((1 + beta) * homogeneity * completeness) / (beta * homogeneity + completeness);
  return { homogeneity, completeness, vMeasure };
}

/**
 * Homogeneity, completeness and V-measure of `clusters` against the reference `classes`
 * (each side text or numbers). Equal to scikit-learn's
 * `homogeneity_completeness_v_measure(classes, clusters, beta=…)`; all three are 1 for no
 * rows.
 */
export function homogeneityCompletenessVMeasure(
  classes: ArrayLike<Label>,
  clusters: ArrayLike<Label>,
  options: VMeasureOptions = {},
): HomogeneityCompleteness {
  return homogeneityFromCounts(
    pairCounts('homogeneityCompletenessVMeasure', classes, clusters),
    options.beta ?? 1,
  );
}

/** Homogeneity of `clusters` against `classes` (scikit-learn's `homogeneity_score`). */
export function homogeneity(classes: ArrayLike<Label>, clusters: ArrayLike<Label>): number {
  return homogeneityFromCounts(pairCounts('homogeneity', classes, clusters)).homogeneity;
}

/** Completeness of `clusters` against `classes` (scikit-learn's `completeness_score`). */
export function completeness(classes: ArrayLike<Label>, clusters: ArrayLike<Label>): number {
  return homogeneityFromCounts(pairCounts('completeness', classes, clusters)).completeness;
}

/** V-measure of `clusters` against `classes` (scikit-learn's `v_measure_score`). */
export function vMeasure(
  classes: ArrayLike<Label>,
  clusters: ArrayLike<Label>,
  options: VMeasureOptions = {},
): number {
  return homogeneityFromCounts(pairCounts('vMeasure', classes, clusters), options.beta ?? 1)
    .vMeasure;
}
