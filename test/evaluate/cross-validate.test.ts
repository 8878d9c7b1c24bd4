import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
  ClassProbabilities,
  SupervisedClassifier,
  SupervisedFitOptions,
} from '../../src/model/classifier.js';
import { modelJSON, type ModelJSON } from '../../src/model/estimator.js';
import { getNumeric, rowCount, type ColumnTable } from '../../src/table/column-table.js';
import { accuracy } from '../../src/evaluate/classification-metrics.js';
import { confusionMatrix } from '../../src/evaluate/confusion-matrix.js';
import { crossValidate } from '../../src/evaluate/cross-validate.js';
import { expectRejection, fixture } from './helpers.js';

/**
 * A weighted nearest-centroid classifier, written here so the tests do not depend on the
 * decision tree. `fit` is asynchronous to exercise the awaiting path.
 */
class NearestCentroid implements SupervisedClassifier<{ asyncFit: boolean }> {
  readonly params: { asyncFit: boolean };
  classes: string[] = [];
  featureNames: string[] = [];
  centroids: number[][] = [];
  fits = 0;
  lastWeights: ArrayLike<number> | undefined;

  constructor(asyncFit = true) {
    this.params = { asyncFit };
  }

  get isFitted(): boolean {
    return this.centroids.length > 0;
  }

  fit(
    table: ColumnTable,
    target: readonly string[],
    options: SupervisedFitOptions = {},
  ): this | Promise<this> {
    this.fits++;
    this.lastWeights = options.sampleWeight;
    this.featureNames = [...(options.features ?? Object.keys(table))];
    this.classes = [...new Set(target)].sort();
    const columns = this.featureNames.map((f) => getNumeric(table, f));
    this.centroids = this.classes.map((c) => {
      let w = 0;
      const sums = new Array<number>(columns.length).fill(0);
      target.forEach((t, i) => {
        if (t !== c) return;
        const wi = options.sampleWeight?.[i] ?? 1;
        w += wi;
        columns.forEach((col, j) => (sums[j] = (sums[j] as number) + (col[i] as number) * wi));
      });
      return sums.map((s) => s / w);
    });
    return this.params.asyncFit ? Promise.resolve(this) : this;
  }

  private distances(table: ColumnTable): number[][] {
    const columns = this.featureNames.map((f) => getNumeric(table, f));
    return Array.from({ length: rowCount(table) }, (_, i) =>
      this.centroids.map((centre) =>
        Math.sqrt(
          centre.reduce((s, m, j) => s + (((columns[j] as Float64Array)[i] as number) - m) ** 2, 0),
        ),
      ),
    );
  }

  predict(table: ColumnTable): string[] {
    return this.distances(table).map((d) => this.classes[d.indexOf(Math.min(...d))] as string);
  }

  predictProba(table: ColumnTable): ClassProbabilities {
    const k = this.classes.length;
    const rows = this.distances(table);
    const probabilities = new Float64Array(rows.length * k);
    rows.forEach((d, i) => {
      const inv = d.map((v) => 1 / (v + 1e-9));
      const total = inv.reduce((s, v) => s + v, 0);
      inv.forEach((v, c) => (probabilities[i * k + c] = v / total));
    });
    return { classes: this.classes, probabilities };
  }

  toJSON(): ModelJSON {
    return modelJSON('nearest-centroid', 1, this.params, { centroids: this.centroids });
  }
}

function wholesale(): { table: ColumnTable; channel: string[] } {
  const text = readFileSync(new URL('../../data/wholesale_customers.csv', import.meta.url), 'utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const names = (head as string).split(',');
  const rows = lines.map((line) => line.split(',').map(Number));
  const table: Record<string, Float64Array> = {};
  names.forEach((name, j) => {
    table[name] = Float64Array.from(rows, (r) => Math.log1p(r[j] as number));
  });
  const channel = rows.map((r) => (r[0] === 1 ? 'Horeca' : 'Retail'));
  return { table, channel };
}

const SPEND = ['Fresh', 'Milk', 'Grocery', 'Frozen', 'Detergents_Paper', 'Delicassen'];

describe('crossValidate', () => {
  const { table, channel } = wholesale();

  it('scores each fold and pools the out-of-fold predictions', async () => {
    const models: NearestCentroid[] = [];
    const result = await crossValidate(
      () => {
        const model = new NearestCentroid();
        models.push(model);
        return model;
      },
      table,
      channel,
      { folds: 10, features: SPEND, probabilities: true },
    );
    expect(models).toHaveLength(10);
    expect(models.every((m) => m.fits === 1)).toBe(true);
    expect(models[0]?.featureNames).toEqual(SPEND);
    expect(result.folds).toHaveLength(10);
    expect(result.classes).toEqual(['Horeca', 'Retail']);

    // The folds are scikit-learn's StratifiedKFold(10) folds (Channel 1 → Horeca, 2 → Retail
    // keeps the order of first appearance).
    const sklearnFolds = fixture().kfold.find((k) => k.name === 'wholesale Channel')?.testFold[
      '10'
    ];
    expect([...result.foldOf]).toEqual(sklearnFolds);

    // Test folds partition the rows; every fold trains on the rest.
    for (const fold of result.folds) {
      const size = [...result.foldOf].filter((f) => f === fold.fold).length;
      expect(fold.testRows).toBe(size);
      expect(fold.trainRows).toBe(channel.length - size);
      const rows = channel.flatMap((_, i) => (result.foldOf[i] === fold.fold ? [i] : []));
      expect(fold.accuracy).toBe(
        accuracy(
          rows.map((i) => channel[i] as string),
          rows.map((i) => result.predictions[i] as string),
        ),
      );
    }
    expect(result.predictions.every((p) => p === 'Horeca' || p === 'Retail')).toBe(true);
    expect(result.confusion).toEqual(confusionMatrix(channel, result.predictions));
    expect(result.confusion.total).toBe(channel.length);

    // Mean and population std over folds.
    const acc = result.folds.map((f) => f.accuracy);
    const mean = acc.reduce((s, v) => s + v, 0) / acc.length;
    expect(result.summary.accuracy.mean).toBeCloseTo(mean, 15);
    expect(result.summary.accuracy.std).toBeCloseTo(
      Math.sqrt(acc.reduce((s, v) => s + (v - mean) ** 2, 0) / acc.length),
      15,
    );
    expect(result.summary.accuracy.mean).toBeGreaterThan(0.8); // log spend separates channels well

    // Out-of-fold probabilities: rows sum to 1 and agree with the predictions.
    const proba = result.probabilities;
    expect(proba?.classes).toEqual(['Horeca', 'Retail']);
    channel.forEach((_, i) => {
      const p0 = proba?.probabilities[i * 2] as number;
      const p1 = proba?.probabilities[i * 2 + 1] as number;
      expect(p0 + p1).toBeCloseTo(1, 12);
      expect(result.predictions[i]).toBe(p1 > p0 ? 'Retail' : 'Horeca');
    });
    expect(result.text).toContain('mean ± std');
  });

  it('reports each fold done, after its model predicted, to a progress', async () => {
    const reports: string[] = [];
    const models: NearestCentroid[] = [];
    await crossValidate(
      () => {
        reports.push(`fit ${models.length + 1}`);
        const model = new NearestCentroid();
        models.push(model);
        return model;
      },
      table,
      channel,
      {
        folds: 3,
        features: SPEND,
        progress: {
          start: () => undefined,
          end: () => undefined,
          advance: (step, done, total, unit) =>
            void reports.push(`${step} ${done}/${total} ${unit}`),
        },
      },
    );
    expect(reports).toEqual([
      'fit 1',
      'cross-val 1/3 folds',
      'fit 2',
      'cross-val 2/3 folds',
      'fit 3',
      'cross-val 3/3 folds',
    ]);
  });

  it('is deterministic, and seeded shuffles change the folds', async () => {
    const run = (seed?: number) =>
      crossValidate(() => new NearestCentroid(false), table, channel, {
        folds: 5,
        features: SPEND,
        seed,
      });
    const a = await run();
    expect(await run()).toEqual(a);
    const s1 = await run(1);
    expect(await run(1)).toEqual(s1);
    expect([...s1.foldOf]).not.toEqual([...a.foldOf]);
    const s2 = await run(2);
    expect([...s2.foldOf]).not.toEqual([...s1.foldOf]);
  });

  it('passes the training rows’ weights to fit', async () => {
    const weights = Float64Array.from(channel, (_, i) => 1 + (i % 3));
    const models: NearestCentroid[] = [];
    const result = await crossValidate(
      () => {
        const m = new NearestCentroid();
        models.push(m);
        return m;
      },
      table,
      channel,
      { folds: 3, features: SPEND, sampleWeight: weights },
    );
    models.forEach((model, f) => {
      const trainRows = channel.flatMap((_, i) => (result.foldOf[i] !== f ? [i] : []));
      expect(Array.from(model.lastWeights ?? [])).toEqual(trainRows.map((i) => weights[i]));
    });
  });

  it('gives a class missing from a fold’s training rows probability 0', async () => {
    // 'rare' has a single row: the fold that tests it trains without it.
    const n = 30;
    const small: ColumnTable = { x: Float64Array.from({ length: n }, (_, i) => i) };
    const target = Array.from({ length: n }, (_, i) =>
      i === 0 ? 'rare' : i < 15 ? 'low' : 'high',
    );
    const result = await crossValidate(() => new NearestCentroid(), small, target, {
      folds: 3,
      probabilities: true,
    });
    expect(result.classes).toEqual(['high', 'low', 'rare']);
    // Row 0 ('rare') is in some test fold whose training rows have no 'rare'.
    expect(result.probabilities?.probabilities[0 * 3 + 2]).toBe(0);
    expect(result.predictions[0]).not.toBe('rare');
  });

  it('refuses a target of the wrong length and surfaces classifier errors', async () => {
    await expectRejection(
      crossValidate(() => new NearestCentroid(), table, channel.slice(1), { features: SPEND }),
      'INVALID_INPUT',
    );
    await expectRejection(
      crossValidate(() => new NearestCentroid(), table, channel, { features: ['nope'] }),
      'UNKNOWN_FEATURE',
    );
    await expect(
      crossValidate(
        () => {
          throw new Error('boom');
        },
        table,
        channel,
      ),
    ).rejects.toThrow('boom');
  });
});
