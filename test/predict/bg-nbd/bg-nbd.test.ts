import { beforeAll, describe, expect, it } from 'vitest';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import { BgNbd } from '../../../src/predict/bg-nbd/bg-nbd.js';
import { bgNbdLogLikelihood } from '../../../src/predict/bg-nbd/likelihood.js';
import { SCREEN_ROWS, screeningSample } from '../../../src/predict/bg-nbd/starts.js';
import type { BgNbdParameters } from '../../../src/predict/bg-nbd/summary.js';
import { cdnowSummary, reference } from './helpers.js';

// Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
// Pareto/NBD Model", Marketing Science 24(2): 275–284. Section 4 reports, for the 2,357-customer
// CDNOW sample over the 39-week calibration period, r = 0.243, α = 4.414, a = 0.793,
// b = 2.426 and LL = −9582.4, and for the customer with x = 2, tₓ = 30.43, T = 38.86 an
// expected 1.226 purchases in the next 39 weeks.
const ref = reference();
const summary = cdnowSummary();
const params = (v: readonly number[]): BgNbdParameters => ({
  r: v[0]!,
  alpha: v[1]!,
  a: v[2]!,
  b: v[3]!,
});

let model: BgNbd;
beforeAll(() => {
  model = new BgNbd().fit(summary);
});

describe('BG/NBD log-likelihood', () => {
  it('equals mpmath (30 digits) at the paper’s parameters on the 2,357 CDNOW customers', () => {
    const ll = bgNbdLogLikelihood(params(ref.cdnow.paperParams), summary).logLikelihood;
    expect(Math.abs(ll - ref.cdnow.logLikelihoodAtPaperParams)).toBeLessThan(1e-9);
  });

  it('has the analytic gradient of central finite differences', () => {
    const at = { r: 0.3, alpha: 5, a: 0.9, b: 2 };
    const { gradient } = bgNbdLogLikelihood(at, summary, true);
    (['r', 'alpha', 'a', 'b'] as const).forEach((key, k) => {
      const h = 1e-5 * at[key];
      const up = bgNbdLogLikelihood({ ...at, [key]: at[key] + h }, summary).logLikelihood;
      const down = bgNbdLogLikelihood({ ...at, [key]: at[key] - h }, summary).logLikelihood;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(gradient[k]! - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-5);
    });
  });

  it('grouped rows with weights give the same log-likelihood and fit as one row per customer', () => {
    const groups = new Map<string, number>();
    for (let i = 0; i < summary.frequency.length; i++) {
      const key = `${summary.frequency[i]}|${summary.recency[i]}|${summary.T[i]}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const keys = [...groups.keys()].map((k) => k.split('|').map(Number));
    const grouped = {
      frequency: Float64Array.from(keys, (k) => k[0]!),
      recency: Float64Array.from(keys, (k) => k[1]!),
      T: Float64Array.from(keys, (k) => k[2]!),
      weights: Float64Array.from(groups.values()),
    };
    expect(grouped.frequency.length).toBeLessThan(summary.frequency.length);
    const at = params(ref.cdnow.paperParams);
    expect(bgNbdLogLikelihood(at, grouped).logLikelihood).toBeCloseTo(
      bgNbdLogLikelihood(at, summary).logLikelihood,
      8,
    );
    const groupedFit = new BgNbd().fit(grouped).parameters;
    const p = model.parameters;
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(groupedFit[key] / p[key]).toBeCloseTo(1, 6);
    }
  });
});

describe('BG/NBD fit on the paper’s CDNOW sample', () => {
  it('gives the paper’s r, α, a, b to 3 decimals and LL −9582.4', () => {
    const p = model.parameters;
    expect(p.r.toFixed(3)).toBe('0.243');
    expect(p.alpha.toFixed(3)).toBe('4.414');
    expect(p.a.toFixed(3)).toBe('0.793');
    expect(p.b.toFixed(3)).toBe('2.426');
    expect(model.logLikelihood.toFixed(1)).toBe('-9582.4');
    expect(model.state.converged).toBe(true);
    expect(model.state.customers).toBe(2357);
  });

  it('matches scipy’s independent optimum to 1e-5 and is at least as likely', () => {
    const p = model.parameters;
    const fit = params(ref.cdnow.fit);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(p[key] / fit[key] - 1), key).toBeLessThan(1e-5);
    }
    expect(model.logLikelihood).toBeGreaterThanOrEqual(ref.cdnow.fitLogLikelihood - 1e-8);
  });

  it('is deterministic, and reaches the same optimum from a single far start', () => {
    const again = new BgNbd().fit(summary);
    expect(again.parameters).toEqual(model.parameters);
    const far = new BgNbd({ initialParams: { r: 5, alpha: 0.1, a: 5, b: 0.2 } }).fit(summary);
    expect(far.logLikelihood).toBeCloseTo(model.logLikelihood, 6);
    expect(far.parameters.r).toBeCloseTo(model.parameters.r, 5);
  });

  it('on a large base screens the starts on a sample and still reaches the full optimum', () => {
    // 26 jittered copies of the 2,357 customers: 61,282 distinct rows, above SCREEN_ROWS.
    const copies = 26;
    const n = summary.frequency.length;
    const big = {
      frequency: new Float64Array(n * copies),
      recency: new Float64Array(n * copies),
      T: new Float64Array(n * copies),
    };
    for (let c = 0; c < copies; c++) {
      for (let i = 0; i < n; i++) {
        const j = c * n + i;
        big.frequency[j] = summary.frequency[i]!;
        big.recency[j] = summary.recency[i]!;
        big.T[j] = summary.T[i]! + c * 1e-7; // distinct rows: grouping cannot merge them
      }
    }
    expect(screeningSample(big).frequency.length).toBeLessThanOrEqual(SCREEN_ROWS);
    const screened = new BgNbd().fit(big);
    // Without screening (a single start is never screened), from the paper's optimum.
    const direct = new BgNbd({ initialParams: model.parameters }).fit(big);
    expect(screened.logLikelihood).toBeCloseTo(direct.logLikelihood, 6);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(screened.parameters[key]).toBeCloseTo(direct.parameters[key], 5);
      expect(screened.parameters[key]).toBeCloseTo(model.parameters[key], 3);
    }
  });
});

describe('BG/NBD predictions', () => {
  it('E[X(39) | x = 2, tₓ = 30.43, T = 38.86] = 1.226 as in the paper', () => {
    expect(model.expectedPurchases(39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
  });

  it('eq. 10, P(alive) and eq. 9 equal mpmath’s ₂F₁ evaluation at the reference fit', () => {
    const fixed = BgNbd.fromJSON({
      ...model.toJSON(),
      state: { ...model.state, ...params(ref.cdnow.fit) },
    });
    for (const [t, x, tx, T, expected, alive] of ref.cdnow.conditional) {
      const e = fixed.expectedPurchases(t, x, tx, T);
      expect(Math.abs(e / expected - 1), `t=${t} x=${x}`).toBeLessThan(1e-12);
      expect(fixed.probabilityAlive(x, tx, T)).toBeCloseTo(alive, 14);
    }
    for (const [t, expected] of ref.cdnow.population) {
      expect(Math.abs(fixed.expectedPurchasesPopulation(t) / expected - 1)).toBeLessThan(1e-12);
    }
  });

  it('eq. 9 and 10 are continuous through a = 1, where the formulas are 0/0', () => {
    const at = (a: number) => BgNbd.fromJSON({ ...model.toJSON(), state: { ...model.state, a } });
    const [below, one, above] = [0.999, 1, 1.001].map(at);
    const mid = (f: (m: BgNbd) => number) => (f(below!) + f(above!)) / 2;
    const e = (m: BgNbd) => m.expectedPurchases(39, 2, 30.43, 38.86);
    const pop = (m: BgNbd) => m.expectedPurchasesPopulation(39);
    expect(Math.abs(e(one!) / mid(e) - 1)).toBeLessThan(1e-6);
    expect(Math.abs(pop(one!) / mid(pop) - 1)).toBeLessThan(1e-6);
  });

  it('P(alive) lies in [0, 1] for every customer, and is 1 without repeat purchases', () => {
    const alive = model.predictAlive(summary);
    alive.forEach((p, i) => {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      if (summary.frequency[i] === 0) expect(p).toBe(1);
    });
  });

  it('expected purchases rise with x when the last purchase is recent (tₓ = T) and with tₓ', () => {
    const T = 38.86;
    let previous = model.expectedPurchases(39, 0, 0, T);
    for (let x = 1; x <= 30; x++) {
      const e = model.expectedPurchases(39, x, T, T);
      expect(e).toBeGreaterThan(previous);
      previous = e;
    }
    for (const x of [1, 3, 10]) {
      let last = -Infinity;
      for (let tx = 0; tx <= T; tx += 2) {
        const e = model.expectedPurchases(39, x, tx, T);
        expect(e).toBeGreaterThan(last);
        last = e;
      }
    }
    // Not monotone in x for an old last purchase: many purchases long ago mean "probably
    // gone" (the paper's iso-value discussion), so 10 purchases by week 10 forecast less
    // than 2 purchases by week 10.
    expect(model.expectedPurchases(39, 10, 10, T)).toBeLessThan(
      model.expectedPurchases(39, 2, 10, T),
    );
  });

  it('the population expectation grows with t and matches the mean conditional forecast at t → 0', () => {
    let last = 0;
    for (const t of [1, 5, 10, 39, 78, 200]) {
      const e = model.expectedPurchasesPopulation(t);
      expect(e).toBeGreaterThan(last);
      last = e;
    }
    // At t → 0, E[X(t)] / t → r / α (every customer is alive at the first purchase).
    const p = model.parameters;
    expect(model.expectedPurchasesPopulation(1e-6) / 1e-6).toBeCloseTo(p.r / p.alpha, 6);
  });

  it('classes from P(alive): active ≥ 0.7, at-risk ≥ 0.3, churned below (configurable)', () => {
    const alive = model.predictAlive(summary);
    const classes = model.predict(summary);
    alive.forEach((p, i) => {
      expect(classes[i]).toBe(p >= 0.7 ? 'active' : p >= 0.3 ? 'at-risk' : 'churned');
    });
    const strict = new BgNbd({ activeProbability: 0.9, atRiskProbability: 0.5 });
    expect(strict.classify(0.89)).toBe('at-risk');
    expect(strict.classify(0.49)).toBe('churned');
    expect(model.classes).toEqual(['active', 'at-risk', 'churned']);
  });
});

describe('BG/NBD model contract', () => {
  it('round-trips through JSON (object and string) with identical predictions', () => {
    const json = model.toJSON();
    expect(json.format).toBe('cohortlab-model');
    expect(json.type).toBe('BgNbd');
    const restored = BgNbd.fromJSON(JSON.stringify(json));
    expect(restored.parameters).toEqual(model.parameters);
    expect(restored.logLikelihood).toBe(model.logLikelihood);
    expect(restored.predictPurchases(39, summary)).toEqual(model.predictPurchases(39, summary));
    expect(restored.params).toEqual(model.params);
  });

  it('reports misuse with typed errors', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
      } catch (error) {
        return error instanceof CohortlabError ? error.code : 'other';
      }
      return 'none';
    };
    const one = (x: number, tx: number, T: number) => ({
      frequency: Float64Array.of(x),
      recency: Float64Array.of(tx),
      T: Float64Array.of(T),
    });
    expect(code(() => new BgNbd().probabilityAlive(1, 1, 2))).toBe('NOT_FITTED');
    expect(code(() => new BgNbd({ penalizer: -1 }))).toBe('INVALID_OPTION');
    expect(code(() => new BgNbd({ activeProbability: 0.2 }))).toBe('INVALID_OPTION');
    expect(code(() => new BgNbd({ initialParams: { r: 0, alpha: 1, a: 1, b: 1 } }))).toBe(
      'INVALID_OPTION',
    );
    expect(code(() => new BgNbd({ maxiter: 3 } as never))).toBe('INVALID_OPTION');
    expect(code(() => new BgNbd().fit(one(1.5, 1, 2)))).toBe('INVALID_INPUT');
    expect(code(() => new BgNbd().fit(one(1, 3, 2)))).toBe('INVALID_INPUT');
    expect(code(() => new BgNbd().fit(one(0, 1, 2)))).toBe('INVALID_INPUT');
    expect(code(() => BgNbd.fromJSON({ ...model.toJSON(), state: { r: 1 } }))).toBe(
      'INVALID_MODEL',
    );
    expect(code(() => BgNbd.fromJSON({ ...model.toJSON(), type: 'KMeans' }))).toBe('INVALID_MODEL');
  });

  it('the penalizer shrinks the parameters towards zero', () => {
    const penalized = new BgNbd({ penalizer: 0.01 }).fit(summary).parameters;
    const p = model.parameters;
    expect(penalized.alpha).toBeLessThan(p.alpha);
    expect(penalized.b).toBeLessThan(p.b);
  });
});
