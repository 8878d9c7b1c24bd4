import { describe, expect, it } from 'vitest';
import { MLPClassifier } from '../../../src/classify/mlp/index.js';
import { accuracy, subset, twoMoons, xorData, type Labelled } from './helpers.js';

/** Small, quick settings: the data sets here have a few hundred rows. */
const QUICK = { learningRate: 0.01, epochs: 80 } as const;

function halves(data: Labelled): { train: Labelled; test: Labelled } {
  const n = data.labels.length / 2;
  return { train: subset(data, (i) => i < n), test: subset(data, (i) => i >= n) };
}

describe('MLPClassifier learns non-linear boundaries', () => {
  it('separates XOR-like data (> 95% held-out accuracy)', async () => {
    const { train, test } = halves(xorData(800, 3));
    const mlp = await new MLPClassifier({ ...QUICK, seed: 1 }).fit(train.table, train.labels);
    expect(mlp.classes).toEqual(['diff', 'same']);
    expect(mlp.featureNames).toEqual(['x', 'y']);
    expect(accuracy(mlp.predict(test.table), test.labels)).toBeGreaterThan(0.95);
  });

  it('separates two moons with tanh units (> 95% held-out accuracy)', async () => {
    const { train, test } = halves(twoMoons(800, 0.15, 4));
    const mlp = await new MLPClassifier({ ...QUICK, activation: 'tanh', seed: 2 }).fit(
      train.table,
      train.labels,
    );
    expect(accuracy(mlp.predict(test.table), test.labels)).toBeGreaterThan(0.95);
    const { history } = mlp;
    expect(history.epochs).toBe(history.loss.length);
    expect(history.validationLoss).toHaveLength(history.epochs);
    expect(history.trainRows + history.validationRows).toBe(400);
    expect(history.validationRows).toBe(40); // 10%, 20 of each class
    expect(history.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(history.bestEpoch).toBeLessThanOrEqual(history.epochs);
  });
});

describe('MLPClassifier is reproducible', () => {
  const { train, test } = halves(twoMoons(300, 0.2, 5));
  const options = { learningRate: 0.01, epochs: 15, hiddenLayers: [8], seed: 11 };

  it('reports each epoch to a progress, and the epochs early stopping leaves out', async () => {
    const { train } = halves(xorData(200, 5));
    const epochs: string[] = [];
    const progress = {
      start: () => undefined,
      end: () => undefined,
      advance: (step: string, done: number, total: number, unit?: string) =>
        void epochs.push(`${step} ${done}/${total} ${unit ?? ''}`),
    };
    const fitted = await new MLPClassifier({ ...QUICK, epochs: 4, seed: 1 }).fit(
      train.table,
      train.labels,
      { progress },
    );
    expect(fitted.history.epochs).toBe(4);
    expect(epochs).toEqual([1, 2, 3, 4].map((e) => `epochs ${e}/4 epochs`));
    epochs.length = 0;
    // A learning rate of 1e-12 never improves on the first epoch: patience 2 stops after epoch 3.
    const stopped = await new MLPClassifier({
      learningRate: 1e-12,
      epochs: 50,
      patience: 2,
      seed: 1,
    }).fit(train.table, train.labels, { progress });
    expect(stopped.history.stoppedEarly).toBe(true);
    expect(epochs).toEqual([
      'epochs 1/50 epochs',
      'epochs 2/50 epochs',
      'epochs 3/50 epochs',
      'epochs 50/50 epochs',
    ]);
  });

  it('gives identical predictions and probabilities for the same seed', async () => {
    const a = await new MLPClassifier(options).fit(train.table, train.labels);
    const b = await new MLPClassifier(options).fit(train.table, train.labels);
    expect(b.predict(test.table)).toEqual(a.predict(test.table));
    expect(b.predictProba(test.table).probabilities).toEqual(
      a.predictProba(test.table).probabilities,
    );
    expect(b.history).toEqual(a.history);
    const c = await new MLPClassifier({ ...options, seed: 12 }).fit(train.table, train.labels);
    expect(c.predictProba(test.table).probabilities).not.toEqual(
      a.predictProba(test.table).probabilities,
    );
  });

  it('round-trips through JSON with identical probabilities and exact weights', async () => {
    const mlp = await new MLPClassifier({ ...options, classWeight: { inner: 2 } }).fit(
      train.table,
      train.labels,
    );
    const text = JSON.stringify(mlp.toJSON());
    const restored = MLPClassifier.fromJSON(text);
    expect(restored.params).toEqual(mlp.params);
    expect(restored.classes).toEqual(mlp.classes);
    expect(restored.featureNames).toEqual(mlp.featureNames);
    expect(restored.history).toEqual(mlp.history);
    expect(restored.layers).toEqual(mlp.layers);
    expect(restored.predictProba(test.table)).toEqual(mlp.predictProba(test.table));
    expect(restored.predict(test.table)).toEqual(mlp.predict(test.table));
    expect(JSON.stringify(restored.toJSON())).toBe(text);
    const json = mlp.toJSON();
    expect(json).toMatchObject({ format: 'cohortlab-model', type: 'MLPClassifier', version: 1 });
  });

  it('ignores the scale of the weights (they are normalised to average 1)', async () => {
    const plain = await new MLPClassifier(options).fit(train.table, train.labels);
    const doubled = await new MLPClassifier({
      ...options,
      classWeight: { inner: 1, outer: 1 },
    }).fit(train.table, train.labels, { sampleWeight: train.labels.map(() => 2) });
    expect(doubled.predictProba(test.table)).toEqual(plain.predictProba(test.table));
  });
});

describe('MLPClassifier predictProba', () => {
  it('returns rows that sum to 1 and agree with predict', async () => {
    const { train, test } = halves(xorData(400, 8));
    const mlp = await new MLPClassifier({ learningRate: 0.01, epochs: 10, seed: 3 }).fit(
      train.table,
      train.labels,
      { features: ['y', 'x'] },
    );
    expect(mlp.featureNames).toEqual(['y', 'x']);
    const { classes, probabilities } = mlp.predictProba(test.table);
    expect(probabilities).toBeInstanceOf(Float64Array);
    expect(probabilities).toHaveLength(200 * classes.length);
    const labels = mlp.predict(test.table);
    for (let r = 0; r < 200; r++) {
      const row = Array.from(probabilities.subarray(r * 2, r * 2 + 2));
      expect(row[0]! + row[1]!).toBeCloseTo(1, 12);
      for (const p of row) expect(p).toBeGreaterThanOrEqual(0);
      expect(labels[r]).toBe(classes[row[1]! > row[0]! ? 1 : 0]);
    }
    expect(
      mlp.predictProba({ x: new Float64Array(0), y: new Float64Array(0) }).probabilities,
    ).toHaveLength(0);
  });

  it('handles three classes and balanced class weights', async () => {
    const n = 300;
    const x = new Float64Array(n);
    const labels: string[] = [];
    for (let i = 0; i < n; i++) {
      x[i] = i / n;
      labels.push(i < 30 ? 'low' : i < 200 ? 'mid' : 'high'); // imbalanced
    }
    const mlp = await new MLPClassifier({
      learningRate: 0.02,
      epochs: 60,
      classWeight: 'balanced',
      validationFraction: 0,
      seed: 4,
    }).fit({ x }, labels);
    expect(mlp.classes).toEqual(['high', 'low', 'mid']);
    expect(mlp.history.validationLoss).toEqual([]);
    expect(mlp.history.epochs).toBe(60);
    expect(mlp.history.stoppedEarly).toBe(false);
    expect(accuracy(mlp.predict({ x }), labels)).toBeGreaterThan(0.9);
    const { probabilities } = mlp.predictProba({ x });
    for (let r = 0; r < n; r++) {
      const sum = probabilities[3 * r]! + probabilities[3 * r + 1]! + probabilities[3 * r + 2]!;
      expect(sum).toBeCloseTo(1, 12);
    }
  });
});
