/**
 * Seeded samplers for the synthetic data: every draw comes from one {@link Xoshiro128}
 * stream consumed in a fixed order, so the same seed gives the same values on any machine.
 *
 * @module
 */
import { Xoshiro128 } from '../cluster/kmeans/random.js';

/** A seeded source of the distributions the generator needs. */
export class Sampler {
  readonly #rng: Xoshiro128;
  // Box–Muller yields normals in pairs; the second one is kept for the next call.
  #spareNormal = NaN;

  /** @param seed any safe integer */
  constructor(seed: number) {
    this.#rng = new Xoshiro128(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.#rng.nextFloat();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return this.#rng.nextInt(n);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (!Number.isNaN(this.#spareNormal)) {
      const z = this.#spareNormal;
      this.#spareNormal = NaN;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform())); // 1 − u avoids log(0)
    const angle = 2 * Math.PI * this.uniform();
    this.#spareNormal = r * Math.sin(angle);
    return r * Math.cos(angle);
  }

  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.uniform()) / rate;
  }

  /**
   * Gamma(shape, scale), mean shape·scale (Marsaglia & Tsang 2000; shape < 1 by the boost
   * Gamma(a) = Gamma(a + 1) · U^(1/a)).
   */
  gamma(shape: number, scale: number): number {
    if (shape < 1) {
      const u = 1 - this.uniform(); // in (0, 1]
      return this.gamma(shape + 1, scale) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    const y = this.gamma(b, 1);
    return x / (x + y);
  }

  /** An index drawn with the probabilities whose running totals are `cumulative` (last = 1). */
  categorical(cumulative: Float64Array): number {
    const u = this.uniform();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (u < (cumulative[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Running totals of `weights` normalised to end at exactly 1 (for {@link Sampler.categorical}). */
export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w;
    out[i] = running / total;
  });
  out[weights.length - 1] = 1;
  return out;
}

/** Zipf weights 1 / rank^exponent for ranks 1…n (rank 1 the most common). */
export function zipfWeights(n: number, exponent: number): number[] {
  return Array.from({ length: n }, (_, i) => 1 / (i + 1) ** exponent);
}
