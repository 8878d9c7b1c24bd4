/**
 * Small float64 statistics shared by transforms and class schemes. All functions ignore NaN.
 */

/** The non-NaN values of `values`, sorted ascending, as a new Float64Array. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i] as number)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) out[j++] = v;
  }
  return out.sort();
}

/**
 * Quantile of already sorted values with linear interpolation between order statistics
 * (numpy's default "linear" method, pandas' default). NaN for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const weight = position - lower;
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return weight === 0 ? a : a + (b - a) * weight;
}

/** Quantile of `values` (NaN ignored), linear interpolation. */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileSorted(sortedFinite(values), q);
}

/** Median of `values` (NaN ignored). */
export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Mean of `values` (NaN ignored); NaN when none. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

/**
 * Standard deviation (NaN ignored). `ddof` 0 is the population std (scikit-learn's
 * StandardScaler), 1 the sample std. Two-pass for accuracy.
 */
export function std(values: ArrayLike<number>, ddof = 0): number {
  const m = mean(values);
  let ss = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      ss += (v - m) * (v - m);
      n++;
    }
  }
  return n - ddof <= 0 ? NaN : Math.sqrt(ss / (n - ddof));
}

/** Sum of `values` (NaN ignored), Neumaier-compensated so money totals add up to the cent. */
export function sum(values: ArrayLike<number>): number {
  let total = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    const t = total + v;
    compensation += Math.abs(total) >= Math.abs(v) ? total - t + v : v - t + total;
    total = t;
  }
  return total + compensation;
}
