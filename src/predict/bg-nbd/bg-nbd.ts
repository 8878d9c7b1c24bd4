/**
 * The BG/NBD ("beta-geometric / negative binomial distribution") model of repeat buying of
 * Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2), 275–284.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { checkOptions, numberOption, type RawOptions } from '../../util/options.js';
import { stepProgress, type PipelineProgress } from '../../util/progress.js';
import { assessFit } from './degeneracy.js';
import {
  expectedPurchases,
  expectedPurchasesPopulation,
  probabilityAlive,
} from './expectations.js';
import { bgNbdLogLikelihood } from './likelihood.js';
import { searchBgNbd } from './fit-search.js';
import { sumWeights } from './starts.js';
import { checkSummary, groupSummary, type BgNbdParameters, type BgNbdSummary } from './summary.js';

const TYPE = 'BgNbd';

/** Lifecycle classes from P(alive), best first. */
export const BG_NBD_CLASSES = ['active', 'at-risk', 'churned'] as const;

/** One class of {@link BgNbd.predict}. */
export type BgNbdClass = (typeof BG_NBD_CLASSES)[number];

/** Hyperparameters of {@link BgNbd}, defaults filled in. */
export type BgNbdParams = {
  /** L2 penalty c · (r² + α² + a² + b²) added to the mean negative log-likelihood (default 0). */
  readonly penalizer: number;
  /** Single starting point of the optimiser; null (default) tries several fixed ones. */
  readonly initialParams: BgNbdParameters | null;
  /** Most BFGS iterations per start (default 500). */
  readonly maxIter: number;
  /** Gradient tolerance on the mean objective in log-parameters (default 1e-10). */
  readonly tol: number;
  /** P(alive) at or above which a customer is 'active' (default 0.7). */
  readonly activeProbability: number;
  /** P(alive) at or above which a customer is 'at-risk' rather than 'churned' (default 0.3). */
  readonly atRiskProbability: number;
};

/** Constructor options of {@link BgNbd}: any subset of {@link BgNbdParams}. */
export type BgNbdOptions = Partial<BgNbdParams>;

/** What {@link BgNbd.fit} learns. */
export type BgNbdState = BgNbdParameters & {
  /** Σ wᵢ ln Lᵢ at the fitted parameters (the penalty not included). */
  readonly logLikelihood: number;
  /** Number of customers fitted on (sum of the weights). */
  readonly customers: number;
  /** BFGS iterations of the best start (restarts included). */
  readonly iterations: number;
  /** True when the gradient test passed at the optimum. */
  readonly converged: boolean;
  /**
   * False when the fit is degenerate — parameters at a boundary (a or r → 0, α exploding),
   * no dropout (a/(a+b) ≈ 0), P(alive) ≈ 1 for everyone, or no convergence — so that
   * P(alive) and its classes must not be used ({@link assessFit}).
   */
  readonly reliable: boolean;
  /** Why the fit is not reliable, one phrase per rule that fired; empty when reliable. */
  readonly degeneracy: readonly string[];
};

/** Options of {@link BgNbd.fit}. */
export interface BgNbdFitOptions {
  /** Hears step "bg-nbd fit" in "starts" (the optimiser runs). */
  readonly progress?: PipelineProgress | undefined;
}

const OPTION_KEYS = [
  'penalizer',
  'initialParams',
  'maxIter',
  'tol',
  'activeProbability',
  'atRiskProbability',
];

/**
 * BG/NBD: while alive a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after
 * every purchase they drop out with probability p ~ Beta(a, b). Fitted by maximum likelihood
 * on each customer's (frequency x, recency tₓ, age T) — see {@link bgNbdLogLikelihood}.
 *
 * Identical histories are merged into weighted rows first ({@link groupSummary}). Fitting
 * maximises the likelihood over the logarithms of (r, α, a, b), so every parameter
 * stays positive, with BFGS on the analytic gradient ({@link minimizeBfgs}). Without
 * `initialParams` it starts from five fixed points (all ones as in the lifetimes package, and
 * four scaled by the data's mean purchase rate), keeps the best, and restarts BFGS from it
 * with a fresh Hessian estimate until a restart no longer improves it: deterministic, and
 * robust to the flat ridges this likelihood has. Time is in the summary's unit (α in it).
 *
 * `predict` turns P(alive) into lifecycle classes: 'active' from `activeProbability`,
 * 'at-risk' from `atRiskProbability`, 'churned' below.
 */
export class BgNbd implements Estimator<BgNbdParams> {
  readonly params: Readonly<BgNbdParams>;
  readonly classes: readonly BgNbdClass[] = BG_NBD_CLASSES;
  #state: BgNbdState | undefined;

  constructor(options: BgNbdOptions = {}) {
    const raw = checkOptions(options, OPTION_KEYS, TYPE);
    const penalizer = numberOption(raw, 'penalizer', 0, TYPE);
    const maxIter = numberOption(raw, 'maxIter', 500, TYPE);
    const tol = numberOption(raw, 'tol', 1e-10, TYPE);
    const active = numberOption(raw, 'activeProbability', 0.7, TYPE);
    const atRisk = numberOption(raw, 'atRiskProbability', 0.3, TYPE);
    if (penalizer < 0) throw invalid('penalizer must be ≥ 0');
    if (!Number.isInteger(maxIter) || maxIter < 1)
      throw invalid('maxIter must be a whole number ≥ 1');
    if (!(tol > 0)) throw invalid('tol must be > 0');
    if (!(atRisk >= 0 && atRisk <= active && active <= 1)) {
      throw invalid('need 0 ≤ atRiskProbability ≤ activeProbability ≤ 1');
    }
    this.params = Object.freeze({
      penalizer,
      initialParams: initialParamsOption(raw),
      maxIter,
      tol,
      activeProbability: active,
      atRiskProbability: atRisk,
    });
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The fitted state. Throws NOT_FITTED before `fit`. */
  get state(): BgNbdState {
    return requireFitted(this.#state, TYPE);
  }

  /** The fitted r, α, a, b. */
  get parameters(): BgNbdParameters {
    const { r, alpha, a, b } = this.state;
    return { r, alpha, a, b };
  }

  /** The log-likelihood at the fitted parameters. */
  get logLikelihood(): number {
    return this.state.logLikelihood;
  }

  /**
   * Fits r, α, a, b by maximum likelihood (see the class comment), then checks the fit for
   * degeneracy ({@link assessFit}): `reliable` and `degeneracy` in the state say whether
   * P(alive) can be used. `options.progress` hears the optimiser runs as step "bg-nbd fit".
   */
  fit(summary: BgNbdSummary, options: BgNbdFitOptions = {}): this {
    checkSummary(summary);
    const { penalizer, maxIter, tol, initialParams } = this.params;
    const grouped = groupSummary(summary);
    const report = stepProgress(options.progress, 'bg-nbd fit', 'starts');
    const { best, iterations } = searchBgNbd(grouped, {
      penalizer,
      maxIter,
      tol,
      initialParams,
      report,
    });
    const [r, alpha, a, b] = Array.from(best.x, Math.exp) as [number, number, number, number];
    if (![r, alpha, a, b].every((v) => Number.isFinite(v) && v > 0)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        'BG/NBD fit diverged (parameters left the finite range); try penalizer > 0',
      );
    }
    const params = { r, alpha, a, b };
    // Convergence is judged on the likelihood alone: a penalty's gradient is not the data's.
    const gradient = penalizer > 0 ? 0 : maxAbsOf(best.gradient);
    const assessment = assessFit(params, grouped, gradient);
    this.#state = {
      r,
      alpha,
      a,
      b,
      logLikelihood: bgNbdLogLikelihood(params, summary).logLikelihood,
      customers: sumWeights(grouped),
      iterations,
      converged: best.converged,
      reliable: assessment.reliable,
      degeneracy: assessment.reasons,
    };
    return this;
  }

  /** False when the fit is degenerate (see {@link BgNbdState.degeneracy}): P(alive) says nothing. */
  get reliable(): boolean {
    return this.state.reliable;
  }

  /** P(alive) of a customer with x repeat purchases, the last at tₓ, observed for T. */
  probabilityAlive(x: number, tx: number, T: number): number {
    return probabilityAlive(this.parameters, x, tx, T);
  }

  /** E[purchases in the next t | x, tₓ, T] (eq. 10 of the paper). */
  expectedPurchases(t: number, x: number, tx: number, T: number): number {
    return expectedPurchases(this.parameters, t, x, tx, T);
  }

  /** E[repeat purchases in the first t after the first purchase] of a random customer (eq. 9). */
  expectedPurchasesPopulation(t: number): number {
    return expectedPurchasesPopulation(this.parameters, t);
  }

  /** P(alive) of every customer of a summary. */
  predictAlive(summary: BgNbdSummary): Float64Array {
    const p = this.parameters;
    const n = checkSummary(summary);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = probabilityAlive(p, summary.frequency[i]!, summary.recency[i]!, summary.T[i]!);
    }
    return out;
  }

  /** Expected purchases in the next t of every customer of a summary. */
  predictPurchases(t: number, summary: BgNbdSummary): Float64Array {
    const p = this.parameters;
    const n = checkSummary(summary);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = expectedPurchases(p, t, summary.frequency[i]!, summary.recency[i]!, summary.T[i]!);
    }
    return out;
  }

  /** Lifecycle class from a P(alive) value (see the class comment). */
  classify(pAlive: number): BgNbdClass {
    if (pAlive >= this.params.activeProbability) return 'active';
    if (pAlive >= this.params.atRiskProbability) return 'at-risk';
    return 'churned';
  }

  /**
   * The lifecycle class of every customer of a summary, from P(alive). INVALID_MODEL when the
   * fit is not {@link BgNbd.reliable}: classes from a degenerate P(alive) (≈ 1 for everyone)
   * would call every lapsed customer 'active'.
   */
  predict(summary: BgNbdSummary): BgNbdClass[] {
    const state = this.state;
    if (!state.reliable) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE}: no lifecycle classes from a degenerate fit (${state.degeneracy.join('; ')})`,
      );
    }
    return Array.from(this.predictAlive(summary), (p) => this.classify(p));
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<BgNbdParams, BgNbdState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores a fitted model from {@link BgNbd.toJSON} output (object or string). */
  static fromJSON(json: unknown): BgNbd {
    const model = readModelJSON<BgNbdParams, unknown>(json, TYPE, 1);
    const restored = new BgNbd(model.params);
    const s = model.state as Record<string, unknown> | null;
    const positive = (v: unknown): v is number =>
      typeof v === 'number' && v > 0 && Number.isFinite(v);
    if (
      typeof s !== 'object' ||
      s === null ||
      !positive(s['r']) ||
      !positive(s['alpha']) ||
      !positive(s['a']) ||
      !positive(s['b']) ||
      typeof s['logLikelihood'] !== 'number' ||
      typeof s['customers'] !== 'number' ||
      typeof s['iterations'] !== 'number' ||
      typeof s['converged'] !== 'boolean'
    ) {
      throw new CohortlabError(
        'INVALID_MODEL',
        `${TYPE} model: state needs positive r, alpha, a, b`,
      );
    }
    restored.#state = {
      r: s['r'],
      alpha: s['alpha'],
      a: s['a'],
      b: s['b'],
      logLikelihood: s['logLikelihood'],
      customers: s['customers'],
      iterations: s['iterations'],
      converged: s['converged'],
      ...restoredAssessment(s),
    };
    return restored;
  }
}

/**
 * `reliable` and `degeneracy` of a stored state; models saved before they existed get the
 * rules on the parameters alone ({@link assessFit} without a summary).
 */
function restoredAssessment(
  s: Record<string, unknown>,
): Pick<BgNbdState, 'reliable' | 'degeneracy'> {
  const reasons = s['degeneracy'];
  if (
    typeof s['reliable'] === 'boolean' &&
    Array.isArray(reasons) &&
    reasons.every((r) => typeof r === 'string')
  ) {
    return { reliable: s['reliable'], degeneracy: reasons as string[] };
  }
  const params = { r: s['r'], alpha: s['alpha'], a: s['a'], b: s['b'] } as BgNbdParameters;
  const assessment = assessFit(params, undefined, 0);
  return { reliable: assessment.reliable, degeneracy: assessment.reasons };
}

function invalid(message: string): CohortlabError {
  return new CohortlabError('INVALID_OPTION', `${TYPE}: ${message}`);
}

function initialParamsOption(raw: RawOptions): BgNbdParameters | null {
  const value = raw['initialParams'];
  if (value === undefined || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = ['r', 'alpha', 'a', 'b'] as const;
  if (
    typeof value !== 'object' ||
    !keys.every((k) => typeof v[k] === 'number' && (v[k] as number) > 0 && Number.isFinite(v[k]))
  ) {
    throw invalid('initialParams must be { r, alpha, a, b }, all positive');
  }
  return Object.freeze({
    r: v['r'] as number,
    alpha: v['alpha'] as number,
    a: v['a'] as number,
    b: v['b'] as number,
  });
}

function maxAbsOf(v: Float64Array): number {
  let m = 0;
  for (const value of v) m = Math.max(m, Math.abs(value));
  return m;
}
