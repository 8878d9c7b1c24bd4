import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CohortlabError } from '../../../src/errors/cohortlab-error.js';
import { GammaGamma, gammaGammaLogLikelihood } from '../../../src/predict/gamma-gamma/index.js';

// Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves for Customer Base
// Analysis", and Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value", report for
// the 946 repeat buyers of the 2,357-customer CDNOW sample p = 6.25, q = 3.74, γ = 15.44.
interface Reference {
  readonly repeatBuyers: number;
  readonly loglik: [p: number, q: number, gamma: number, ll: number][];
  readonly fit: [number, number, number];
  readonly fitLogLikelihood: number;
  readonly spend: [x: number, m: number, e: number][];
  readonly correlation: number;
}
const ref = JSON.parse(
  readFileSync('test/fixtures/gamma-gamma/reference.json', 'utf8'),
) as Reference;

function cdnowSpend(): { frequency: Float64Array; monetaryValue: Float64Array } {
  const lines = readFileSync('data/cdnow_customers_summary_with_transactions.csv', 'utf8')
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toBe('ID,x,t_x,T,zbar');
  const rows = lines.slice(1).map((line) => line.split(',').map(Number));
  return {
    frequency: Float64Array.from(rows, (r) => r[1]!),
    monetaryValue: Float64Array.from(rows, (r) => r[4]!),
  };
}

const summary = cdnowSpend();
const model = new GammaGamma().fit(summary);

describe('Gamma-Gamma log-likelihood', () => {
  it('equals scipy’s at four parameter points on the 946 CDNOW repeat buyers', () => {
    const repeat = Array.from(summary.frequency.keys()).filter((i) => summary.frequency[i]! > 0);
    const buyers = {
      frequency: repeat.map((i) => summary.frequency[i]!),
      monetaryValue: repeat.map((i) => summary.monetaryValue[i]!),
    };
    expect(repeat.length).toBe(ref.repeatBuyers);
    for (const [p, q, gamma, ll] of ref.loglik) {
      const actual = gammaGammaLogLikelihood({ p, q, gamma }, buyers).logLikelihood;
      expect(Math.abs(actual - ll) / Math.abs(ll)).toBeLessThan(1e-12);
    }
  });

  it('has the analytic gradient of central finite differences', () => {
    const at = { p: 4, q: 2.5, gamma: 20 };
    const buyers = { frequency: [1, 2, 3, 7], monetaryValue: [10, 25.5, 7.25, 40] };
    const { gradient } = gammaGammaLogLikelihood(at, buyers, true);
    (['p', 'q', 'gamma'] as const).forEach((key, k) => {
      const h = 1e-5 * at[key];
      const up = gammaGammaLogLikelihood({ ...at, [key]: at[key] + h }, buyers).logLikelihood;
      const down = gammaGammaLogLikelihood({ ...at, [key]: at[key] - h }, buyers).logLikelihood;
      const numeric = (up - down) / (2 * h);
      expect(Math.abs(gradient[k]! - numeric) / Math.max(1, Math.abs(numeric))).toBeLessThan(1e-6);
    });
  });
});

describe('GammaGamma fit on the CDNOW sample', () => {
  it('reproduces the published p = 6.25, q = 3.74, γ = 15.44 within 0.01', () => {
    const { p, q, gamma } = model.parameters;
    expect(Math.abs(p - 6.25)).toBeLessThan(0.01);
    expect(Math.abs(q - 3.74)).toBeLessThan(0.01);
    expect(Math.abs(gamma - 15.44)).toBeLessThan(0.01);
    expect(model.state.converged).toBe(true);
    expect(model.state.customers).toBe(946);
    expect(model.state.withoutRepeat).toBe(2357 - 946);
  });

  it('matches scipy’s maximum-likelihood fit and log-likelihood', () => {
    const { p, q, gamma } = model.parameters;
    [p, q, gamma].forEach((v, k) => expect(v / ref.fit[k]!).toBeCloseTo(1, 5));
    // Never below scipy's optimum: the fit is at least as good.
    expect(model.state.logLikelihood).toBeGreaterThanOrEqual(ref.fitLogLikelihood - 1e-7);
    expect(model.state.logLikelihood - ref.fitLogLikelihood).toBeLessThan(1e-5);
  });

  it('gives E[M | x, m̄] of the fixture, and the population mean pγ/(q − 1) for x = 0', () => {
    for (const [x, m, e] of ref.spend) {
      expect(model.conditionalExpectedAverageSpend(x, m)).toBeCloseTo(e, 4);
    }
    const { p, q, gamma } = model.parameters;
    expect(model.conditionalExpectedAverageSpend(0, 99)).toBeCloseTo((p * gamma) / (q - 1), 12);
    const spend = model.predictSpend({ frequency: [2, 0], monetaryValue: [22.35, 0] });
    expect(spend[0]).toBeCloseTo(ref.spend[1]![2], 4);
    expect(spend[1]).toBeCloseTo((p * gamma) / (q - 1), 12);
  });

  it('measures the frequency–spend correlation (0.11 on CDNOW: no warning)', () => {
    expect(model.state.correlation).toBeCloseTo(ref.correlation, 12);
    expect(model.warnings).toEqual([]);
  });

  it('warns ASSUMPTION_VIOLATED when spend rises with frequency', () => {
    const frequency = Array.from({ length: 60 }, (_, i) => 1 + (i % 12));
    const monetaryValue = frequency.map((x, i) => 5 * x + 3 + (i % 5));
    const fitted = new GammaGamma().fit({ frequency, monetaryValue });
    expect(fitted.state.correlation).toBeGreaterThan(0.9);
    const codes = fitted.warnings.map((w) => w.code);
    expect(codes).toContain('ASSUMPTION_VIOLATED');
    expect(fitted.warnings[0]!.message).toContain(
      `correlation among repeat buyers is ${fitted.state.correlation.toFixed(2)} (above 0.3)`,
    );
    // A threshold above |r| silences it.
    const lax = new GammaGamma({ correlationThreshold: 1 }).fit({ frequency, monetaryValue });
    expect(lax.warnings.map((w) => w.code)).not.toContain('ASSUMPTION_VIOLATED');
  });

  it('a penalizer shrinks the parameters and costs likelihood', () => {
    const penalized = new GammaGamma({ penalizer: 0.01 }).fit(summary);
    const size = (m: GammaGamma) =>
      m.parameters.p ** 2 + m.parameters.q ** 2 + m.parameters.gamma ** 2;
    expect(size(penalized)).toBeLessThan(size(model));
    expect(penalized.state.logLikelihood).toBeLessThan(model.state.logLikelihood);
    expect(penalized.state.converged).toBe(true);
  });

  it('is deterministic: same data, same bytes of JSON', () => {
    expect(JSON.stringify(new GammaGamma().fit(summary).toJSON())).toBe(
      JSON.stringify(model.toJSON()),
    );
  });

  it('round-trips through JSON with the same predictions', () => {
    const restored = GammaGamma.fromJSON(JSON.stringify(model.toJSON()));
    expect(restored.parameters).toEqual(model.parameters);
    expect(restored.state).toEqual(model.state);
    expect(restored.conditionalExpectedAverageSpend(3, 17.5)).toBe(
      model.conditionalExpectedAverageSpend(3, 17.5),
    );
  });

  it('weights of identical rows give the same fit as the rows repeated', () => {
    // The CDNOW repeat buyers, row i repeated 1 + (i mod 3) times, against weights.
    const rows = Array.from(summary.frequency.keys()).filter((i) => summary.frequency[i]! > 0);
    const weights = rows.map((_, k) => 1 + (k % 3));
    const repeated = rows.flatMap((i, k) => Array<number>(weights[k]!).fill(i));
    const full = new GammaGamma().fit({
      frequency: repeated.map((i) => summary.frequency[i]!),
      monetaryValue: repeated.map((i) => summary.monetaryValue[i]!),
    }).parameters;
    const weighted = new GammaGamma().fit({
      frequency: rows.map((i) => summary.frequency[i]!),
      monetaryValue: rows.map((i) => summary.monetaryValue[i]!),
      weights,
    }).parameters;
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(weighted[key] / full[key]).toBeCloseTo(1, 6);
    }
  });
});

describe('GammaGamma validation', () => {
  it('refuses unknown and bad options', () => {
    expect(() => new GammaGamma({ penalty: 1 } as never)).toThrow(/has no option "penalty"/);
    expect(() => new GammaGamma({ penalizer: -1 })).toThrow(/penalizer must be ≥ 0/);
    expect(() => new GammaGamma({ correlationThreshold: 2 })).toThrow(/\[0, 1\]/);
  });

  it('names row and column of a bad spend value', () => {
    const run = () => new GammaGamma().fit({ frequency: [1, 2, 3], monetaryValue: [10, -4, 12] });
    expect(run).toThrow(CohortlabError);
    expect(run).toThrow('row 2, column "monetaryValue"');
    expect(() => new GammaGamma().fit({ frequency: [1.5], monetaryValue: [10] })).toThrow(
      'row 1, column "frequency"',
    );
    expect(() => new GammaGamma().fit({ frequency: [0, 0], monetaryValue: [0, 0] })).toThrow(
      /needs customers with repeat purchases/,
    );
  });

  it('refuses to predict before fit and a model of another type', () => {
    expect(() => new GammaGamma().conditionalExpectedAverageSpend(1, 1)).toThrow(/not fitted/);
    expect(() => GammaGamma.fromJSON({ ...model.toJSON(), type: 'BgNbd' })).toThrow(
      /expected a GammaGamma model/,
    );
  });
});
