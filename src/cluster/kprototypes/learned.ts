/**
 * What a fitted k-prototypes or k-modes model knows, how it is learned from encoded data
 * (best of `nInit` runs), used on new rows, and written to and read from JSON.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { readArray, readObject, readStrings } from '../../preprocess/state-json.js';
import { Xoshiro128 } from '../kmeans/random.js';
import { resolveGamma, type GammaOption } from './gamma.js';
import { initialPrototypes, type KPrototypesInit } from './init.js';
import { encodeMixed, type EncodedMixed, type MixedInput } from './mixed-data.js';
import {
  assignRows,
  categoryCombos,
  runKPrototypes,
  type MixedProblem,
  type MixedRun,
} from './run.js';

/** What `fit` learned; read it from a model's `learned` getter. */
export interface KPrototypesLearned {
  /** Numeric prototypes (cluster means), k rows of `numericNames.length` values. */
  readonly means: readonly (readonly number[])[];
  /** Categorical prototypes (cluster modes), k rows of `categoricalNames.length` labels. */
  readonly modes: readonly (readonly string[])[];
  /** Names of the numeric attributes (`x0`, `x1`, … when the matrix had none). */
  readonly numericNames: readonly string[];
  /** Names of the categorical attributes. */
  readonly categoricalNames: readonly string[];
  /** The categories of each categorical attribute seen at fit, sorted. */
  readonly levels: readonly (readonly string[])[];
  /** The γ used (the `gamma` option resolved on the training data). */
  readonly gamma: number;
  /** Cluster of each training row. */
  readonly labels: Int32Array;
  /** Σ over training rows of squared numeric distance + γ × mismatches to their prototype. */
  readonly cost: number;
  /** Updates made by the kept run. */
  readonly iterations: number;
  /** False when the kept run stopped at `maxIter`. */
  readonly converged: boolean;
}

/** The hyperparameters the fit needs. */
export interface MixedFitParams {
  readonly k: number;
  readonly gamma: GammaOption;
  readonly init: KPrototypesInit;
  readonly nInit: number;
  readonly maxIter: number;
  /** Relative cost decrease at which a run stops (0: only when no row changes cluster). */
  readonly tol: number;
  readonly seed: number;
}

/** The problem of encoded data with a given γ. */
function problemOf(data: EncodedMixed, gamma: GammaOption): MixedProblem {
  const { numeric, categorical } = data;
  const base = {
    n: data.rows,
    p: numeric?.cols ?? 0,
    q: categorical.cols,
    num: numeric?.data ?? new Float64Array(0),
    cat: categorical.codes,
    nLevels: Int32Array.from(categorical.levels, (l) => l.length),
  };
  const combos = categoryCombos(base.n, base.q, base.cat, base.nLevels);
  return {
    ...base,
    gamma: resolveGamma(gamma, base),
    ...(combos === undefined ? {} : { combos }),
  };
}

/** Fits: `nInit` runs, keeping the lowest cost (the first among equal costs). */
export function fitMixed(
  input: MixedInput,
  params: MixedFitParams,
  owner: string,
): KPrototypesLearned {
  const data = encodeMixed(input, owner);
  if (data.rows === 0) throw new CohortlabError('INVALID_INPUT', `${owner}: the data has no rows`);
  const problem = problemOf(data, params.gamma);
  const rng = new Xoshiro128(params.seed);
  let best: MixedRun | undefined;
  for (let run = 0; run < params.nInit; run++) {
    const init = initialPrototypes(params.init, problem, params.k, rng, owner);
    const result = runKPrototypes(problem, init, params.k, params.maxIter, params.tol);
    if (best === undefined || result.cost < best.cost) best = result;
  }
  const kept = best as MixedRun;
  const { p, q } = problem;
  const { levels } = data.categorical;
  const k = params.k;
  return {
    means: Array.from({ length: k }, (_, j) =>
      Array.from(kept.prototypes.num.subarray(j * p, (j + 1) * p)),
    ),
    modes: Array.from({ length: k }, (_, j) =>
      Array.from(
        { length: q },
        (_, t) => levels[t]?.[kept.prototypes.cat[j * q + t] as number] as string,
      ),
    ),
    numericNames: data.numeric?.names ?? Array.from({ length: p }, (_, t) => `x${t}`),
    categoricalNames: data.categorical.names,
    levels,
    gamma: problem.gamma,
    labels: kept.labels,
    cost: kept.cost,
    iterations: kept.iterations,
    converged: kept.converged,
  };
}

/** New rows encoded with the fitted levels, as a problem against the learned prototypes. */
function applied(
  state: KPrototypesLearned,
  input: MixedInput,
  owner: string,
): { problem: MixedProblem; protos: { num: Float64Array; cat: Int32Array } } {
  const data = encodeMixed(input, owner, { names: state.categoricalNames, levels: state.levels });
  const p = data.numeric?.cols ?? 0;
  if (p !== state.numericNames.length) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `${owner}: the data has ${p} numeric attributes, the model was fitted on ${state.numericNames.length}`,
    );
  }
  const problem = problemOf(data, state.gamma);
  const q = problem.q;
  const cat = new Int32Array(state.modes.length * q);
  state.modes.forEach((row, j) =>
    row.forEach((mode, t) => {
      cat[j * q + t] = (state.levels[t] as readonly string[]).indexOf(mode);
    }),
  );
  return { problem, protos: { num: Float64Array.from(state.means.flat()), cat } };
}

/** Nearest prototype of each row and the total cost. */
export function predictMixed(
  state: KPrototypesLearned,
  input: MixedInput,
  owner: string,
): { labels: Int32Array; cost: number } {
  const { problem, protos } = applied(state, input, owner);
  const labels = new Int32Array(problem.n).fill(-1);
  const { cost } = assignRows(
    problem,
    protos,
    state.modes.length,
    labels,
    new Float64Array(problem.n),
  );
  return { labels, cost };
}

/** Cost of each row to each prototype, n × k row-major. */
export function costsMixed(
  state: KPrototypesLearned,
  input: MixedInput,
  owner: string,
): Float64Array {
  const { problem, protos } = applied(state, input, owner);
  const { n, p, q, num, cat, gamma } = problem;
  const k = state.modes.length;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let t = 0; t < p; t++)
        s += ((num[i * p + t] as number) - (protos.num[j * p + t] as number)) ** 2;
      let m = 0;
      for (let t = 0; t < q; t++) if (cat[i * q + t] !== protos.cat[j * q + t]) m++;
      out[i * k + j] = s + gamma * m;
    }
  }
  return out;
}

/** The learned state as plain JSON. */
export function learnedToJSON(state: KPrototypesLearned): Record<string, unknown> {
  return {
    means: state.means.map((row) => [...row]),
    modes: state.modes.map((row) => [...row]),
    numericNames: [...state.numericNames],
    categoricalNames: [...state.categoricalNames],
    levels: state.levels.map((l) => [...l]),
    gamma: state.gamma,
    labels: Array.from(state.labels),
    cost: state.cost,
    iterations: state.iterations,
    converged: state.converged,
  };
}

/** Reads {@link learnedToJSON} output for a model of `k` clusters; `INVALID_MODEL` if malformed. */
export function learnedFromJSON(value: unknown, k: number, type: string): KPrototypesLearned {
  const state = readObject(value, 'state', type);
  const bad = (field: string, what: string): CohortlabError =>
    new CohortlabError('INVALID_MODEL', `${type} model field "${field}" ${what}`);
  const numericNames = readStrings(state['numericNames'], 'numericNames', type);
  const categoricalNames = readStrings(state['categoricalNames'], 'categoricalNames', type);
  const levels = readArray(state['levels'], 'levels', type).map((l) =>
    readStrings(l, 'levels', type),
  );
  if (levels.length !== categoricalNames.length) throw bad('levels', 'must list one per attribute');
  const means = readArray(state['means'], 'means', type).map((row) => {
    const values = readArray(row, 'means', type);
    if (
      values.length !== numericNames.length ||
      !values.every((v) => typeof v === 'number' && Number.isFinite(v))
    ) {
      throw bad('means', `rows must be ${numericNames.length} finite numbers`);
    }
    return values as number[];
  });
  const modes = readArray(state['modes'], 'modes', type).map((row) => {
    const values = readStrings(row, 'modes', type);
    if (
      values.length !== categoricalNames.length ||
      values.some((v, t) => !levels[t]?.includes(v))
    ) {
      throw bad('modes', `rows must be ${categoricalNames.length} known categories`);
    }
    return values;
  });
  if (means.length !== k || modes.length !== k)
    throw bad('means', `and "modes" must have ${k} rows`);
  const labels = Int32Array.from(readArray(state['labels'], 'labels', type), (v) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= k) {
      throw bad('labels', `must be whole numbers in [0, ${k})`);
    }
    return v;
  });
  const number = (field: string): number => {
    const v = state[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      throw bad(field, 'must be a number >= 0');
    return v;
  };
  const converged = state['converged'];
  if (typeof converged !== 'boolean') throw bad('converged', 'must be true or false');
  const gamma = number('gamma');
  if (gamma === 0) throw bad('gamma', 'must be > 0');
  return {
    means,
    modes,
    numericNames,
    categoricalNames,
    levels,
    gamma,
    labels,
    cost: number('cost'),
    iterations: number('iterations'),
    converged,
  };
}
