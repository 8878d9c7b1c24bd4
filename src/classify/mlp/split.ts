/**
 * The seeded, stratified hold-out split behind the MLP's early stopping.
 *
 * @module
 */
import type { Xoshiro128 } from '../../cluster/kmeans/random.js';

/** Row indices of a hold-out split, each list in ascending order. */
export interface HoldoutSplit {
  /** Rows to train on. */
  readonly train: Int32Array;
  /** Rows to watch for early stopping (empty when none are held out). */
  readonly validation: Int32Array;
}

/**
 * Holds out `round(fraction × count)` rows of each class, drawn with `rng`, always leaving at
 * least one row of every class to train on (so a class with one row is never held out).
 * Stratifying keeps the class shares of both parts equal to the data's up to rounding.
 */
export function stratifiedHoldout(
  y: Int32Array,
  nClasses: number,
  fraction: number,
  rng: Xoshiro128,
): HoldoutSplit {
  const n = y.length;
  const held = new Uint8Array(n);
  if (fraction > 0) {
    const byClass: number[][] = Array.from({ length: nClasses }, () => []);
    for (let i = 0; i < n; i++) byClass[y[i] as number]?.push(i);
    for (const rows of byClass) {
      const take = Math.min(Math.round(fraction * rows.length), rows.length - 1);
      // Partial Fisher–Yates: the first `take` slots end up a uniform sample of the class.
      for (let t = 0; t < take; t++) {
        const j = t + rng.nextInt(rows.length - t);
        const picked = rows[j] as number;
        rows[j] = rows[t] as number;
        rows[t] = picked;
        held[picked] = 1;
      }
    }
  }
  let heldCount = 0;
  for (let i = 0; i < n; i++) heldCount += held[i] as number;
  const train = new Int32Array(n - heldCount);
  const validation = new Int32Array(heldCount);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (held[i] === 1) validation[b++] = i;
    else train[a++] = i;
  }
  return { train, validation };
}

/** Shuffles `rows` in place (Fisher–Yates with `rng`). */
export function shuffleInPlace(rows: Int32Array, rng: Xoshiro128): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = rows[i] as number;
    rows[i] = rows[j] as number;
    rows[j] = t;
  }
}
