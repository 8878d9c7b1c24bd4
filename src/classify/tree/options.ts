/**
 * Hyperparameters of {@link DecisionTreeClassifier}: their defaults, runtime validation (they
 * arrive from TypeScript, plain-JavaScript notebooks and parsed JSON alike) and their
 * resolution into absolute limits once the number of rows and features is known.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions, enumOption, numberOption } from '../../util/options.js';

const OWNER = 'DecisionTreeClassifier';

/** Split quality measure. */
export type TreeCriterion = 'gini' | 'entropy';

/**
 * How many features each split considers: all (`null`), `'sqrt'` / `'log2'` of the feature
 * count, an integer count (≥ 1), or a fraction in (0, 1) of the features. As in
 * scikit-learn, but since JavaScript has one number type, `1` means one feature, not 100%.
 */
export type MaxFeatures = number | 'sqrt' | 'log2' | null;

/** Per-class weights: `'balanced'` (n / (classes · count of the class)) or label → weight. */
export type ClassWeight = 'balanced' | Readonly<Record<string, number>> | null;

/** Hyperparameters of {@link DecisionTreeClassifier}, defaults filled in; plain JSON. */
export type DecisionTreeParams = {
  /** Impurity measure (default `'gini'`). */
  readonly criterion: TreeCriterion;
  /** Deepest level a node may have, root = 0 (default `null`: unlimited). */
  readonly maxDepth: number | null;
  /**
   * Fewest rows a node needs to be split (default 2): an integer ≥ 2, or a fraction in (0, 1)
   * of the training rows, rounded up.
   */
  readonly minSamplesSplit: number;
  /**
   * Fewest rows each child of a split must keep (default 1): an integer ≥ 1, or a fraction in
   * (0, 1) of the training rows, rounded up.
   */
  readonly minSamplesLeaf: number;
  /**
   * A node is split only when the split decreases impurity by at least this much, measured as
   * scikit-learn does: `N_t / N · (impurity − N_tR / N_t · right − N_tL / N_t · left)` with
   * weighted row counts (default 0).
   */
  readonly minImpurityDecrease: number;
  /** Features considered per split (default `null`: all). */
  readonly maxFeatures: MaxFeatures;
  /** Seed of the feature subsampling when `maxFeatures` picks fewer than all (default 0). */
  readonly seed: number;
  /** Class weights, multiplied into any sample weights (default `null`: all 1). */
  readonly classWeight: ClassWeight;
  /** Complexity parameter of minimal cost-complexity pruning (default 0: no pruning). */
  readonly ccpAlpha: number;
};

/** Constructor options of {@link DecisionTreeClassifier}; every field optional. */
export type DecisionTreeOptions = Partial<DecisionTreeParams>;

const KEYS: readonly (keyof DecisionTreeParams)[] = [
  'criterion',
  'maxDepth',
  'minSamplesSplit',
  'minSamplesLeaf',
  'minImpurityDecrease',
  'maxFeatures',
  'seed',
  'classWeight',
  'ccpAlpha',
];

function invalid(detail: string): CohortlabError {
  return new CohortlabError('INVALID_OPTION', `${OWNER} ${detail}`);
}

/** A count (integer ≥ `min`) or a fraction in (0, 1). */
function countOrFraction(value: number, key: string, min: number): number {
  const isCount = Number.isInteger(value) && value >= min;
  const isFraction = value > 0 && value < 1;
  if (!isCount && !isFraction) {
    throw invalid(`option "${key}" must be an integer ≥ ${min} or a fraction in (0, 1)`);
  }
  return value;
}

function maxDepthOption(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid('option "maxDepth" must be an integer ≥ 1, or null for no limit');
  }
  return value;
}

function maxFeaturesOption(value: unknown): MaxFeatures {
  if (value === undefined || value === null) return null;
  if (value === 'sqrt' || value === 'log2') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return countOrFraction(value, 'maxFeatures', 1);
  }
  throw invalid(`option "maxFeatures" must be null, 'sqrt', 'log2', a count or a fraction`);
}

function classWeightOption(value: unknown): ClassWeight {
  if (value === undefined || value === null) return null;
  if (value === 'balanced') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const out: Record<string, number> = {};
    for (const [label, weight] of Object.entries(value)) {
      if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
        throw invalid(`classWeight for "${label}" must be a finite number ≥ 0`);
      }
      out[label] = weight;
    }
    return Object.freeze(out);
  }
  throw invalid(`option "classWeight" must be null, 'balanced' or an object label → weight`);
}

/** Validates constructor options and fills in the defaults; INVALID_OPTION on any problem. */
export function resolveTreeParams(options: unknown): DecisionTreeParams {
  const raw = checkOptions(options, KEYS, OWNER);
  const seed = numberOption(raw, 'seed', 0, OWNER);
  if (!Number.isSafeInteger(seed)) throw invalid('option "seed" must be a safe integer');
  const nonNegative = (key: string): number => {
    const value = numberOption(raw, key, 0, OWNER);
    if (value < 0) throw invalid(`option "${key}" must be ≥ 0`);
    return value;
  };
  return {
    criterion: enumOption(raw, 'criterion', ['gini', 'entropy'], 'gini', OWNER),
    maxDepth: maxDepthOption(raw['maxDepth']),
    minSamplesSplit: countOrFraction(
      numberOption(raw, 'minSamplesSplit', 2, OWNER),
      'minSamplesSplit',
      2,
    ),
    minSamplesLeaf: countOrFraction(
      numberOption(raw, 'minSamplesLeaf', 1, OWNER),
      'minSamplesLeaf',
      1,
    ),
    minImpurityDecrease: nonNegative('minImpurityDecrease'),
    maxFeatures: maxFeaturesOption(raw['maxFeatures']),
    seed,
    classWeight: classWeightOption(raw['classWeight']),
    ccpAlpha: nonNegative('ccpAlpha'),
  };
}

/** The stopping rules of one fit in absolute terms. */
export interface TreeLimits {
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly minImpurityDecrease: number;
  /** Features drawn per node (all when equal to the feature count). */
  readonly maxFeatures: number;
}

/**
 * Turns fractions into counts for `rows` training rows and `features` features, following
 * scikit-learn: fractions round up; `minSamplesSplit` is at least `2 · minSamplesLeaf`.
 */
export function resolveLimits(
  params: DecisionTreeParams,
  rows: number,
  features: number,
): TreeLimits {
  const minSamplesLeaf =
    params.minSamplesLeaf < 1 ? Math.ceil(params.minSamplesLeaf * rows) : params.minSamplesLeaf;
  let minSamplesSplit =
    params.minSamplesSplit < 1
      ? Math.max(2, Math.ceil(params.minSamplesSplit * rows))
      : params.minSamplesSplit;
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  let maxFeatures: number;
  const m = params.maxFeatures;
  if (m === null) maxFeatures = features;
  else if (m === 'sqrt') maxFeatures = Math.max(1, Math.floor(Math.sqrt(features)));
  else if (m === 'log2') maxFeatures = Math.max(1, Math.floor(Math.log2(features)));
  else if (m < 1) maxFeatures = Math.max(1, Math.floor(m * features));
  else if (m > features) {
    throw invalid(`option "maxFeatures" is ${m} but there are only ${features} features`);
  } else maxFeatures = m;
  return {
    maxDepth: params.maxDepth ?? Number.POSITIVE_INFINITY,
    minSamplesSplit,
    minSamplesLeaf,
    minImpurityDecrease: params.minImpurityDecrease,
    maxFeatures,
  };
}
