import { describe, expect, it } from 'vitest';
import { calibrationTable } from '../../src/evaluate/calibration.js';
import {
  accuracy,
  balancedAccuracy,
  f1Score,
  precisionRecallF1,
} from '../../src/evaluate/classification-metrics.js';
import { classificationReport } from '../../src/evaluate/classification-report.js';
import { confusionMatrix, formatConfusionMatrix } from '../../src/evaluate/confusion-matrix.js';
import { formatFixed } from '../../src/evaluate/format-fixed.js';
import { brierScore, logLoss } from '../../src/evaluate/probability-metrics.js';
import { rocAuc, rocCurve } from '../../src/evaluate/roc.js';
import * as evaluate from '../../src/evaluate/index.js';
import { expectError } from './helpers.js';

describe('label metrics', () => {
  const yTrue = ['cat', 'dog', 'dog', 'bird', 'cat', 'dog'];
  const yPred = ['cat', 'dog', 'cat', 'bird', 'dog', 'dog'];

  it('compute accuracy, balanced accuracy and F1 by hand', () => {
    expect(accuracy(yTrue, yPred)).toBe(4 / 6);
    // Recalls: bird 1, cat 1/2, dog 2/3.
    expect(balancedAccuracy(yTrue, yPred)).toBeCloseTo((1 + 1 / 2 + 2 / 3) / 3, 15);
    const prf = precisionRecallF1(yTrue, yPred);
    expect(prf.classes.map((c) => c.label)).toEqual(['bird', 'cat', 'dog']);
    expect(prf.classes.map((c) => c.support)).toEqual([1, 2, 3]);
    expect(prf.micro.f1).toBeCloseTo(4 / 6, 15);
    expect(f1Score(yTrue, yPred)).toBe(prf.macro.f1);
    expect(f1Score(yTrue, yPred, { average: 'weighted' })).toBe(prf.weighted.f1);
  });

  it('scores 0 where a class is never predicted (zero_division = 0)', () => {
    const prf = precisionRecallF1(['a', 'b'], ['a', 'a']);
    expect(prf.classes[1]).toEqual({ label: 'b', precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('orders the confusion matrix by the labels option and drops other rows', () => {
    const matrix = confusionMatrix(yTrue, yPred, { labels: ['dog', 'cat'] });
    expect(matrix.labels).toEqual(['dog', 'cat']);
    expect(matrix.counts).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(matrix.total).toBe(5);
    expect(formatConfusionMatrix(matrix).split('\n')[0]).toMatch(/^true \\ predicted\s+dog\s+cat$/);
  });

  it('uses target names in the report and rejects a wrong count', () => {
    const report = classificationReport([0, 1, 1], [0, 1, 0], { targetNames: ['no', 'yes'] });
    expect(report.classes.map((r) => r.name)).toEqual(['no', 'yes']);
    expect(report.accuracy).toBeCloseTo(2 / 3, 15);
    expect(report.averages.map((r) => r.name)).toEqual(['accuracy', 'macro avg', 'weighted avg']);
    expectError(
      () => classificationReport([0, 1], [0, 1], { targetNames: ['x'] }),
      'INVALID_OPTION',
    );
    expectError(() => classificationReport([0, 1], [0, 1], { digits: -1 }), 'INVALID_OPTION');
  });

  it('refuses bad input', () => {
    expectError(() => accuracy(['a'], ['a', 'b']), 'INVALID_INPUT');
    expectError(() => accuracy([], []), 'NO_ROWS');
    expectError(() => accuracy(['a', 1] as string[], ['a', 'b']), 'INVALID_INPUT');
    expectError(() => accuracy(['a', 'b'], [1, 2] as unknown as string[]), 'INVALID_INPUT');
    expectError(() => accuracy([1, NaN], [1, 2]), 'INVALID_INPUT');
    expectError(() => accuracy(['a'], ['a'], { sampleWeight: [-1] }), 'INVALID_INPUT');
    expectError(() => confusionMatrix(['a'], ['a'], { labels: ['z'] }), 'INVALID_INPUT');
    expectError(() => confusionMatrix(['a'], ['a'], { labels: ['a', 'a'] }), 'INVALID_OPTION');
    expectError(
      () => confusionMatrix(['a'], ['a'], { labels: [1] as unknown as string[] }),
      'INVALID_OPTION',
    );
    expectError(() => f1Score(['a'], ['a'], { average: 'binary' as 'macro' }), 'INVALID_OPTION');
  });
});

describe('formatFixed', () => {
  it('rounds exact ties to even like Python and everything else like toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(-0.125, 2)).toBe('-0.12');
    expect(formatFixed(0.615, 2)).toBe('0.61'); // 0.615 is stored just below
    expect(formatFixed(1 / 3, 4)).toBe('0.3333');
    expect(formatFixed(1, 2)).toBe('1.00');
    expect(formatFixed(NaN, 2)).toBe('nan');
  });
});

describe('binary probability metrics', () => {
  it('infers the positive class like scikit-learn and needs it for text labels', () => {
    const scores = [0.1, 0.4, 0.35, 0.8];
    const auc = rocAuc([0, 0, 1, 1], scores);
    expect(auc).toBe(0.75);
    expect(rocAuc([false, false, true, true], scores)).toBe(auc);
    expect(rocAuc([-1, -1, 1, 1], scores)).toBe(auc);
    expect(rocAuc([3, 3, 7, 7], scores)).toBe(auc); // the greater label
    expect(rocAuc(['no', 'no', 'yes', 'yes'], scores, { positiveLabel: 'yes' })).toBe(auc);
    expect(rocAuc(['no', 'no', 'yes', 'yes'], scores, { positiveLabel: 'no' })).toBe(1 - auc);
    expectError(() => rocAuc(['no', 'no', 'yes', 'yes'], scores), 'INVALID_OPTION');
    expectError(() => rocAuc([0, 1, 2, 2], scores), 'INVALID_INPUT');
    expect(rocAuc([0, 1, 2, 2], scores, { positiveLabel: 2 })).toBe(auc);
  });

  it('counts ties as half (Mann–Whitney)', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(rocAuc([0, 0, 1, 1], [0.2, 0.6, 0.6, 0.9])).toBe(0.875);
  });

  it('refuses a single class and bad scores', () => {
    expectError(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3]), 'INVALID_INPUT');
    expectError(() => rocAuc([0, 1], [0.1, NaN]), 'INVALID_INPUT');
    expectError(() => rocAuc([0, 1], [0.1]), 'INVALID_INPUT');
    expectError(() => brierScore([0, 1], [0.1, 1.2]), 'INVALID_INPUT');
    expectError(() => brierScore([], []), 'NO_ROWS');
  });

  it('gives NaN rates for a single class on the curve, like scikit-learn', () => {
    const curve = rocCurve([1, 1], [0.3, 0.7]);
    expect([...curve.fpr].every(Number.isNaN)).toBe(true);
    expect([...curve.tpr]).toEqual([0, 0.5, 1]);
    expect([...curve.thresholds]).toEqual([1.7, 0.7, 0.3]);
  });

  it('computes Brier and a clipped log loss', () => {
    expect(brierScore([0, 1], [0.5, 0.5])).toBe(0.25);
    expect(logLoss([0, 1], [0.5, 0.5])).toBeCloseTo(Math.log(2), 15);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(2.220446049250313e-16), 12);
    expect(logLoss([1, 1], [0.5, 0.5], { normalize: false })).toBeCloseTo(2 * Math.log(2), 15);
    expectError(() => logLoss([0, 1], [0.5, 0.5], { eps: 0.7 }), 'INVALID_OPTION');
  });

  it('scores class probabilities one-vs-rest and refuses unknown or missing classes', () => {
    const proba = {
      classes: ['a', 'b', 'c'],
      probabilities: Float64Array.from([
        0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7, 0.6, 0.3, 0.1,
      ]),
    };
    expect(rocAuc(['a', 'b', 'c', 'a'], proba)).toBe(1);
    expect(logLoss(['a', 'b', 'c', 'a'], proba)).toBeCloseTo(
      -(Math.log(0.8) + Math.log(0.7) + Math.log(0.7) + Math.log(0.6)) / 4,
      14,
    );
    expectError(() => rocAuc(['a', 'b', 'z', 'a'], proba), 'INVALID_INPUT');
    expectError(() => rocAuc(['a', 'b', 'b', 'a'], proba), 'INVALID_INPUT'); // no 'c'
    expectError(
      () => rocAuc(['a', 'b', 'c', 'a'], proba, { average: 'micro' as 'macro' }),
      'INVALID_OPTION',
    );
    const unnormalised = {
      classes: ['a', 'b', 'c'],
      probabilities: Float64Array.from([1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0]),
    };
    expectError(() => rocAuc(['a', 'b', 'c', 'a'], unnormalised), 'INVALID_INPUT');
  });
});

describe('calibrationTable', () => {
  const yTrue = [0, 0, 1, 0, 1, 1, 0, 1, 1, 1];
  const yProb = [0.05, 0.15, 0.2, 0.35, 0.5, 0.55, 0.62, 0.8, 0.9, 1];

  it('reports every bin with counts, rates and summary errors', () => {
    const table = calibrationTable(yTrue, yProb, { bins: 5 });
    expect(table.bins).toHaveLength(5);
    expect(table.bins.map((b) => b.count)).toEqual([3, 1, 2, 2, 2]);
    // 0.2 lies on an inner edge and falls in the lower bin, as in scikit-learn.
    expect(table.bins[0]?.positives).toBe(1);
    expect(table.bins[0]?.meanPredicted).toBeCloseTo(0.4 / 3, 15);
    const ece =
      table.bins.reduce((s, b) => s + b.count * Math.abs(b.observedRate - b.meanPredicted), 0) / 10;
    expect(table.expectedCalibrationError).toBeCloseTo(ece, 15);
    expect(table.brier).toBe(brierScore(yTrue, yProb));
    expect(table.logLoss).toBe(logLoss(yTrue, yProb));
    expect(table.text).toContain('mean predicted');
    expect(table.text).toContain('ECE');
  });

  it('keeps empty bins with NaN means but leaves them out of probTrue/probPred', () => {
    const table = calibrationTable([0, 1], [0.05, 0.95], { bins: 4 });
    expect(table.bins.map((b) => b.count)).toEqual([1, 0, 0, 1]);
    expect(table.bins[1]?.meanPredicted).toBeNaN();
    expect([...table.probPred]).toEqual([0.05, 0.95]);
  });

  it('makes quantile bins of about equal size', () => {
    const probs = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
    const table = calibrationTable(
      probs.map((p) => (p > 0.5 ? 1 : 0)),
      probs,
      { bins: 4, strategy: 'quantile' },
    );
    expect(table.bins.map((b) => b.count)).toEqual([25, 25, 25, 25]);
  });

  it('refuses bad options', () => {
    expectError(() => calibrationTable(yTrue, yProb, { bins: 0 }), 'INVALID_OPTION');
    expectError(
      () => calibrationTable(yTrue, yProb, { strategy: 'kmeans' as 'uniform' }),
      'INVALID_OPTION',
    );
    expectError(() => calibrationTable(['a', 'b'], [0.1, 0.2]), 'INVALID_OPTION');
  });
});

describe('module index', () => {
  it('exports the evaluation API', () => {
    for (const name of [
      'accuracy',
      'balancedAccuracy',
      'precisionRecallF1',
      'f1Score',
      'confusionMatrix',
      'classificationReport',
      'rocAuc',
      'rocCurve',
      'brierScore',
      'logLoss',
      'calibrationTable',
      'trainTestSplit',
      'stratifiedKFold',
      'crossValidate',
    ]) {
      expect(typeof (evaluate as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
