/**
 * Hamerly's step switches to a full pass where its bounds would not pay
 * (`boundsWouldNotPay`): the sampled decision agrees with the share computed over every
 * row, overlapping clusters do get full passes mid-run, and the switch changes no result
 * (labels, centroids, inertia and iterations equal Lloyd's, bit for bit).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  averageCentroids,
  centroidShifts,
  emptySums,
} from '../../../src/cluster/kmeans/centers.js';
import { ChunkRunner } from '../../../src/cluster/kmeans/chunk-runner.js';
import {
  boundsWouldNotPay,
  halfDistances,
  hamerlyAssigner,
} from '../../../src/cluster/kmeans/hamerly.js';
import { kernelsFor } from '../../../src/cluster/kmeans/kernels.js';
import { KMeans } from '../../../src/cluster/kmeans/kmeans.js';
import { createMatrix, type Matrix } from '../../../src/cluster/kmeans/matrix.js';
import { shutdownKMeansWorkers } from '../../../src/cluster/kmeans/pool.js';
import type { StepViews } from '../../../src/cluster/kmeans/steps.js';
import { blobs, bytes } from './helpers.js';

afterAll(async () => {
  await shutdownKMeansWorkers();
});

const K = 6;
const D = 5;

/**
 * The views after one Hamerly pass from the first K rows and one update, as the next pass
 * finds them; `close` releases the runner.
 */
function afterFirstPass(x: Matrix): { views: StepViews; close: () => void } {
  const kernels = kernelsFor(D);
  const runner = new ChunkRunner(x, null, K, kernels, {
    bounds: 'hamerly',
    seeding: false,
    threads: 1,
  });
  const v = runner.views;
  v.C.set(x.data.subarray(0, K * D));
  v.labels.fill(-1);
  const assigner = hamerlyAssigner(runner);
  const acc = emptySums(K, D);
  assigner.assign(acc);
  const next = new Float64Array(K * D);
  const shifts = new Float64Array(K);
  averageCentroids(acc, v.C, next, D);
  centroidShifts(v.C, next, shifts, kernels);
  v.C.set(next);
  assigner.moved(shifts);
  halfDistances(v, false);
  return { views: v, close: () => runner.close() };
}

/** The share of all rows the bounds and their own distance leave unsettled, brute force. */
function unsettledShare(v: StepViews): number {
  const margin = 1 + 2 ** -32;
  const [, , shiftMax, shiftSecond, argMax] = v.scalars as unknown as number[];
  let unsettled = 0;
  for (let i = 0; i < v.n; i++) {
    const a = v.labels[i] as number;
    const u = (v.upper[i] as number) + (v.shift[a] as number);
    const l =
      (v.lower[i] as number) - (a === argMax ? (shiftSecond as number) : (shiftMax as number));
    const m = Math.max(v.half[a] as number, l);
    let own = 0;
    for (let t = 0; t < D; t++)
      own += ((v.X[i * D + t] as number) - (v.C[a * D + t] as number)) ** 2;
    if (!(u * margin < m) && !(Math.sqrt(own) * margin < m)) unsettled++;
  }
  return unsettled / v.n;
}

describe("Hamerly's full passes", () => {
  it('are chosen from a sample that agrees with the share over every row', () => {
    for (const [spread, expected] of [
      [0.3, false],
      [6, true],
    ] as const) {
      const { x } = blobs(60_000, K, D, spread, 17);
      const { views, close } = afterFirstPass(x);
      try {
        const share = unsettledShare(views);
        expect(share > 0.02, `spread ${spread}: share ${share}`).toBe(expected);
        expect(boundsWouldNotPay(views), `spread ${spread}`).toBe(expected);
      } finally {
        close();
      }
    }
  });

  it('change no result: overlapping clusters give Lloyd’s fit bit for bit', () => {
    const { x } = blobs(120_000, K, D, 5, 23);
    const shared = createMatrix(x.rows, x.cols);
    shared.data.set(x.data);
    // Full passes do happen in this fit: after its first update most rows are unsettled.
    const { views, close } = afterFirstPass(x);
    expect(unsettledShare(views)).toBeGreaterThan(0.2);
    close();
    const init = Array.from({ length: K }, (_, j) => [...x.data.subarray(j * D, j * D + D)]);
    for (const data of [x, shared]) {
      for (const threads of [1, 2]) {
        const options = { k: K, init, threads, maxIter: 40 };
        const lloyd = new KMeans({ ...options, algorithm: 'lloyd' }).fit(data);
        const hamerly = new KMeans({ ...options, algorithm: 'hamerly' }).fit(data);
        expect(hamerly.iterations).toBeGreaterThan(5);
        expect(hamerly.iterations).toBe(lloyd.iterations);
        expect(Object.is(hamerly.inertia, lloyd.inertia)).toBe(true);
        expect(bytes(hamerly.labels)).toEqual(bytes(lloyd.labels));
        expect(bytes(hamerly.centroids.data)).toEqual(bytes(lloyd.centroids.data));
      }
    }
  });
});
