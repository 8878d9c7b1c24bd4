import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import {
  purchaseLikelihood,
  type PurchaseLikelihood,
} from '../../src/predict/purchase-likelihood.js';
import { BOUGHT } from '../../src/predict/purchase-window.js';

let tx: Transactions;
let result: PurchaseLikelihood;
beforeAll(async () => {
  tx = await loadTransactions('data/cdnow_master.txt', {
    engine: await Engine.open(),
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  result = await purchaseLikelihood(tx, { horizonDays: 90 });
});

/** AUC by its definition: P(score of a buyer > score of a non-buyer), ties counting half. */
function pairwiseAuc(labels: readonly string[], scores: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  labels.forEach((l, i) => (l === BOUGHT ? pos : neg).push(scores[i] as number));
  neg.sort((a, b) => a - b);
  let wins = 0;
  for (const p of pos) {
    let below = 0;
    let equal = 0;
    for (const q of neg) {
      if (q < p) below++;
      else if (q === p) equal++;
      else break;
    }
    wins += below + equal / 2;
  }
  return wins / (pos.length * neg.length);
}

describe('purchaseLikelihood on CDNOW', () => {
  it('evaluates out of fold: AUC by definition, well above chance, and calibrated', () => {
    const { evaluation, window } = result;
    const probabilities = result.evaluation.crossValidation.probabilities!;
    const column = probabilities.classes.indexOf(BOUGHT);
    const k = probabilities.classes.length;
    const outOfFold = Array.from(
      { length: window.labels.length },
      (_, i) => probabilities.probabilities[i * k + column]!,
    );
    expect(evaluation.auc).toBeCloseTo(pairwiseAuc(window.labels, outOfFold), 12);
    expect(evaluation.auc).toBeGreaterThan(0.75);
    expect(evaluation.baseRate).toBeCloseTo(window.rate, 15);
    // Calibration: over the filled bins, predicted and observed rates agree on average.
    const bins = evaluation.calibration.bins.filter((b) => b.count > 0);
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(23_570);
    expect(evaluation.calibration.expectedCalibrationError).toBeLessThan(0.03);
    expect(evaluation.brier).toBeLessThan(window.rate * (1 - window.rate)); // beats the base rate
  });

  it('scores every customer as of the data’s end, deterministically', async () => {
    const { scores } = result;
    expect([scores.asOf, scores.horizonDays]).toEqual(['1998-07-01', 90]);
    expect(scores.customerIds).toHaveLength(23_570);
    expect(Array.from(scores.probability).every((p) => p >= 0 && p <= 1)).toBe(true);
    const again = await purchaseLikelihood(tx, { horizonDays: 90 });
    expect(again.scores.probability).toEqual(scores.probability);
    expect(again.evaluation.auc).toBe(result.evaluation.auc);
  });
});
