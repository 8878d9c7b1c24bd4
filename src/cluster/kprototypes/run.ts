/**
 * The k-prototypes iterations (Huang 1997, 1998) in batch form: assign every row to its
 * cheapest prototype, then recompute every prototype (means of the numeric attributes, modes
 * of the categorical ones), until no row changes cluster. k-modes is the case without numeric
 * attributes.
 *
 * Huang's own algorithm moves a prototype as soon as one row changes cluster; the batch form
 * (like Lloyd's k-means) gives the same fixed points, does not depend on row order and is
 * what `scripts/fixtures/kprototypes.py` reimplements for the parity tests.
 *
 * @module
 */

/** The encoded data of one fit: numeric n × p row-major, categorical codes n × q. */
export interface MixedProblem {
  readonly n: number;
  readonly p: number;
  readonly q: number;
  readonly num: Float64Array;
  readonly cat: Int32Array;
  /** Number of levels of each categorical attribute. */
  readonly nLevels: Int32Array;
  /** Weight of one categorical mismatch against squared numeric differences. */
  readonly gamma: number;
  /**
   * Each row's combination of categories as one number (mixed radix over `nLevels`), when
   * there are few combinations (see {@link categoryCombos}): the assignment then looks the
   * mismatch cost of a row up in a combinations × k table instead of comparing q codes per
   * prototype. Same costs, bit for bit (γ × a small integer either way).
   */
  readonly combos?: Int32Array;
}

/** Most category combinations for which {@link categoryCombos} builds the lookup. */
export const MAX_COMBOS = 4096;

/**
 * The combination number of every row (attribute 0 varying fastest), or undefined when the
 * combinations exceed {@link MAX_COMBOS} or a row has a category unseen at fit.
 */
export function categoryCombos(
  n: number,
  q: number,
  cat: Int32Array,
  nLevels: Int32Array,
): Int32Array | undefined {
  let count = 1;
  for (let t = 0; t < q; t++) count *= nLevels[t] as number;
  if (q === 0 || count > MAX_COMBOS) return undefined;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = 0;
    let stride = 1;
    for (let t = 0; t < q; t++) {
      const code = cat[i * q + t] as number;
      if (code < 0) return undefined;
      c += code * stride;
      stride *= nLevels[t] as number;
    }
    out[i] = c;
  }
  return out;
}

/** γ × mismatches of every combination against every prototype, combinations × k. */
function comboCosts(problem: MixedProblem, protos: Prototypes, k: number): Float64Array {
  const { q, nLevels, gamma } = problem;
  let count = 1;
  for (let t = 0; t < q; t++) count *= nLevels[t] as number;
  const out = new Float64Array(count * k);
  for (let c = 0; c < count; c++) {
    for (let j = 0; j < k; j++) {
      let rest = c;
      let m = 0;
      for (let t = 0; t < q; t++) {
        const levels = nLevels[t] as number;
        if (rest % levels !== protos.cat[j * q + t]) m++;
        rest = Math.floor(rest / levels);
      }
      out[c * k + j] = gamma * m;
    }
  }
  return out;
}

/** Prototypes: numeric means k × p and categorical modes k × q (codes). */
export interface Prototypes {
  readonly num: Float64Array;
  readonly cat: Int32Array;
}

/** The outcome of one run. */
export interface MixedRun {
  readonly prototypes: Prototypes;
  readonly labels: Int32Array;
  /** Σ over rows of the cost to their prototype. */
  readonly cost: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Cost of row `i` to prototype `j`: Σ squared numeric differences + γ × mismatches. */
export function rowCost(problem: MixedProblem, protos: Prototypes, i: number, j: number): number {
  const { p, q, num, cat, gamma } = problem;
  let squares = 0;
  for (let t = 0, a = i * p, b = j * p; t < p; t++) {
    const d = (num[a + t] as number) - (protos.num[b + t] as number);
    squares += d * d;
  }
  let mismatches = 0;
  for (let t = 0, a = i * q, b = j * q; t < q; t++) {
    if (cat[a + t] !== protos.cat[b + t]) mismatches++;
  }
  return squares + gamma * mismatches;
}

/**
 * Assigns each row to its cheapest prototype (the lowest index among exact ties), writing
 * `labels` and each row's cost into `costs`; returns the total cost and the number of rows
 * whose label changed.
 */
export function assignRows(
  problem: MixedProblem,
  protos: Prototypes,
  k: number,
  labels: Int32Array,
  costs: Float64Array,
): { cost: number; changed: number } {
  const { n, p, q, num, cat, gamma, combos } = problem;
  const pn = protos.num;
  const pc = protos.cat;
  let total = 0;
  let changed = 0;
  if (combos !== undefined) {
    const table = comboCosts(problem, protos, k);
    for (let i = 0; i < n; i++) {
      const a = i * p;
      const row = (combos[i] as number) * k;
      let best = Infinity;
      let bestJ = 0;
      for (let j = 0; j < k; j++) {
        let s = 0;
        const b = j * p;
        for (let t = 0; t < p; t++) {
          const d = (num[a + t] as number) - (pn[b + t] as number);
          s += d * d;
        }
        s += table[row + j] as number;
        if (s < best) {
          best = s;
          bestJ = j;
        }
      }
      if (labels[i] !== bestJ) {
        changed++;
        labels[i] = bestJ;
      }
      costs[i] = best;
      total += best;
    }
    return { cost: total, changed };
  }
  for (let i = 0; i < n; i++) {
    const a = i * p;
    const c = i * q;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      let s = 0;
      const b = j * p;
      for (let t = 0; t < p; t++) {
        const d = (num[a + t] as number) - (pn[b + t] as number);
        s += d * d;
      }
      let m = 0;
      const e = j * q;
      for (let t = 0; t < q; t++) if (cat[c + t] !== pc[e + t]) m++;
      s += gamma * m;
      if (s < best) {
        best = s;
        bestJ = j;
      }
    }
    if (labels[i] !== bestJ) {
      changed++;
      labels[i] = bestJ;
    }
    costs[i] = best;
    total += best;
  }
  return { cost: total, changed };
}

/**
 * New prototypes from the labels: numeric means, categorical modes (the lowest code among
 * equally frequent levels). An empty cluster gets the row with the highest cost not yet
 * taken (the lowest index among ties), as scikit-learn's k-means re-seeds.
 */
export function updatePrototypes(
  problem: MixedProblem,
  k: number,
  labels: Int32Array,
  costs: Float64Array,
): Prototypes {
  const { n, p, q, num, cat, nLevels } = problem;
  const sums = new Float64Array(k * p);
  const sizes = new Float64Array(k);
  const offsets = new Int32Array(q + 1);
  for (let t = 0; t < q; t++) offsets[t + 1] = (offsets[t] as number) + (nLevels[t] as number);
  const width = offsets[q] as number;
  const counts = new Int32Array(k * width);
  for (let i = 0; i < n; i++) {
    const j = labels[i] as number;
    sizes[j]!++;
    for (let t = 0, a = i * p, b = j * p; t < p; t++) sums[b + t]! += num[a + t] as number;
    for (let t = 0, a = i * q, b = j * width; t < q; t++) {
      const code = cat[a + t] as number;
      if (code >= 0) counts[b + (offsets[t] as number) + code]!++;
    }
  }
  const protoNum = new Float64Array(k * p);
  const protoCat = new Int32Array(k * q);
  const empty: number[] = [];
  for (let j = 0; j < k; j++) {
    const size = sizes[j] as number;
    if (size === 0) {
      empty.push(j);
      continue;
    }
    for (let t = 0; t < p; t++) protoNum[j * p + t] = (sums[j * p + t] as number) / size;
    for (let t = 0; t < q; t++) {
      const base = j * width + (offsets[t] as number);
      let best = 0;
      for (let c = 1; c < (nLevels[t] as number); c++) {
        if ((counts[base + c] as number) > (counts[base + best] as number)) best = c;
      }
      protoCat[j * q + t] = best;
    }
  }
  if (empty.length > 0) {
    // Rows by decreasing cost, ties by index: the farthest rows seed the empty clusters.
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (x, y) => (costs[y] as number) - (costs[x] as number) || x - y,
    );
    empty.forEach((j, r) => {
      const i = order[r] as number;
      protoNum.set(num.subarray(i * p, (i + 1) * p), j * p);
      protoCat.set(cat.subarray(i * q, (i + 1) * q), j * q);
    });
  }
  return { num: protoNum, cat: protoCat };
}

/**
 * One run from `init`: alternate update and assignment until no label changes, the cost falls
 * by at most `tol` × itself in an update, or `maxIter` updates were made. The labels returned
 * are always the nearest prototypes of the rows.
 */
export function runKPrototypes(
  problem: MixedProblem,
  init: Prototypes,
  k: number,
  maxIter: number,
  tol = 0,
): MixedRun {
  const labels = new Int32Array(problem.n).fill(-1);
  const costs = new Float64Array(problem.n);
  let prototypes = init;
  let { cost } = assignRows(problem, prototypes, k, labels, costs);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    iterations++;
    prototypes = updatePrototypes(problem, k, labels, costs);
    const step = assignRows(problem, prototypes, k, labels, costs);
    const before = cost;
    cost = step.cost;
    // The cost never increases (each step minimises it given the other); stop when no row
    // moved, or when it fell by at most `tol` of itself.
    if (step.changed === 0 || before - cost <= tol * before) {
      converged = true;
      break;
    }
  }
  return { prototypes, labels, cost, iterations, converged };
}
