/**
 * k-means on a WebGPU device: the host side of a fit. The data goes up once (float32,
 * shifted by its first row so that float32 keeps its precision for the distances); each of
 * the nInit restarts seeds (k-means++ on the device, or given/random centroids uploaded), runs
 * Lloyd iterations in batches whose only read-back is the 64-byte state, and finishes with
 * one assignment against its final centroids. The best restart's labels are copied aside on
 * the device and read back once at the end; its centroids and inertia are then recomputed on
 * the host in float64 (see {@link finalModel}).
 *
 * @module
 */
import type { Matrix } from '../matrix.js';
import type { RunResult } from '../run.js';
import { readBack } from './gpu-buffers.js';
import type { GpuSession } from './gpu-session.js';
import { STATE } from './wgsl-lloyd.js';

/** How a restart starts: k-means++ draws for the device, or centroids (float64, uncentered). */
export type RunStart = { readonly draws: Float32Array } | { readonly centroids: Float64Array };

/** What one restart left on the device, read back. */
export interface GpuRunOutcome {
  readonly iterations: number;
  readonly converged: boolean;
  /** True when the run stopped because no label changed (its labels made its centroids). */
  readonly strict: boolean;
  /** Device inertia of the final assignment (float32 distances, double-single sums). */
  readonly inertia: number;
  /** The last update's sums, per output, as float64. */
  readonly sums: Float64Array;
  /** The device centroids (centered, float32) the final labels were assigned with. */
  readonly centroids: Float32Array;
  /** Inertia of each iteration's assignment (with recordHistory). */
  readonly history: number[] | undefined;
}

/** Host-side data the runs need besides the session. */
export interface HostData {
  readonly x: Matrix;
  readonly weights: Float64Array | null;
  /** Point subtracted from every row before the float32 upload (the first row). */
  readonly shift: Float64Array;
}

/** One restart from `start`, to the end (final assignment included). */
export async function runOnDevice(
  session: GpuSession,
  host: HostData,
  start: RunStart,
  maxIter: number,
  tol: number,
  recordHistory: boolean,
): Promise<GpuRunOutcome> {
  const { device, plan } = session;
  const given = 'centroids' in start ? { centroids: centered(start.centroids, host.shift) } : start;
  // Each submission ends with the final assignment, which runs only once the run finished:
  // a run that converges within its first batch costs one round trip.
  let batch = Math.min(8, maxIter);
  session.start(maxIter, tol, given, batch);
  const regions = [
    { buffer: session.state, offset: 0, bytes: STATE.size * 4 },
    { buffer: session.sums, offset: 0, bytes: plan.outputs * 8 },
    { buffer: session.finalSums, offset: 0, bytes: plan.outputs * 8 },
    { buffer: session.centroids, offset: 0, bytes: plan.k * plan.d * 4 },
  ];
  if (recordHistory) regions.push({ buffer: session.history, offset: 0, bytes: maxIter * 8 });
  let read: ArrayBuffer[];
  for (;;) {
    read = await readBack(device, regions);
    const state = new Uint32Array(read[0] as ArrayBuffer);
    const done = state[STATE.done] as number;
    if (done === 1) break;
    if (done === 2) await relocateOnHost(session, host);
    batch = Math.min(batch * 2, 32, Math.max(1, maxIter - (state[STATE.iterations] as number)));
    session.continue(batch, done === 2);
  }
  const [stateBytes, sumBytes, finalBytes, centroidBytes, historyBytes] = read;
  const state = new Uint32Array(stateBytes as ArrayBuffer);
  const iterations = state[STATE.iterations] as number;
  const finalSums = pairs(finalBytes as ArrayBuffer);
  return {
    iterations,
    converged: state[STATE.converged] === 1,
    strict: state[STATE.strict] === 1,
    inertia: finalSums[plan.outputs - 1] as number,
    sums: pairs(sumBytes as ArrayBuffer),
    centroids: new Float32Array(centroidBytes as ArrayBuffer),
    history:
      historyBytes === undefined ? undefined : [...pairs(historyBytes).subarray(0, iterations)],
  };
}

/** The best restart's labels, read back from the best-labels buffers (stored as label + 1). */
export async function bestLabels(session: GpuSession): Promise<Int32Array> {
  const parts = await readBack(
    session.device,
    session.chunks.map((c) => ({ buffer: c.bestLabels, offset: 0, bytes: c.rows * 4 })),
  );
  return joinLabels(parts, session.plan.n);
}

/**
 * The run's final centroids (float64, in the data's coordinates) and the float64 inertia of
 * `labels` against them, in one pass over the original data. Each cluster's rows are summed
 * relative to a reference point r (the device centroid), which keeps the sums small: with
 * A = Σ w·(x − r), W = Σ w and Q = Σ w‖x − r‖², a centroid c has Σ w‖x − c‖² =
 * Q − 2 (c − r)·A + W‖c − r‖², free of cancellation because c is close to r.
 *
 * After a strict stop the labels are those the last centroids were averaged from, so the
 * centroids are their float64 means r + A / W — the CPU path's numbers, free of the float32
 * rounding of the uploaded data. Otherwise (the final assignment may have moved rows) they
 * come from the last update's double-single sums, `sums × (1 / weight)`, as the CPU path's
 * come from its last update. An empty cluster keeps its device centroid.
 */
export function finalModel(
  host: HostData,
  outcome: GpuRunOutcome,
  labels: Int32Array,
  k: number,
): Pick<RunResult, 'centroids' | 'inertia'> {
  const { x, weights, shift } = host;
  const d = x.cols;
  const data = x.data;
  const reference = new Float64Array(k * d);
  for (let i = 0; i < k * d; i++) {
    reference[i] = (outcome.centroids[i] as number) + (shift[i % d] as number);
  }
  const A = new Float64Array(k * d);
  const W = new Float64Array(k);
  const Q = new Float64Array(k);
  for (let i = 0, o = 0; i < x.rows; i++, o += d) {
    const j = labels[i] as number;
    const w = weights === null ? 1 : (weights[i] as number);
    const r = j * d;
    let q = 0;
    for (let t = 0; t < d; t++) {
      const e = (data[o + t] as number) - (reference[r + t] as number);
      A[r + t]! += w * e;
      q += e * e;
    }
    Q[j]! += w * q;
    W[j]! += w;
  }
  const centroids = new Float64Array(k * d);
  let inertia = 0;
  for (let j = 0; j < k; j++) {
    const r = j * d;
    const weight = W[j] as number;
    const deviceWeight = outcome.sums[j * (d + 1) + d] as number;
    let cross = 0;
    let square = 0;
    for (let t = 0; t < d; t++) {
      let c = reference[r + t] as number;
      if (outcome.strict && weight > 0) {
        c += (A[r + t] as number) / weight;
      } else if (!outcome.strict && deviceWeight > 0) {
        c = (outcome.sums[j * (d + 1) + t] as number) * (1 / deviceWeight) + (shift[t] as number);
      }
      centroids[r + t] = c;
      const delta = c - (reference[r + t] as number);
      cross += delta * (A[r + t] as number);
      square += delta * delta;
    }
    inertia += (Q[j] as number) - 2 * cross + weight * square;
  }
  return { centroids, inertia };
}

/**
 * Re-seeds the empty clusters of a paused iteration exactly as the CPU path does
 * (`relocateEmptyClusters`: the rows farthest from their centroid, in float64, lowest index
 * among ties, never emptying their own cluster), patches the sums on the device and lets the
 * update proceed.
 */
async function relocateOnHost(session: GpuSession, host: HostData): Promise<void> {
  const { device, plan } = session;
  const { k, d, outputs } = plan;
  const regions = [
    { buffer: session.sums, offset: 0, bytes: outputs * 8 },
    { buffer: session.centroids, offset: 0, bytes: k * d * 4 },
    ...session.chunks.map((c) => ({ buffer: c.labels, offset: 0, bytes: c.rows * 4 })),
  ];
  const [sumBytes, centroidBytes, ...labelParts] = await readBack(device, regions);
  const sums = pairs(sumBytes as ArrayBuffer);
  const centroids = new Float32Array(centroidBytes as ArrayBuffer);
  const labels = joinLabels(labelParts, plan.n);
  const { x, weights, shift } = host;
  const n = x.rows;
  const weightOf = (i: number): number => (weights === null ? 1 : (weights[i] as number));
  const clusterWeight = (j: number): number => sums[j * (d + 1) + d] as number;
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = (labels[i] as number) * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const e = (x.data[i * d + t] as number) - (shift[t] as number) - (centroids[c + t] as number);
      s += e * e;
    }
    distance[i] = weightOf(i) > 0 ? s : -Infinity;
  }
  for (let target = 0; target < k; target++) {
    if (clusterWeight(target) !== 0) continue;
    let far = -1;
    let farDistance = -Infinity;
    for (let i = 0; i < n; i++) {
      const dist = distance[i] as number;
      if (dist > farDistance && clusterWeight(labels[i] as number) - weightOf(i) > 0) {
        far = i;
        farDistance = dist;
      }
    }
    if (far < 0) break;
    distance[far] = -Infinity;
    const w = weightOf(far);
    const old = labels[far] as number;
    for (let t = 0; t < d; t++) {
      const v = ((x.data[far * d + t] as number) - (shift[t] as number)) * w;
      sums[old * (d + 1) + t]! -= v;
      sums[target * (d + 1) + t] = v;
    }
    sums[target * (d + 1) + d] = w;
    sums[old * (d + 1) + d]! -= w;
  }
  const out = new Float32Array(outputs * 2);
  for (let o = 0; o < outputs; o++) {
    const hi = Math.fround(sums[o] as number);
    out[2 * o] = hi;
    out[2 * o + 1] = Math.fround((sums[o] as number) - hi);
  }
  device.queue.writeBuffer(session.sums, 0, out);
  device.queue.writeBuffer(session.state, STATE.done * 4, new Uint32Array([0]));
  device.queue.writeBuffer(session.state, STATE.relocated * 4, new Uint32Array([1]));
}

/** (high, low) float32 pairs as float64 sums. */
function pairs(bytes: ArrayBuffer): Float64Array {
  const f = new Float32Array(bytes);
  const out = new Float64Array(f.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (f[2 * i] as number) + (f[2 * i + 1] as number);
  return out;
}

function joinLabels(parts: readonly ArrayBuffer[], n: number): Int32Array {
  const labels = new Int32Array(n);
  let offset = 0;
  for (const part of parts) {
    const stored = new Uint32Array(part);
    for (let i = 0; i < stored.length; i++) labels[offset + i] = (stored[i] as number) - 1;
    offset += stored.length;
  }
  return labels;
}

function centered(centroids: Float64Array, shift: Float64Array): Float32Array {
  const d = shift.length;
  return Float32Array.from(centroids, (v, i) => v - (shift[i % d] as number));
}
