/**
 * Generated loops for the full and tied shapes: for a given number of features d, the
 * Mahalanobis term of the E step and the scatter sums of the M step with every loop over
 * features unrolled and the component's mean and precision factor in local variables. Each
 * kernel does the same floating-point operations, in the same order, as the plain loops it
 * replaces (see `gaussian.ts`), so results are bit-identical; only the speed differs.
 *
 * @module
 */

/** `out[i·k + j] = −½(half + |(x_i − μ) P|²) + c` for every row i (P at `base`, d × d). */
export type MahalanobisKernel = (
  X: Float64Array,
  n: number,
  means: Float64Array,
  mu: number,
  prec: Float64Array,
  base: number,
  out: Float64Array,
  k: number,
  j: number,
  half: number,
  c: number,
) => void;

/** Adds `Σ_i r_ij (x_i − μ)(x_i − μ)ᵀ` (upper triangle) into `out` at `base`. */
export type ScatterKernel = (
  X: Float64Array,
  n: number,
  resp: Float64Array,
  k: number,
  j: number,
  means: Float64Array,
  mu: number,
  out: Float64Array,
  base: number,
) => void;

/** Above this many features the plain loops are used (the unrolled code grows as d²). */
export const MAX_UNROLLED_FEATURES = 16;

const mahalanobisCache = new Map<string, MahalanobisKernel>();
const diagonalCache = new Map<number, MahalanobisKernel>();
const momentsCache = new Map<string, MomentsKernel>();

/**
 * The M step's first pass: `nk[j] += r`, `sums[j·d + t] += r·x_t` and, with squares,
 * `squares[j·d + t] += r·(x_t·x_t)` for every row and component (r = resp[i·k + j] ≠ 0).
 */
export type MomentsKernel = (
  X: Float64Array,
  n: number,
  resp: Float64Array,
  k: number,
  nk: Float64Array,
  sums: Float64Array,
  squares: Float64Array | undefined,
) => void;

/** The first-pass kernel for d features, with or without the squares. */
export function momentsKernel(d: number, withSquares: boolean): MomentsKernel {
  const key = `${d}:${withSquares}`;
  let kernel = momentsCache.get(key);
  if (kernel !== undefined) return kernel;
  const lines: string[] = [`for (let i = 0, row = 0; i < n; i++, row += ${d}) {`];
  for (let t = 0; t < d; t++) lines.push(`const x${t} = X[row + ${t}];`);
  if (withSquares) for (let t = 0; t < d; t++) lines.push(`const q${t} = x${t} * x${t};`);
  lines.push('for (let j = 0, s = 0; j < k; j++, s += ' + d + ') {');
  lines.push('const r = resp[i * k + j];');
  lines.push('if (r === 0) continue;');
  lines.push('nk[j] += r;');
  for (let t = 0; t < d; t++) lines.push(`sums[s + ${t}] += r * x${t};`);
  if (withSquares) for (let t = 0; t < d; t++) lines.push(`squares[s + ${t}] += r * q${t};`);
  lines.push('}', '}');
  kernel = new Function(
    'X',
    'n',
    'resp',
    'k',
    'nk',
    'sums',
    'squares',
    lines.join('\n'),
  ) as MomentsKernel;
  momentsCache.set(key, kernel);
  return kernel;
}
const scatterCache = new Map<number, ScatterKernel>();

/** The E-step kernel for d features; `upper` reads only the upper triangle of P. */
export function mahalanobisKernel(d: number, upper: boolean): MahalanobisKernel {
  const key = `${d}:${upper}`;
  let kernel = mahalanobisCache.get(key);
  if (kernel !== undefined) return kernel;
  const lines: string[] = [];
  for (let t = 0; t < d; t++) lines.push(`const m${t} = means[mu + ${t}];`);
  for (let a = 0; a < d; a++) {
    for (let b = upper ? a : 0; b < d; b++)
      lines.push(`const p${a}_${b} = prec[base + ${a * d + b}];`);
  }
  lines.push('for (let i = 0, row = 0; i < n; i++, row += ' + d + ') {');
  for (let t = 0; t < d; t++) lines.push(`const d${t} = X[row + ${t}] - m${t};`);
  for (let b = 0; b < d; b++) {
    const last = upper ? b : d - 1;
    const terms = Array.from({ length: last + 1 }, (_, a) => `d${a} * p${a}_${b}`);
    lines.push(`const y${b} = ${terms.join(' + ')};`);
  }
  const squares = Array.from({ length: d }, (_, b) => `y${b} * y${b}`);
  lines.push(`out[i * k + j] = -0.5 * (half + (${squares.join(' + ')})) + c;`);
  lines.push('}');
  kernel = new Function(
    'X',
    'n',
    'means',
    'mu',
    'prec',
    'base',
    'out',
    'k',
    'j',
    'half',
    'c',
    lines.join('\n'),
  ) as MahalanobisKernel;
  mahalanobisCache.set(key, kernel);
  return kernel;
}

/** The M-step scatter kernel for d features. */
export function scatterKernel(d: number): ScatterKernel {
  let kernel = scatterCache.get(d);
  if (kernel !== undefined) return kernel;
  const lines: string[] = [];
  for (let t = 0; t < d; t++) lines.push(`const m${t} = means[mu + ${t}];`);
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) lines.push(`let s${a}_${b} = 0;`);
  lines.push(`for (let i = 0, row = 0; i < n; i++, row += ${d}) {`);
  lines.push('const r = resp[i * k + j];');
  lines.push('if (r === 0) continue;');
  for (let t = 0; t < d; t++) lines.push(`const d${t} = X[row + ${t}] - m${t};`);
  for (let a = 0; a < d; a++) {
    lines.push(`const r${a} = r * d${a};`);
    for (let b = a; b < d; b++) lines.push(`s${a}_${b} += r${a} * d${b};`);
  }
  lines.push('}');
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) lines.push(`out[base + ${a * d + b}] += s${a}_${b};`);
  }
  kernel = new Function(
    'X',
    'n',
    'resp',
    'k',
    'j',
    'means',
    'mu',
    'out',
    'base',
    lines.join('\n'),
  ) as ScatterKernel;
  scatterCache.set(d, kernel);
  return kernel;
}

/**
 * The E-step kernel of the diagonal shape: `Σ_t ((x_t − μ_t) p_t)²` with the component's
 * means and precision factors `p` (at `base`, d of them) in local variables.
 */
export function diagonalKernel(d: number): MahalanobisKernel {
  let kernel = diagonalCache.get(d);
  if (kernel !== undefined) return kernel;
  const lines: string[] = [];
  for (let t = 0; t < d; t++)
    lines.push(`const m${t} = means[mu + ${t}], p${t} = prec[base + ${t}];`);
  lines.push(`for (let i = 0, row = 0; i < n; i++, row += ${d}) {`);
  for (let t = 0; t < d; t++) lines.push(`const y${t} = (X[row + ${t}] - m${t}) * p${t};`);
  const squares = Array.from({ length: d }, (_, t) => `y${t} * y${t}`);
  lines.push(`out[i * k + j] = -0.5 * (half + (${squares.join(' + ')})) + c;`);
  lines.push('}');
  kernel = new Function(
    'X',
    'n',
    'means',
    'mu',
    'prec',
    'base',
    'out',
    'k',
    'j',
    'half',
    'c',
    lines.join('\n'),
  ) as MahalanobisKernel;
  diagonalCache.set(d, kernel);
  return kernel;
}
