/**
 * RFM quantile scores: the cut-points ("edges") learned from training customers and the
 * 1..bins score they give any value.
 *
 * ## Tie rule (ties are never split)
 *
 * With `n` training customers and `bins` scores (default 5):
 *
 * - Higher is better (frequency, monetary): a value `x` scores
 *   `1 + floor(bins × count(training values < x) / n)`, capped at `bins`.
 * - Lower is better (recency in days): `x` scores
 *   `1 + floor(bins × count(training values > x) / n)`, capped at `bins`.
 *
 * Customers with the same value therefore always get the same score, and a heavily tied value
 * (say half the customers bought exactly once) takes the score of where its block *starts*.
 * Some scores can then be empty (with frequency 1 for half the customers, F scores jump from 1
 * to 3), which is the honest outcome: splitting a tie would give identical customers
 * different scores.
 *
 * ## Edges
 *
 * The same rule is stored as `bins − 1` edges, which is also what scores new customers (and
 * what an SQL `CASE` reproduces):
 *
 * - higher is better: `edge_q` = the smallest training value `v` with
 *   `count(training < v) ≥ q·n/bins`; score = `1 + #{q : x ≥ edge_q}`;
 * - lower is better: `edge_q` = the largest training value `v` with
 *   `count(training > v) ≥ q·n/bins`; score = `1 + #{q : x ≤ edge_q}`.
 *
 * On training values this gives exactly the count formula above. When no training value
 * qualifies (heavy ties at the top), the edge is unreachable: `+Infinity` (higher is better) or
 * `−Infinity` (lower is better) in memory, `null` in JSON. Edges can also coincide, which
 * empties the scores between them.
 *
 * @module
 */
import { sortedFinite } from '../util/stats.js';

/** Whether a larger value earns a higher score (`'higher'`) or a smaller one (`'lower'`). */
export type ScoreDirection = 'higher' | 'lower';

/**
 * The `bins − 1` edges of one feature, learned from its training values (NaN ignored).
 * Unreachable edges are `+Infinity` (higher is better) or `−Infinity` (lower is better).
 * Comparisons `bins·count ≥ q·n` are done in integers, so there is no rounding at the cuts.
 */
export function scoreEdges(
  values: ArrayLike<number>,
  bins: number,
  direction: ScoreDirection,
): number[] {
  const sorted = sortedFinite(values);
  const n = sorted.length;
  const edges: number[] = [];
  if (direction === 'higher') {
    // For the first occurrence of a value at index i, count(training < value) = i.
    let i = 0;
    for (let q = 1; q < bins; q++) {
      while (i < n && (bins * i < q * n || (i > 0 && sorted[i - 1] === sorted[i]))) i++;
      edges.push(i < n ? (sorted[i] as number) : Infinity);
    }
  } else {
    // For the last occurrence of a value at index j, count(training > value) = n − 1 − j.
    let j = n - 1;
    for (let q = 1; q < bins; q++) {
      while (j >= 0 && (bins * (n - 1 - j) < q * n || (j < n - 1 && sorted[j + 1] === sorted[j]))) {
        j--;
      }
      edges.push(j >= 0 ? (sorted[j] as number) : -Infinity);
    }
  }
  return edges;
}

/** The score (1..edges.length + 1) of `x` under `edges`; NaN for NaN. */
export function scoreValue(x: number, edges: readonly number[], direction: ScoreDirection): number {
  if (Number.isNaN(x)) return NaN;
  let score = 1;
  if (direction === 'higher') {
    for (const edge of edges) if (x >= edge) score++;
  } else {
    for (const edge of edges) if (x <= edge) score++;
  }
  return score;
}

/** Scores of a whole column (NaN stays NaN). */
export function scoreColumn(
  values: ArrayLike<number>,
  edges: readonly number[],
  direction: ScoreDirection,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = scoreValue(values[i] as number, edges, direction);
  }
  return out;
}

/** Edges for JSON: unreachable (infinite) edges become `null`. */
export function encodeEdges(edges: readonly number[]): (number | null)[] {
  return edges.map((edge) => (Number.isFinite(edge) ? edge : null));
}

/** Inverse of {@link encodeEdges}: `null` becomes the unreachable edge of `direction`. */
export function decodeEdges(
  edges: readonly (number | null)[],
  direction: ScoreDirection,
): number[] {
  const unreachable = direction === 'higher' ? Infinity : -Infinity;
  return edges.map((edge) => (edge === null ? unreachable : edge));
}

/**
 * The combined frequency–monetary score: the average of F and M rounded half up,
 * `floor((F + M + 1) / 2)`. NaN when either is NaN.
 */
export function fmScore(f: number, m: number): number {
  return Math.floor((f + m + 1) / 2);
}

/**
 * The RFM cell label: the three scores as digits ("545"), or joined with "-" when
 * `bins > 9` ("10-3-7"). `null` when any score is NaN.
 */
export function rfmCell(r: number, f: number, m: number, bins: number): string | null {
  if (Number.isNaN(r) || Number.isNaN(f) || Number.isNaN(m)) return null;
  return bins > 9 ? `${r}-${f}-${m}` : `${r}${f}${m}`;
}
