import { CohortlabError } from '../errors/cohortlab-error.js';

/**
 * Parameters of the synthetic customer base. Each customer (BG/NBD-like, Fader et al. 2005):
 * - signs up on a day drawn uniformly over the period and buys that day;
 * - buys again at a Poisson rate λ ~ Gamma(rateShape, rateMean / rateShape) per day (so
 *   purchase counts are Gamma–Poisson, overdispersed);
 * - after each purchase drops out for good with probability p ~ Beta(dropoutA, dropoutB)
 *   (geometric lifetime in purchases);
 * - spends lognormal amounts: ln(amount) = μ_c + orderSigma·Z with the customer's own
 *   μ_c = orderMu + customerSigma·Z_c;
 * - has a favourite category (Zipf over `categories`) used with probability
 *   `categoryLoyalty`, otherwise a fresh Zipf draw; and a preferred channel used with
 *   probability `channelLoyalty`.
 */
export interface SynthSpec {
  /** Exact number of transactions to generate. */
  readonly transactions: number;
  /** Seed of every random draw. */
  readonly seed: number;
  /** First day of the period, 'YYYY-MM-DD'. */
  readonly start: string;
  /** Length of the period in days. */
  readonly periodDays: number;
  /** Mean purchase rate per day across customers. */
  readonly rateMean: number;
  /** Gamma shape of the purchase rate (smaller: more heterogeneous customers). */
  readonly rateShape: number;
  /** Beta parameters of the per-purchase dropout probability. */
  readonly dropoutA: number;
  readonly dropoutB: number;
  /** Lognormal order value: location, per-order spread, spread between customers. */
  readonly orderMu: number;
  readonly orderSigma: number;
  readonly customerSigma: number;
  /** Category names, most common first (Zipf ranks). */
  readonly categories: readonly string[];
  readonly zipfExponent: number;
  readonly categoryLoyalty: number;
  /** Channel names and their shares among customers' preferred channels. */
  readonly channels: readonly string[];
  readonly channelWeights: readonly number[];
  readonly channelLoyalty: number;
  /** Region names of the customer table and their shares. */
  readonly regions: readonly string[];
  readonly regionWeights: readonly number[];
}

/** The defaults: three years, one purchase every ~30 days while active, ~10 purchases per customer. */
export const DEFAULT_SYNTH_SPEC: SynthSpec = {
  transactions: 100_000,
  seed: 1,
  start: '2022-01-01',
  periodDays: 3 * 365,
  rateMean: 1 / 30,
  rateShape: 0.8,
  dropoutA: 1,
  dropoutB: 12,
  orderMu: 3.5,
  orderSigma: 0.8,
  customerSigma: 0.4,
  categories: [
    'groceries',
    'household',
    'clothing',
    'beauty',
    'electronics',
    'toys',
    'sports',
    'books',
    'garden',
    'pet',
    'music',
    'jewellery',
  ],
  zipfExponent: 1.1,
  categoryLoyalty: 0.5,
  channels: ['web', 'store', 'app'],
  channelWeights: [0.55, 0.3, 0.15],
  channelLoyalty: 0.8,
  regions: ['north', 'south', 'east', 'west'],
  regionWeights: [0.3, 0.25, 0.25, 0.2],
};

/** The defaults with the given fields replaced, validated (INVALID_OPTION when wrong). */
export function synthSpec(overrides: Partial<SynthSpec> = {}): SynthSpec {
  const spec: SynthSpec = { ...DEFAULT_SYNTH_SPEC, ...overrides };
  const positive = (name: keyof SynthSpec): void => {
    const v = spec[name];
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new CohortlabError(
        'INVALID_OPTION',
        `${name} must be a positive number, got ${String(v)}`,
      );
    }
  };
  (['periodDays', 'rateMean', 'rateShape', 'dropoutA', 'dropoutB', 'orderSigma'] as const).forEach(
    positive,
  );
  if (!Number.isSafeInteger(spec.transactions) || spec.transactions < 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `transactions must be a whole number ≥ 1, got ${spec.transactions}`,
    );
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new CohortlabError('INVALID_OPTION', `seed must be a safe integer, got ${spec.seed}`);
  }
  if (!Number.isInteger(spec.periodDays)) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `periodDays must be whole days, got ${spec.periodDays}`,
    );
  }
  if (Number.isNaN(new Date(`${spec.start}T00:00:00Z`).getTime())) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `start must be a date like 2022-01-01, got "${spec.start}"`,
    );
  }
  if (
    spec.channels.length !== spec.channelWeights.length ||
    spec.regions.length !== spec.regionWeights.length
  ) {
    throw new CohortlabError('INVALID_OPTION', 'channels and regions need one weight each');
  }
  if (spec.categories.length === 0 || spec.channels.length === 0 || spec.regions.length === 0) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'categories, channels and regions must not be empty',
    );
  }
  for (const p of [spec.categoryLoyalty, spec.channelLoyalty]) {
    if (!(p >= 0 && p <= 1))
      throw new CohortlabError('INVALID_OPTION', `loyalty must lie in [0, 1], got ${p}`);
  }
  return spec;
}

/**
 * The mean order value the spec implies before rounding to cents:
 * E[exp(μ_c + σZ)] = exp(orderMu + (customerSigma² + orderSigma²) / 2).
 */
export function expectedOrderValue(spec: SynthSpec): number {
  return Math.exp(spec.orderMu + (spec.customerSigma ** 2 + spec.orderSigma ** 2) / 2);
}
