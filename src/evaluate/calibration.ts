/**
 * The calibration (reliability) table of predicted probabilities: per probability bin, the
 * mean predicted probability against the observed rate of positives, with the bins of
 * scikit-learn's `calibration_curve`.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import { formatTextTable } from '../util/text-table.js';
import { binaryInputs, type BinaryTarget } from './binary.js';
import { brierScore, logLoss } from './probability-metrics.js';

/** Options of {@link calibrationTable}. */
export interface CalibrationOptions {
  /** Number of bins (default 10; scikit-learn's `n_bins` defaults to 5). */
  readonly bins?: number;
  /**
   * `uniform` (default): equal-width bins over [0, 1]. `quantile`: edges at the quantiles of
   * the predicted probabilities (numpy's linear percentiles), so bins hold about as many rows
   * each.
   */
  readonly strategy?: 'uniform' | 'quantile';
  /** The label of the positive class (see `BinaryOptions.positiveLabel`). */
  readonly positiveLabel?: string | number | boolean;
}

/** One bin of a calibration table. */
export interface CalibrationBin {
  /** Lower edge of the bin. */
  readonly lower: number;
  /** Upper edge of the bin. */
  readonly upper: number;
  /** Rows whose probability fell in the bin. */
  readonly count: number;
  /** Positive rows among them. */
  readonly positives: number;
  /** Mean predicted probability of the rows (NaN for an empty bin). */
  readonly meanPredicted: number;
  /** Observed share of positives (NaN for an empty bin). */
  readonly observedRate: number;
}

/** Result of {@link calibrationTable}. */
export interface CalibrationTable {
  /** The binning strategy used. */
  readonly strategy: 'uniform' | 'quantile';
  /** The bin edges, `bins + 1` of them, ascending. */
  readonly edges: Float64Array;
  /** Every bin, empty ones included (count 0, NaN means). */
  readonly bins: readonly CalibrationBin[];
  /** Observed rate of the non-empty bins: scikit-learn's `prob_true`. */
  readonly probTrue: Float64Array;
  /** Mean predicted probability of the non-empty bins: scikit-learn's `prob_pred`. */
  readonly probPred: Float64Array;
  /** Mean |observed − predicted| over the bins weighted by their counts (ECE). */
  readonly expectedCalibrationError: number;
  /** Largest |observed − predicted| over the non-empty bins (MCE). */
  readonly maxCalibrationError: number;
  /** Brier score of all rows. */
  readonly brier: number;
  /** Log loss of all rows. */
  readonly logLoss: number;
  /** Rows in all. */
  readonly count: number;
  /** The table as aligned text. */
  readonly text: string;
}

/** `np.linspace(0, 1, bins + 1)`: i · (1 / bins), the last edge exactly 1. */
function linspace01(bins: number): Float64Array {
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/** `np.percentile(values, q * 100)` for each q, numpy's default linear method bit for bit. */
function percentiles(values: ArrayLike<number>, qs: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return qs.map((q) => {
    const fraction = (q * 100) / 100;
    const virtual = (n - 1) * fraction;
    if (virtual >= n - 1) return sorted[n - 1] as number;
    if (virtual < 0) return sorted[0] as number;
    const below = Math.floor(virtual);
    const a = sorted[below] as number;
    const b = sorted[below + 1] as number;
    const gamma = virtual - below;
    const diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  });
}

/** Index of the first inner edge ≥ value (`np.searchsorted(edges[1:-1], value)`, side left). */
function binOf(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length - 2; // number of inner edges
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid + 1] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bins predicted probabilities of the positive class and compares each bin's mean prediction
 * with the observed rate of positives, with the bins of scikit-learn's
 * `calibration_curve(y_true, y_prob, n_bins=…, strategy=…)`: a probability equal to an inner
 * edge falls in the lower bin. `probTrue` and `probPred` equal scikit-learn's return values;
 * the table adds counts, empty bins, the expected and maximum calibration error, the Brier
 * score and the log loss.
 *
 * INVALID_INPUT for probabilities outside [0, 1] or more than two classes without
 * `positiveLabel`.
 */
export function calibrationTable(
  yTrue: BinaryTarget,
  yProb: ArrayLike<number>,
  options: CalibrationOptions = {},
): CalibrationTable {
  const owner = 'calibrationTable';
  const binCount = options.bins ?? 10;
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "bins" must be a positive integer, got ${String(binCount)}`,
    );
  }
  const strategy = options.strategy ?? 'uniform';
  if (strategy !== 'uniform' && strategy !== 'quantile') {
    throw new CohortlabError(
      'INVALID_OPTION',
      `${owner}: option "strategy" must be uniform or quantile, got ${String(strategy)}`,
    );
  }
  const binary = { positiveLabel: options.positiveLabel };
  const { positive, scores } = binaryInputs(owner, yTrue, yProb, binary, true);
  const grid = linspace01(binCount);
  const edges = strategy === 'uniform' ? grid : percentiles(scores, grid);

  const sums = new Float64Array(binCount);
  const hits = new Float64Array(binCount);
  const counts = new Float64Array(binCount);
  for (let i = 0; i < scores.length; i++) {
    const b = binOf(edges, scores[i] as number);
    sums[b]! += scores[i] as number;
    hits[b]! += positive[i] as number;
    counts[b]!++;
  }
  const bins: CalibrationBin[] = [];
  const probTrue: number[] = [];
  const probPred: number[] = [];
  let ece = 0;
  let mce = 0;
  for (let b = 0; b < binCount; b++) {
    const count = counts[b] as number;
    const meanPredicted = count === 0 ? NaN : (sums[b] as number) / count;
    const observedRate = count === 0 ? NaN : (hits[b] as number) / count;
    bins.push({
      lower: edges[b] as number,
      upper: edges[b + 1] as number,
      count,
      positives: hits[b] as number,
      meanPredicted,
      observedRate,
    });
    if (count > 0) {
      probTrue.push(observedRate);
      probPred.push(meanPredicted);
      const gap = Math.abs(observedRate - meanPredicted);
      ece += gap * count;
      mce = Math.max(mce, gap);
    }
  }
  const n = scores.length;
  const table = {
    strategy,
    edges,
    bins,
    probTrue: Float64Array.from(probTrue),
    probPred: Float64Array.from(probPred),
    expectedCalibrationError: ece / n,
    maxCalibrationError: mce,
    brier: brierScore(yTrue, yProb, binary),
    logLoss: logLoss(yTrue, yProb, binary),
    count: n,
  };
  return { ...table, text: formatCalibration(table) };
}

function formatCalibration(table: Omit<CalibrationTable, 'text'>): string {
  const fixed = (v: number, digits: number): string => (Number.isNaN(v) ? '-' : v.toFixed(digits));
  const header = ['bin', 'rows', 'positives', 'mean predicted', 'observed rate', 'gap'];
  const rows = table.bins.map((bin, b) => [
    `${b === 0 ? '[' : '('}${bin.lower.toFixed(3)}, ${bin.upper.toFixed(3)}]`,
    String(bin.count),
    String(bin.positives),
    fixed(bin.meanPredicted, 4),
    fixed(bin.observedRate, 4),
    fixed(bin.observedRate - bin.meanPredicted, 4),
  ]);
  const body = formatTextTable(
    header,
    rows,
    4,
    header.map((_, j) => j > 0),
  );
  return [
    body,
    `rows ${table.count}, ECE ${fixed(table.expectedCalibrationError, 4)}, ` +
      `MCE ${fixed(table.maxCalibrationError, 4)}, Brier ${fixed(table.brier, 4)}, ` +
      `log loss ${fixed(table.logLoss, 4)}`,
  ].join('\n');
}
