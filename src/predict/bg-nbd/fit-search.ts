/**
 * The maximum-likelihood search of {@link BgNbd.fit}: several starting points, screening on
 * large data, restarts from the best.
 *
 * @module
 */
import type { StepReporter } from '../../util/progress.js';
import { minimizeBfgs, type BfgsResult, type ObjectiveValue } from './bfgs.js';
import { prepareLikelihood } from './prepared-likelihood.js';
import { defaultStarts, SCREEN_ROWS, screeningSample, sumWeights } from './starts.js';
import type { BgNbdParameters, BgNbdSummary } from './summary.js';

/** Settings of {@link searchBgNbd}. */
export interface SearchSettings {
  readonly penalizer: number;
  readonly maxIter: number;
  readonly tol: number;
  /** Single start, or null for {@link defaultStarts}. */
  readonly initialParams: BgNbdParameters | null;
  /** Told `done` of `total` optimiser runs (starts, then refinement and restarts). */
  readonly report?: StepReporter | undefined;
}

/** Where the search ended. */
export interface SearchResult {
  /** The best point, in log-parameters. */
  readonly best: BfgsResult;
  /** BFGS iterations of the best start, its refinement and restarts. */
  readonly iterations: number;
}

/**
 * Iterations in a row without progress after which BFGS gives up on a start: a degenerate
 * likelihood keeps rising by rounding-sized amounts towards its boundary (a → 0, b → ∞), and
 * without this rule each start ran its 500 iterations of ~30 line-search steps each.
 */
export const STALL_ITERATIONS = 5;

/** log of the r or a below which a search has reached the boundary 0 (10× past the flag). */
const LOG_LOW = Math.log(1e-5);
/** log of the a/(a+b) below which nobody drops out any more (1,000× past the flag). */
const LOG_DROPOUT = Math.log(1e-7);

/**
 * True once r < 10⁻⁵, or a < 10⁻⁵ with a/(a+b) < 10⁻⁷ — past the thresholds of
 * {@link assessFit}, so the fit is degenerate whatever the exact point — and the gradient in
 * the other parameters is below 10⁻⁸ (they are still identified and must converge): the
 * likelihood there is flat to rounding and creeping on towards 0 only burns evaluations.
 */
function atBoundary(u: Float64Array, gradient: Float64Array): boolean {
  const logR = u[0] as number;
  const logA = u[2] as number;
  const logB = u[3] as number;
  const logDropout = logA - Math.max(logA, logB) - Math.log1p(Math.exp(-Math.abs(logA - logB)));
  const small = (k: number): boolean => Math.abs(gradient[k] as number) < 1e-8;
  if (logR < LOG_LOW) return small(1) && small(2) && small(3);
  return logA < LOG_LOW && logDropout < LOG_DROPOUT && small(0) && small(1);
}

/** Most restarts from the best point with a fresh Hessian estimate. */
const RESTARTS = 10;

/**
 * Minimises the mean negative log-likelihood over log(r, α, a, b) of a grouped summary:
 * BFGS from every start (screened on a systematic sample above {@link SCREEN_ROWS} rows),
 * the best refined on all rows, then restarted until a restart no longer improves it.
 */
export function searchBgNbd(grouped: BgNbdSummary, settings: SearchSettings): SearchResult {
  const { penalizer, maxIter, tol, initialParams, report } = settings;
  const options = { maxIter, tol, stallIterations: STALL_ITERATIONS, stopWhen: atBoundary };
  const objective = likelihoodObjective(grouped, penalizer);
  const starts = initialParams === null ? defaultStarts(grouped) : [initialParams];
  // On a large base the starts compete on a systematic sample; only the winner's optimum is
  // then refined on every customer (the restarts below), which finds the same maximum.
  const screened = grouped.frequency.length > SCREEN_ROWS && starts.length > 1;
  const screen = screened ? likelihoodObjective(screeningSample(grouped), penalizer) : objective;
  const total = starts.length + 1;
  let best: BfgsResult | undefined;
  let iterations = 0;
  starts.forEach((start, k) => {
    const u0 = Float64Array.of(start.r, start.alpha, start.a, start.b).map(Math.log);
    const result = minimizeBfgs(screen, u0, options);
    if (best === undefined || result.value < best.value) {
      best = result;
      iterations = result.iterations;
    }
    report?.(k + 1, total);
  });
  let result = best as unknown as BfgsResult;
  if (screened) {
    result = minimizeBfgs(objective, result.x, options);
    iterations += result.iterations;
  }
  // Restart from the best point with a fresh Hessian estimate until that stops helping.
  for (let restart = 0; restart < RESTARTS; restart++) {
    const again = minimizeBfgs(objective, result.x, options);
    iterations += again.iterations;
    if (!(again.value < result.value)) {
      result = { ...result, converged: result.converged || again.converged };
      break;
    }
    const gain = result.value - again.value;
    result = again;
    // A gain of rounding size is a ridge crept along (a degenerate fit), not a better optimum.
    if (gain <= 1e-13 * Math.abs(again.value)) break;
  }
  report?.(total, total);
  return { best: result, iterations };
}

/**
 * The function BFGS minimises: −log-likelihood per customer (+ the L2 penalty on the
 * parameters) over u = log θ, with its gradient.
 */
export function likelihoodObjective(
  summary: BgNbdSummary,
  penalizer: number,
): (u: Float64Array) => ObjectiveValue {
  const totalWeight = sumWeights(summary);
  const likelihood = prepareLikelihood(summary);
  return (u) => {
    const theta = Array.from(u, Math.exp);
    const [r, alpha, a, b] = theta as [number, number, number, number];
    const { logLikelihood, gradient } = likelihood({ r, alpha, a, b }, true);
    let penalty = 0;
    const g = new Float64Array(4);
    for (let k = 0; k < 4; k++) {
      const th = theta[k] as number;
      penalty += th * th;
      // d/du of −LL/W + c·θ² with θ = eᵘ.
      g[k] = (-th * (gradient[k] as number)) / totalWeight + 2 * penalizer * th * th;
    }
    return { value: -logLikelihood / totalWeight + penalizer * penalty, gradient: g };
  };
}
