import { describe, expect, it } from 'vitest';
import { MLPClassifier } from '../../../src/classify/mlp/index.js';
import { Log1p } from '../../../src/preprocess/log1p.js';
import { accuracy, SPEND, stratifiedFolds, subset, wholesale, type Labelled } from './helpers.js';

/** Out-of-fold predictions of 10-fold stratified cross-validation. */
async function crossValidate(data: Labelled, options: object, seed: number): Promise<string[]> {
  const folds = stratifiedFolds(data.labels, 10, seed);
  const predicted: string[] = new Array(data.labels.length);
  for (let f = 0; f < 10; f++) {
    const train = subset(data, (i) => folds[i] !== f);
    const test = subset(data, (i) => folds[i] === f);
    const mlp = await new MLPClassifier(options).fit(train.table, train.labels, {
      features: SPEND,
    });
    const labels = mlp.predict(test.table);
    let r = 0;
    for (let i = 0; i < folds.length; i++) if (folds[i] === f) predicted[i] = labels[r++] as string;
  }
  return predicted;
}

describe('MLPClassifier on data/wholesale_customers.csv (Channel from the six spend columns)', () => {
  it('reaches >= 0.88 accuracy in 10-fold stratified CV on log1p spend, default settings', async () => {
    const raw = wholesale();
    const data = { ...raw, table: new Log1p().fit(raw.table).transform(raw.table) };
    const predicted = await crossValidate(data, { seed: 1 }, 1);
    expect(accuracy(predicted, data.labels)).toBeGreaterThanOrEqual(0.88); // 0.923 on wasm (seeds 2-5: 0.905-0.916)
  });

  it('reaches >= 0.88 on the raw spend too (standardisation only), with a faster schedule', async () => {
    const predicted = await crossValidate(
      wholesale(),
      { learningRate: 0.01, epochs: 60, seed: 1 },
      1,
    );
    expect(accuracy(predicted, wholesale().labels)).toBeGreaterThanOrEqual(0.88); // 0.927 on wasm (seeds 2-5: 0.902-0.918)
  });
});
