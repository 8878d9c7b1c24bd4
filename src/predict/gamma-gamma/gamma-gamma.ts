/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV:
 * Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4);
 * Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value").
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import {
  modelJSON,
  readModelJSON,
  requireFitted,
  type Estimator,
  type ModelJSON,
} from '../../model/estimator.js';
import { checkOptions, numberOption } from '../../util/options.js';
import { minimizeBfgs, type BfgsResult } from '../bg-nbd/bfgs.js';
import {
  conditionalExpectedSpend,
  gammaGammaLogLikelihood,
  type GammaGammaParameters,
  type SpendSummary,
} from './likelihood.js';
import { frequencySpendCorrelation, repeatBuyers, type RepeatBuyers } from './spend-summary.js';

const TYPE = 'GammaGamma';

/** Hyperparameters of {@link GammaGamma}, defaults filled in. */
export type GammaGammaParams = {
  /** L2 penalty c · (p² + q² + γ²) added to the mean negative log-likelihood (default 0). */
  readonly penalizer: number;
  /** Most BFGS iterations per start (default 500). */
  readonly maxIter: number;
  /** Gradient tolerance on the mean objective in log-parameters (default 1e-10). */
  readonly tol: number;
  /**
   * |correlation| of frequency and mean spend above which fitting raises an
   * `ASSUMPTION_VIOLATED` warning (default 0.3): the model assumes they are independent.
   */
  readonly correlationThreshold: number;
};

/** Constructor options of {@link GammaGamma}: any subset of {@link GammaGammaParams}. */
export type GammaGammaOptions = Partial<GammaGammaParams>;

/** What {@link GammaGamma.fit} learns. */
export type GammaGammaState = GammaGammaParameters & {
  /** Σ wᵢ ln Lᵢ at the fitted parameters (the penalty not included). */
  readonly logLikelihood: number;
  /** Repeat buyers fitted on (sum of the weights). */
  readonly customers: number;
  /** Rows of the summary left out because they had no repeat purchase. */
  readonly withoutRepeat: number;
  /** Weighted Pearson correlation of frequency and mean spend among the repeat buyers. */
  readonly correlation: number;
  /** BFGS iterations of the best start. */
  readonly iterations: number;
  /** True when the gradient test passed at the optimum (of the penalised objective, with one). */
  readonly converged: boolean;
};

const OPTION_KEYS = ['penalizer', 'maxIter', 'tol', 'correlationThreshold'];

/**
 * Gamma-Gamma: the value of each transaction of a customer is Gamma(p, ν) around the
 * customer's mean p/ν, and ν varies across customers as Gamma(q, γ). Fitted by maximum
 * likelihood on the repeat buyers' number of repeat purchases x and their mean value m̄
 * ({@link gammaGammaLogLikelihood}); rows with x = 0 are set apart (`withoutRepeat`).
 *
 * Fitting minimises the mean negative log-likelihood over ln p, ln q, ln γ with BFGS on the
 * analytic gradient, from three fixed starts (all ones as in the lifetimes package, and two
 * with γ scaled to the data's mean spend), keeping the best, then restarting from it until
 * the value no longer improves: deterministic. γ is in the data's money unit.
 *
 * The model assumes spend and frequency independent; `fit` measures their correlation and
 * {@link GammaGamma.warnings} says when it exceeds `correlationThreshold`.
 */
export class GammaGamma implements Estimator<GammaGammaParams> {
  readonly params: Readonly<GammaGammaParams>;
  #state: GammaGammaState | undefined;

  constructor(options: GammaGammaOptions = {}) {
    const raw = checkOptions(options, OPTION_KEYS, TYPE);
    const penalizer = numberOption(raw, 'penalizer', 0, TYPE);
    const maxIter = numberOption(raw, 'maxIter', 500, TYPE);
    const tol = numberOption(raw, 'tol', 1e-10, TYPE);
    const correlationThreshold = numberOption(raw, 'correlationThreshold', 0.3, TYPE);
    if (penalizer < 0) throw invalid('penalizer must be ≥ 0');
    if (!Number.isInteger(maxIter) || maxIter < 1) {
      throw invalid('maxIter must be a whole number ≥ 1');
    }
    if (!(tol > 0)) throw invalid('tol must be > 0');
    if (!(correlationThreshold >= 0 && correlationThreshold <= 1)) {
      throw invalid('correlationThreshold must be in [0, 1]');
    }
    this.params = Object.freeze({ penalizer, maxIter, tol, correlationThreshold });
  }

  /** True once fitted or restored. */
  get isFitted(): boolean {
    return this.#state !== undefined;
  }

  /** The fitted state. Throws NOT_FITTED before `fit`. */
  get state(): GammaGammaState {
    return requireFitted(this.#state, TYPE);
  }

  /** The fitted p, q, γ. */
  get parameters(): GammaGammaParameters {
    const { p, q, gamma } = this.state;
    return { p, q, gamma };
  }

  /**
   * What the fit found doubtful: `ASSUMPTION_VIOLATED` when |corr(frequency, mean spend)|
   * exceeds `correlationThreshold`, `DEGENERATE_FIT` when BFGS did not converge or q ≤ 1
   * (the population mean spend pγ/(q − 1) does not exist).
   */
  get warnings(): CohortlabWarning[] {
    const s = this.state;
    const out: CohortlabWarning[] = [];
    if (Math.abs(s.correlation) > this.params.correlationThreshold) {
      out.push(
        cohortlabWarning(
          'ASSUMPTION_VIOLATED',
          `Gamma-Gamma assumes spend independent of frequency, but their correlation among ` +
            `repeat buyers is ${s.correlation.toFixed(2)} (above ${this.params.correlationThreshold}); ` +
            `predicted spend and value are biased`,
          { count: s.customers, stage: 'gamma-gamma' },
        ),
      );
    }
    if (!s.converged || !(s.q > 1)) {
      const why = s.converged
        ? `q = ${s.q.toPrecision(3)} ≤ 1 (no population mean spend)`
        : 'the optimiser did not converge';
      out.push(
        cohortlabWarning('DEGENERATE_FIT', `Gamma-Gamma fit: ${why}`, { stage: 'gamma-gamma' }),
      );
    }
    return out;
  }

  /** Fits p, q, γ by maximum likelihood on the repeat buyers of `summary` (see the class comment). */
  fit(summary: SpendSummary): this {
    const buyers = repeatBuyers(summary);
    const { best, iterations } = this.#search(buyers);
    const [p, q, gamma] = Array.from(best.x, Math.exp) as [number, number, number];
    if (![p, q, gamma].every((v) => Number.isFinite(v) && v > 0)) {
      throw new CohortlabError(
        'INVALID_INPUT',
        'Gamma-Gamma fit diverged (parameters left the finite range); try penalizer > 0',
      );
    }
    const params = { p, q, gamma };
    this.#state = {
      p,
      q,
      gamma,
      logLikelihood: gammaGammaLogLikelihood(params, buyers).logLikelihood,
      customers: buyers.weights.reduce((s, w) => s + w, 0),
      withoutRepeat: buyers.withoutRepeat,
      correlation: frequencySpendCorrelation(buyers),
      iterations,
      converged: best.converged,
    };
    return this;
  }

  #search(buyers: RepeatBuyers): { best: BfgsResult; iterations: number } {
    const { penalizer, maxIter, tol } = this.params;
    let total = 0;
    let spend = 0;
    for (let i = 0; i < buyers.weights.length; i++) {
      total += buyers.weights[i] as number;
      spend += (buyers.weights[i] as number) * (buyers.monetaryValue[i] as number);
    }
    const objective = (u: Float64Array) => {
      const [p, q, gamma] = Array.from(u, Math.exp) as [number, number, number];
      const { logLikelihood, gradient } = gammaGammaLogLikelihood({ p, q, gamma }, buyers, true);
      const value = -logLikelihood / total + penalizer * (p * p + q * q + gamma * gamma);
      // Chain rule through θ = exp(u): ∂f/∂u = θ ∂f/∂θ.
      const g = Float64Array.from([p, q, gamma], (theta, k) => {
        return theta * (-(gradient[k] as number) / total + 2 * penalizer * theta);
      });
      return { value: Number.isFinite(value) ? value : Infinity, gradient: g };
    };
    const meanSpend = Math.log(spend / total);
    const starts = [
      [0, 0, 0],
      [0, Math.log(2), meanSpend],
      [Math.log(5), Math.log(3), meanSpend],
    ];
    let best: BfgsResult | undefined;
    let iterations = 0;
    for (const start of starts) {
      const result = minimizeBfgs(objective, Float64Array.from(start), { maxIter, tol });
      if (best === undefined || result.value < best.value) {
        best = result;
        iterations = result.iterations;
      }
    }
    // Restart from the best with a fresh inverse-Hessian estimate until it stops improving.
    for (let k = 0; k < 5 && best !== undefined; k++) {
      const again = minimizeBfgs(objective, best.x, { maxIter, tol });
      iterations += again.iterations;
      if (!(again.value < best.value)) {
        if (again.converged && !best.converged) best = again;
        break;
      }
      best = again;
    }
    return { best: best as BfgsResult, iterations };
  }

  /**
   * E[M | x, m̄]: the expected mean transaction value of a customer with x repeat purchases of
   * mean value m̄ (Fader, Hardie & Lee 2005, eq. 5); with x = 0 the population mean
   * pγ/(q − 1) (NaN when q ≤ 1).
   */
  conditionalExpectedAverageSpend(x: number, m: number): number {
    return conditionalExpectedSpend(this.parameters, x, m);
  }

  /**
   * E[M | x, m̄] of every row of a summary: customers without a repeat purchase (x = 0) get
   * the population mean, whatever their m̄.
   */
  predictSpend(summary: SpendSummary): Float64Array {
    const params = this.parameters;
    const n = summary.frequency.length;
    if (summary.monetaryValue.length !== n) {
      throw new CohortlabError(
        'INVALID_INPUT',
        'spend summary: frequency and monetaryValue differ in length',
      );
    }
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = summary.frequency[i] as number;
      out[i] = conditionalExpectedSpend(
        params,
        x,
        x > 0 ? (summary.monetaryValue[i] as number) : 0,
      );
    }
    return out;
  }

  /** The fitted model as plain JSON. */
  toJSON(): ModelJSON<GammaGammaParams, GammaGammaState> {
    return modelJSON(TYPE, 1, this.params, requireFitted(this.#state, TYPE));
  }

  /** Restores a fitted model from {@link GammaGamma.toJSON} output (object or string). */
  static fromJSON(json: unknown): GammaGamma {
    const model = readModelJSON<GammaGammaParams, unknown>(json, TYPE, 1);
    const restored = new GammaGamma(model.params);
    const s = model.state as Record<string, unknown> | null;
    const positive = (v: unknown): v is number =>
      typeof v === 'number' && v > 0 && Number.isFinite(v);
    const numeric = (v: unknown): v is number => typeof v === 'number';
    if (
      typeof s !== 'object' ||
      s === null ||
      !positive(s['p']) ||
      !positive(s['q']) ||
      !positive(s['gamma']) ||
      !numeric(s['logLikelihood']) ||
      !numeric(s['customers']) ||
      !numeric(s['withoutRepeat']) ||
      // JSON writes NaN as null: a correlation that could not be measured.
      !(numeric(s['correlation']) || s['correlation'] === null) ||
      !numeric(s['iterations']) ||
      typeof s['converged'] !== 'boolean'
    ) {
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model: state needs positive p, q, gamma`);
    }
    restored.#state = {
      p: s['p'],
      q: s['q'],
      gamma: s['gamma'],
      logLikelihood: s['logLikelihood'],
      customers: s['customers'],
      withoutRepeat: s['withoutRepeat'],
      correlation: numeric(s['correlation']) ? s['correlation'] : NaN,
      iterations: s['iterations'],
      converged: s['converged'],
    };
    return restored;
  }
}

function invalid(message: string): CohortlabError {
  return new CohortlabError('INVALID_OPTION', `${TYPE}: ${message}`);
}
