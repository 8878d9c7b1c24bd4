/**
 * Initial prototypes of k-prototypes and k-modes: k-means++ seeding on the mixed cost,
 * Huang's (1998) frequency-based draw and Cao, Liang and Bai's (2009) density-based choice.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { Xoshiro128 } from '../kmeans/random.js';
import { rowCost, type MixedProblem, type Prototypes } from './run.js';

/**
 * How the first prototypes are chosen:
 * - `'k-means++'`: the first a uniformly drawn row, each next one a row drawn with
 *   probability proportional to its cost to the nearest prototype so far (Arthur and
 *   Vassilvitskii 2007, on the k-prototypes cost). Uses both sides of the data.
 * - `'huang'`: Huang (1998): for each prototype, each categorical attribute's value is drawn
 *   with probability proportional to its frequency; the prototype is then replaced by the
 *   row with the fewest mismatches to it (a random one among ties, never one already taken),
 *   whose numeric values it takes. Random but blind to the numeric side.
 * - `'cao'`: Cao et al. (2009), deterministic: the densest row first (density = mean frequency
 *   of its categories), then each time the row maximising min over chosen prototypes of
 *   density × mismatches. Blind to the numeric side; `nInit` must be 1.
 */
export type KPrototypesInit = 'k-means++' | 'huang' | 'cao';

/** The rows picked, copied into prototypes. */
function fromRows(problem: MixedProblem, rows: readonly number[]): Prototypes {
  const { p, q, num, cat } = problem;
  const k = rows.length;
  const protoNum = new Float64Array(k * p);
  const protoCat = new Int32Array(k * q);
  rows.forEach((i, j) => {
    protoNum.set(num.subarray(i * p, (i + 1) * p), j * p);
    protoCat.set(cat.subarray(i * q, (i + 1) * q), j * q);
  });
  return { num: protoNum, cat: protoCat };
}

function tooFewDistinct(k: number, owner: string, side = 'rows'): CohortlabError {
  return new CohortlabError(
    'INVALID_INPUT',
    `${owner}: fewer distinct ${side} than k = ${k}; lower k`,
  );
}

/** k-means++ seeding on the mixed cost (one candidate per step). */
function kMeansPlusPlus(
  problem: MixedProblem,
  k: number,
  rng: Xoshiro128,
  owner: string,
): Prototypes {
  const { n } = problem;
  const rows = [rng.nextInt(n)];
  const nearest = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    const last = fromRows(problem, [rows[j - 1] as number]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const c = rowCost(problem, last, i, 0);
      if (c < (nearest[i] as number)) nearest[i] = c;
      total += nearest[i] as number;
    }
    if (!(total > 0)) throw tooFewDistinct(k, owner);
    let target = rng.nextFloat() * total;
    let pick = -1;
    for (let i = 0; i < n; i++) {
      const c = nearest[i] as number;
      if (c <= 0) continue;
      pick = i;
      target -= c;
      if (target < 0) break;
    }
    rows.push(pick);
  }
  return fromRows(problem, rows);
}

/** Per attribute, the count of each level. */
function levelCounts(problem: MixedProblem): Int32Array[] {
  const { n, q, cat, nLevels } = problem;
  const counts = Array.from({ length: q }, (_, t) => new Int32Array(nLevels[t] as number));
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < q; t++) (counts[t] as Int32Array)[cat[i * q + t] as number]!++;
  }
  return counts;
}

/** Mismatches between row `i` and the categorical codes `modes[j * q …]`. */
function mismatches(problem: MixedProblem, i: number, modes: Int32Array, j: number): number {
  const { q, cat } = problem;
  let m = 0;
  for (let t = 0; t < q; t++) if (cat[i * q + t] !== modes[j * q + t]) m++;
  return m;
}

/** Huang's (1998) initialisation, seeded. */
function huang(problem: MixedProblem, k: number, rng: Xoshiro128, owner: string): Prototypes {
  const { n, q } = problem;
  const counts = levelCounts(problem);
  const drawn = new Int32Array(k * q);
  for (let j = 0; j < k; j++) {
    for (let t = 0; t < q; t++) {
      const c = counts[t] as Int32Array;
      let target = rng.nextInt(n);
      let level = 0;
      while (target >= (c[level] as number)) target -= c[level++] as number;
      drawn[j * q + t] = level;
    }
  }
  // Rows equal to a prototype already taken are skipped, so that the k prototypes differ.
  const taken = new Set<string>();
  const rows: number[] = [];
  for (let j = 0; j < k; j++) {
    let best = Infinity;
    let ties: number[] = [];
    for (let i = 0; i < n; i++) {
      const m = mismatches(problem, i, drawn, j);
      if (m > best || taken.has(rowKey(problem, i))) continue;
      if (m < best) {
        best = m;
        ties = [i];
      } else ties.push(i);
    }
    if (ties.length === 0) throw tooFewDistinct(k, owner);
    const pick = ties[rng.nextInt(ties.length)] as number;
    taken.add(rowKey(problem, pick));
    rows.push(pick);
  }
  return fromRows(problem, rows);
}

/** The values of row `i` as a string, to compare rows. */
function rowKey(problem: MixedProblem, i: number): string {
  const { p, q, num, cat } = problem;
  return `${num.subarray(i * p, (i + 1) * p).join(',')}|${cat.subarray(i * q, (i + 1) * q).join(',')}`;
}

/** Cao, Liang and Bai's (2009) initialisation (deterministic; lowest index among ties). */
function cao(problem: MixedProblem, k: number, owner: string): Prototypes {
  const { n, q, cat } = problem;
  const counts = levelCounts(problem);
  const density = new Float64Array(n);
  let first = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < q; t++) s += (counts[t] as Int32Array)[cat[i * q + t] as number] as number;
    density[i] = s / (n * q);
    if ((density[i] as number) > (density[first] as number)) first = i;
  }
  const rows = [first];
  const closest = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    const last = fromRows(problem, [rows[j - 1] as number]).cat;
    let best = -1;
    let bestScore = 0;
    for (let i = 0; i < n; i++) {
      const score = (density[i] as number) * mismatches(problem, i, last, 0);
      if (score < (closest[i] as number)) closest[i] = score;
      if ((closest[i] as number) > bestScore) {
        bestScore = closest[i] as number;
        best = i;
      }
    }
    if (best < 0) throw tooFewDistinct(k, owner, 'categorical rows');
    rows.push(best);
  }
  return fromRows(problem, rows);
}

/** The initial prototypes of one run. */
export function initialPrototypes(
  init: KPrototypesInit,
  problem: MixedProblem,
  k: number,
  rng: Xoshiro128,
  owner: string,
): Prototypes {
  if (problem.n < k) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: k = ${k} is more than the ${problem.n} rows`,
    );
  }
  if (init === 'cao') return cao(problem, k, owner);
  if (init === 'huang') return huang(problem, k, rng, owner);
  return kMeansPlusPlus(problem, k, rng, owner);
}
