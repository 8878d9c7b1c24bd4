/**
 * A small dense BFGS minimiser with a backtracking (Armijo) line search, for smooth
 * low-dimensional objectives such as the BG/NBD negative log-likelihood in log-parameters.
 *
 * @module
 */

/** Value and gradient of an objective at a point. */
export interface ObjectiveValue {
  readonly value: number;
  readonly gradient: Float64Array;
}

/** Options of {@link minimizeBfgs}. */
export interface BfgsOptions {
  /** Most iterations (default 500). */
  readonly maxIter?: number;
  /** Stop when the largest gradient component is at most this (default 1e-10). */
  readonly tol?: number;
  /** Largest change of any coordinate in one step (default 2), keeps exp(u) in range. */
  readonly maxStep?: number;
  /**
   * Stop after this many iterations in a row without progress (default: never): neither a
   * decrease of f beyond 4·2⁻⁵² of |f| nor the largest gradient component below half its
   * smallest value so far. On a flat ridge (a likelihood that keeps rising, by rounding-sized
   * amounts, towards a boundary) this ends a search the gradient test never would.
   */
  readonly stallIterations?: number;
  /**
   * Checked after every iteration: true ends the search there (not converged). For a search
   * that has shown where it goes, such as a parameter running to a boundary.
   */
  readonly stopWhen?: (x: Float64Array, gradient: Float64Array) => boolean;
  /** Called after every iteration with the iterations done so far (progress display). */
  readonly onIteration?: (iterations: number) => void;
}

/** Where {@link minimizeBfgs} stopped. */
export interface BfgsResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly gradient: Float64Array;
  readonly iterations: number;
  /** True when the gradient test passed; false when iterations ran out or no step helped. */
  readonly converged: boolean;
}

/**
 * Minimises `objective` from `start` by BFGS: the inverse-Hessian estimate starts as the
 * identity and is updated only when the step shows positive curvature (sᵀy > 0), so it stays
 * positive definite; steps are halved until {@link acceptable} holds (sufficient decrease,
 * or the approximate Wolfe condition where f is flat to rounding); a non-finite value counts
 * as no decrease. When no step along the quasi-Newton
 * direction decreases f, the estimate is reset to the identity once (steepest descent) before
 * giving up. Deterministic.
 */
export function minimizeBfgs(
  objective: (x: Float64Array) => ObjectiveValue,
  start: Float64Array,
  options: BfgsOptions = {},
): BfgsResult {
  const maxIter = options.maxIter ?? 500;
  const tol = options.tol ?? 1e-10;
  const maxStep = options.maxStep ?? 2;
  const d = start.length;
  let x = Float64Array.from(start);
  let current = objective(x);
  let h = identity(d);
  let resetJustNow = false;
  let iterations = 0;
  const stallIterations = options.stallIterations ?? Infinity;
  let stalled = 0;
  let smallestGradient = maxAbs(current.gradient);
  while (iterations < maxIter) {
    if (maxAbs(current.gradient) <= tol) {
      return { x, value: current.value, gradient: current.gradient, iterations, converged: true };
    }
    iterations++;
    const direction = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s -= (h[i * d + j] as number) * (current.gradient[j] as number);
      direction[i] = s;
    }
    let slope = dot(direction, current.gradient);
    if (!(slope < 0)) {
      // Not a descent direction (rounding): fall back to steepest descent.
      h = identity(d);
      for (let i = 0; i < d; i++) direction[i] = -(current.gradient[i] as number);
      slope = dot(direction, current.gradient);
    }
    let step = Math.min(1, maxStep / maxAbs(direction));
    let next: ObjectiveValue | undefined;
    let trial = new Float64Array(d);
    let halvings = 0;
    for (let k = 0; k < 60; k++, halvings++) {
      for (let i = 0; i < d; i++) trial[i] = (x[i] as number) + step * (direction[i] as number);
      const candidate = objective(trial);
      if (acceptable(current, candidate, step, slope, direction)) {
        next = candidate;
        break;
      }
      step *= 0.5;
    }
    if (next === undefined) {
      if (resetJustNow) break;
      h = identity(d);
      resetJustNow = true;
      continue;
    }
    resetJustNow = false;
    const s = new Float64Array(d);
    const y = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      s[i] = (trial[i] as number) - (x[i] as number);
      y[i] = (next.gradient[i] as number) - (current.gradient[i] as number);
    }
    const sy = dot(s, y);
    if (sy > 1e-300) updateInverseHessian(h, s, y, sy);
    const previousValue = current.value;
    x = trial;
    trial = new Float64Array(d);
    current = next;
    options.onIteration?.(iterations);
    if (previousValue === current.value && maxAbs(s) === 0) break;
    if (options.stopWhen?.(x, current.gradient) === true) break;
    const gradientSize = maxAbs(current.gradient);
    const decreased = previousValue - current.value > 8.9e-16 * Math.abs(current.value);
    if (decreased || gradientSize < 0.5 * smallestGradient) stalled = 0;
    // A step cut below 2⁻²⁰ that gained nothing is a stall that more iterations will repeat.
    else if (++stalled >= stallIterations || (halvings >= 20 && stallIterations < Infinity)) break;
    smallestGradient = Math.min(smallestGradient, gradientSize);
  }
  return {
    x,
    value: current.value,
    gradient: current.gradient,
    iterations,
    converged: maxAbs(current.gradient) <= tol,
  };
}

/**
 * Armijo's sufficient decrease (c₁ = 10⁻⁴), or, once f is flat to rounding, Hager & Zhang's
 * approximate Wolfe condition: f did not rise beyond 10⁻¹⁴ relative and the directional
 * derivative went from φ′(0) to within [0.9 φ′(0), −0.8 φ′(0)]. The second lets the
 * gradient be driven below what differences of f can resolve (about √ε).
 */
function acceptable(
  current: ObjectiveValue,
  candidate: ObjectiveValue,
  step: number,
  slope: number,
  direction: Float64Array,
): boolean {
  if (!Number.isFinite(candidate.value)) return false;
  if (candidate.value <= current.value + 1e-4 * step * slope) return true;
  if (candidate.value > current.value + 1e-14 * Math.abs(current.value)) return false;
  const derivative = dot(candidate.gradient, direction);
  return derivative >= 0.9 * slope && derivative <= -0.8 * slope;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy (the BFGS inverse update). */
function updateInverseHessian(h: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const d = s.length;
  const rho = 1 / sy;
  const hy = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let v = 0;
    for (let j = 0; j < d; j++) v += (h[i * d + j] as number) * (y[j] as number);
    hy[i] = v;
  }
  const yhy = dot(y, hy);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      h[i * d + j] =
        (h[i * d + j] as number) -
        rho * ((hy[i] as number) * sj + si * (hy[j] as number)) +
        (rho * rho * yhy + rho) * si * sj;
    }
  }
}

function identity(d: number): Float64Array {
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) m[i * d + i] = 1;
  return m;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (const value of v) m = Math.max(m, Math.abs(value));
  return m;
}
