import type { PipelineProgress } from '../util/progress.js';
import { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { resolveAsOf } from '../data/as-of.js';
import type { Transactions } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { calibrationTable, type CalibrationTable } from '../evaluate/calibration.js';
import { crossValidate, type CrossValidationResult } from '../evaluate/cross-validate.js';
import { brierScore, logLoss } from '../evaluate/probability-metrics.js';
import { rocAuc } from '../evaluate/roc.js';
import { customerFeatures } from '../features/customer-features.js';
import { transactionRows } from '../features/purchasers.js';
import type { ClassProbabilities, SupervisedClassifier } from '../model/classifier.js';
import { getText, takeRows } from '../table/column-table.js';
import {
  BOUGHT,
  purchaseWindow,
  type PurchaseWindow,
  type PurchaseWindowOptions,
} from './purchase-window.js';

/** Options of {@link purchaseLikelihood}. */
export interface PurchaseLikelihoodOptions extends PurchaseWindowOptions {
  /**
   * Makes an unfitted classifier; default a decision tree (maxDepth 6, minSamplesLeaf 50,
   * gini), whose probabilities are leaf shares. Any {@link SupervisedClassifier} works (e.g.
   * `() => new MLPClassifier()`).
   */
  readonly model?: () => SupervisedClassifier<unknown>;
  /** Feature columns (default recency_days, frequency, monetary, tenure_days and any window columns). */
  readonly features?: readonly string[];
  /** Cross-validation folds for the evaluation (default 5). */
  readonly folds?: number;
  readonly seed?: number;
  /** Told after each cross-validation fold (step "cross-val"; see `crossValidate`). */
  readonly progress?: PipelineProgress;
}

/** How well the model ranks and how well its probabilities are calibrated, out of fold. */
export interface PurchaseLikelihoodEvaluation {
  /** ROC AUC of the out-of-fold probabilities (0.5 = chance). */
  readonly auc: number;
  readonly brier: number;
  readonly logLoss: number;
  /** Share of customers who bought in the window. */
  readonly baseRate: number;
  /** Reliability table: predicted vs observed rate per probability bin. */
  readonly calibration: CalibrationTable;
  readonly crossValidation: CrossValidationResult;
}

/** Scores of every customer as of the data's as-of date. */
export interface PurchaseScores {
  readonly asOf: string;
  readonly horizonDays: number;
  readonly customerIds: readonly (string | null)[];
  /** P(an order of positive value within `horizonDays` after as-of); NaN without any purchase. */
  readonly probability: Float64Array;
}

/** Result of {@link purchaseLikelihood}. */
export interface PurchaseLikelihood {
  readonly window: PurchaseWindow;
  readonly features: readonly string[];
  readonly evaluation: PurchaseLikelihoodEvaluation;
  /** The classifier refitted on every customer of the window. */
  readonly model: SupervisedClassifier<unknown>;
  readonly scores: PurchaseScores;
}

/**
 * A purchase-likelihood score per customer: "will this customer buy within H days?".
 *
 * 1. Time split ({@link purchaseWindow}): features as of `cutoff` (default: as-of − H) from
 *    earlier transactions; label = an order of positive value in [cutoff, cutoff + H).
 * 2. Evaluation: stratified k-fold cross-validation on those customers; AUC, Brier score, log
 *    loss and a calibration table from the out-of-fold probabilities.
 * 3. The model is refitted on all of them and applied to features as of the data's as-of date:
 *    the probability of buying in the next H days, assuming the next H days behave like the
 *    last observed ones.
 * Customers without any purchase before a date are left out of training and score NaN.
 */
export async function purchaseLikelihood(
  tx: Transactions,
  options: PurchaseLikelihoodOptions = {},
): Promise<PurchaseLikelihood> {
  const window = await purchaseWindow(tx, options);
  const features = options.features ?? [
    'recency_days',
    'frequency',
    'monetary',
    'tenure_days',
    ...(options.windows ?? []).flatMap((w) => [`frequency_${w}d`, `monetary_${w}d`]),
  ];
  const factory =
    options.model ?? (() => new DecisionTreeClassifier({ maxDepth: 6, minSamplesLeaf: 50 }));
  const buyers = transactionRows(window.features.table);
  const train = takeRows(window.features.table, buyers);
  const labels = Array.from(buyers, (i) => window.labels[i] as string);
  if (new Set(labels).size < 2) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `every customer ${labels[0] === BOUGHT ? 'bought' : 'did not buy'} in the window ${window.cutoff} … ${window.horizonEnd}; nothing to learn`,
    );
  }
  const crossValidation = await crossValidate(factory, train, labels, {
    folds: options.folds ?? 5,
    seed: options.seed ?? 0,
    features,
    probabilities: true,
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const outOfFold = boughtColumn(crossValidation.probabilities as ClassProbabilities);
  const positive = { positiveLabel: BOUGHT };
  const evaluation: PurchaseLikelihoodEvaluation = {
    auc: rocAuc(labels, outOfFold, positive),
    brier: brierScore(labels, outOfFold, positive),
    logLoss: logLoss(labels, outOfFold, positive),
    baseRate: labels.filter((l) => l === BOUGHT).length / labels.length,
    calibration: calibrationTable(labels, outOfFold, positive),
    crossValidation,
  };

  const model = factory();
  await model.fit(train, labels, { features });
  const asOf = await resolveAsOf(tx, options.asOf);
  const now = await customerFeatures(tx, { ...options, asOf });
  const active = transactionRows(now.table);
  const probability = new Float64Array(getText(now.table, 'customer_id').length).fill(NaN);
  const scored = boughtColumn(model.predictProba(takeRows(now.table, active)));
  active.forEach((row, j) => (probability[row] = scored[j] as number));
  const scores = {
    asOf,
    horizonDays: window.horizonDays,
    customerIds: getText(now.table, 'customer_id'),
    probability,
  };
  return { window, features, evaluation, model, scores };
}

/** The probability of the "bought" class per row. */
function boughtColumn(proba: ClassProbabilities): Float64Array {
  const c = proba.classes.indexOf(BOUGHT);
  const k = proba.classes.length;
  const n = proba.probabilities.length / k;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = c < 0 ? 0 : (proba.probabilities[i * k + c] as number);
  return out;
}
