/**
 * Kneedle knee / elbow detection (Satopää, Albrecht, Irwin and Raghavan 2011), offline
 * version: the first knee found is returned.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { checkOptions, enumOption, numberOption } from '../../util/options.js';

/** Shape of the curve: `'convex'` (e.g. inertia against k) or `'concave'`. */
export type KneeCurve = 'convex' | 'concave';
/** Whether y grows or falls with x. */
export type KneeDirection = 'increasing' | 'decreasing';

/** Options of {@link kneedle}. */
export interface KneedleOptions {
  /** Default `'convex'`. */
  readonly curve?: KneeCurve;
  /** Default `'decreasing'`, so the defaults fit an inertia (elbow) curve. */
  readonly direction?: KneeDirection;
  /**
   * Sensitivity S ≥ 0 (default 1): how far the difference curve must fall after a local
   * maximum, in multiples of the mean x step (normalized), to declare it a knee. Larger is
   * more conservative.
   */
  readonly sensitivity?: number;
}

/** Result of {@link kneedle}. */
export interface KneedleResult {
  /** x at the knee, or null when there is none (e.g. a straight line). */
  readonly knee: number | null;
  /** Index of the knee in the input arrays, or null. */
  readonly index: number | null;
  /** y at the knee, or null. */
  readonly y: number | null;
  /**
   * The difference curve, one value per input point (input order): the normalized curve,
   * turned so that knees are maxima, minus the diagonal. Useful for plots.
   */
  readonly difference: Float64Array;
}

/**
 * Finds the knee of a curve with Kneedle.
 *
 * Steps, as in the paper: x and y are normalized to [0, 1]; the curve is flipped so that its
 * knee is a maximum of an increasing concave curve (for a decreasing convex one, y ↦ 1 - y);
 * the difference curve is that minus the diagonal; each local maximum `i` (the first point
 * of a plateau) sets the threshold `T = diff[i] - S · mean Δx` and becomes the candidate, a
 * local minimum resets the threshold to 0, and the first candidate whose curve then drops
 * below its threshold is the knee. A maximum at either end of the curve is not a knee.
 *
 * For a decreasing convex curve the knee is where `1 - y_norm - x_norm` peaks, e.g. √10 for
 * y = 1/x on [1, 10].
 *
 * @param x at least 3 strictly increasing finite values (e.g. k)
 * @param y the same number of finite values (e.g. inertia)
 */
export function kneedle(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: KneedleOptions = {},
): KneedleResult {
  const raw = checkOptions(options, ['curve', 'direction', 'sensitivity'], 'kneedle');
  const curve = enumOption<KneeCurve>(raw, 'curve', ['convex', 'concave'], 'convex', 'kneedle');
  const direction = enumOption<KneeDirection>(
    raw,
    'direction',
    ['increasing', 'decreasing'],
    'decreasing',
    'kneedle',
  );
  const sensitivity = numberOption(raw, 'sensitivity', 1, 'kneedle');
  if (sensitivity < 0) {
    throw new CohortlabError('INVALID_OPTION', 'kneedle option "sensitivity" must be >= 0');
  }
  const m = checkCurve(x, y);

  const x0 = x[0] as number;
  const xSpan = (x[m - 1] as number) - x0;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (let i = 0; i < m; i++) {
    yMin = Math.min(yMin, y[i] as number);
    yMax = Math.max(yMax, y[i] as number);
  }
  const ySpan = yMax - yMin;
  const difference = new Float64Array(m);
  if (ySpan === 0) return { knee: null, index: null, y: null, difference };

  // Transformed order: reversed for increasing convex and decreasing concave curves.
  const reversed = (curve === 'convex') === (direction === 'increasing');
  const flipY = curve === 'convex';
  const at = (t: number): number => (reversed ? m - 1 - t : t);
  const diff = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const i = at(t);
    const xn = ((x[i] as number) - x0) / xSpan;
    const yn = ((y[i] as number) - yMin) / ySpan;
    const xt = reversed ? 1 - xn : xn;
    const yt = flipY ? 1 - yn : yn;
    diff[t] = yt - xt;
    difference[i] = diff[t] as number;
  }

  const step = 1 / (m - 1); // mean spacing of the normalized x
  let threshold = -Infinity;
  let candidate = -1;
  for (let t = 1; t < m - 1; t++) {
    const here = diff[t] as number;
    const before = diff[t - 1] as number;
    const after = diff[t + 1] as number;
    if (here > before && here >= after) {
      candidate = t;
      threshold = here - sensitivity * step;
    } else if (candidate >= 0 && here < before && here <= after) {
      threshold = 0;
    }
    if (candidate >= 0 && after < threshold) {
      const index = at(candidate);
      return { knee: x[index] as number, index, y: y[index] as number, difference };
    }
  }
  return { knee: null, index: null, y: null, difference };
}

function checkCurve(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = x.length;
  if (m < 3 || y.length !== m) {
    throw new CohortlabError(
      'INVALID_INPUT',
      `kneedle needs x and y of the same length, at least 3 (got ${m} and ${y.length})`,
    );
  }
  for (let i = 0; i < m; i++) {
    const xi = x[i] as number;
    if (!Number.isFinite(xi) || !Number.isFinite(y[i] as number)) {
      throw new CohortlabError('INVALID_INPUT', `kneedle: point ${i + 1} is not finite`);
    }
    if (i > 0 && !(xi > (x[i - 1] as number))) {
      throw new CohortlabError('INVALID_INPUT', 'kneedle: x must be strictly increasing');
    }
  }
  return m;
}
