/**
 * Parity with an independent Python reimplementation of k-modes and k-prototypes
 * (scripts/fixtures/kprototypes.py, written from Huang 1998 and Cao et al. 2009): the same
 * deterministic Cao initialisation and batch iterations (run until no row moves: tol 0) give
 * the same labels, modes, means, cost and iteration count.
 */
import { describe, expect, it } from 'vitest';
import { KModes, KPrototypes } from '../../../src/cluster/kprototypes/index.js';
import { referenceCases } from './helpers.js';

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe('k-modes and k-prototypes against the Python reference', () => {
  it.each(referenceCases().map((c) => [c.name, c] as const))('%s', (_name, ref) => {
    const learned =
      ref.numericNames.length === 0
        ? new KModes({ k: ref.k, init: 'cao', tol: 0 }).fit(ref.categorical).learned
        : new KPrototypes({ k: ref.k, init: 'cao', tol: 0 }).fit({
            numeric: ref.numeric,
            categorical: ref.categorical,
          }).learned;
    expect(learned.levels).toEqual(ref.levels);
    expect(relative(learned.gamma, ref.gamma)).toBeLessThan(1e-14);
    expect(Array.from(learned.labels)).toEqual(ref.labels);
    expect(learned.modes).toEqual(ref.modes);
    expect(learned.iterations).toBe(ref.iterations);
    expect(learned.converged).toBe(ref.converged);
    expect(relative(learned.cost, ref.cost)).toBeLessThan(1e-12);
    learned.means.forEach((row, j) =>
      row.forEach((v, t) => expect(relative(v, ref.means[j]![t]!)).toBeLessThan(1e-12)),
    );
    // Every cluster is used: the reference runs are not degenerate.
    expect(new Set(ref.labels).size).toBe(ref.k);
  });
});
