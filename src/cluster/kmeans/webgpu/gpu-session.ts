/**
 * The device side of one fit: the data uploaded once (one buffer per chunk), every buffer and
 * compiled pipeline the restarts share, and the encoders of their passes. `gpu-run.ts` drives
 * it; nothing here reads anything back.
 *
 * @module
 */
import {
  bindBuffers,
  computePipeline,
  dispatchSize,
  storageBuffer,
  uniformWords,
  writeAll,
} from './gpu-buffers.js';
import type { GpuContext } from './gpu-context.js';
import type { GpuPlan } from './plan.js';
import { assignSource, reduceSource, STATE, updateSource } from './wgsl-lloyd.js';
import {
  seedEvaluateSource,
  seedLocateSource,
  seedPickSource,
  seedSelectSource,
  seedUpdateSource,
  selectionLayout,
} from './wgsl-seed.js';

/** One chunk's per-row buffers and its parameter blocks. */
interface Chunk {
  readonly rows: number;
  readonly groupOffset: number;
  readonly groups: number;
  readonly x: GPUBuffer;
  readonly weights: GPUBuffer | null;
  readonly labels: GPUBuffer;
  readonly bestLabels: GPUBuffer;
  readonly dist: GPUBuffer;
  /** Parameters with gate 1 (iterations), 0 (always) and 2 (final pass, once finished). */
  readonly gated: GPUBuffer;
  readonly ungated: GPUBuffer;
  readonly afterwards: GPUBuffer;
}

type Pipelines = Record<
  | 'assign'
  | 'reduce'
  | 'update'
  | 'seedUpdate'
  | 'seedSelect'
  | 'seedLocate'
  | 'seedEvaluate'
  | 'seedPick',
  GPUComputePipeline
>;

/** Buffers and pipelines of one fit on one device. */
export class GpuSession {
  readonly device: GPUDevice;
  readonly plan: GpuPlan;
  readonly chunks: readonly Chunk[];
  /** Centroids, k × d float32 (centered coordinates). */
  readonly centroids: GPUBuffer;
  readonly partials: GPUBuffer;
  /** Reduced sums of the last iteration and of the final assignment, (high, low) pairs. */
  readonly sums: GPUBuffer;
  readonly finalSums: GPUBuffer;
  readonly state: GPUBuffer;
  /** Inertia of each iteration's assignment, (high, low) pairs. */
  readonly history: GPUBuffer;
  readonly draws: GPUBuffer;
  readonly #buffers: GPUBuffer[] = [];
  readonly #pipelines: Pipelines;
  readonly #groups: Record<string, GPUBindGroup> = {};

  private constructor(
    context: GpuContext,
    plan: GpuPlan,
    data: Float32Array,
    weights: Float32Array | null,
    maxIter: number,
    pipelines: Pipelines,
  ) {
    const device = context.device;
    this.device = device;
    this.plan = plan;
    this.#pipelines = pipelines;
    const { d, k, outputs, groups, trials } = plan;
    const buffer = (bytes: number, label: string, init?: ArrayBufferView): GPUBuffer => {
      const b = storageBuffer(device, bytes, label, init);
      this.#buffers.push(b);
      return b;
    };
    const uniform = (words: number[], label: string): GPUBuffer => {
      const b = uniformWords(device, words, label);
      this.#buffers.push(b);
      return b;
    };
    const chunks: Chunk[] = [];
    let start = 0;
    let groupOffset = 0;
    for (const rows of plan.chunkRows) {
      const chunkGroups = Math.ceil(rows / plan.rowsPerGroup);
      const words = [rows, groupOffset, chunkGroups];
      const pad = [0, 0, 0, 0];
      chunks.push({
        rows,
        groupOffset,
        groups: chunkGroups,
        x: buffer(rows * d * 4, 'x', data.subarray(start * d, (start + rows) * d)),
        weights:
          weights === null ? null : buffer(rows * 4, 'w', weights.subarray(start, start + rows)),
        labels: buffer(rows * 4, 'labels'),
        bestLabels: buffer(rows * 4, 'best labels'),
        dist: buffer(rows * 4, 'seed distances'),
        gated: uniform([...words, 1, ...pad], 'chunk gated'),
        ungated: uniform([...words, 0, ...pad], 'chunk ungated'),
        afterwards: uniform([...words, 2, ...pad], 'chunk afterwards'),
      });
      start += rows;
      groupOffset += chunkGroups;
    }
    this.chunks = chunks;
    this.centroids = buffer(k * d * 4, 'centroids');
    this.partials = buffer(outputs * groups * 8, 'partials');
    this.sums = buffer(outputs * 8, 'sums');
    this.finalSums = buffer(outputs * 8, 'final sums');
    this.state = buffer(STATE.size * 4, 'state');
    this.history = buffer(maxIter * 8, 'history');
    this.draws = buffer((1 + (k - 1) * trials) * 4, 'draws');
    const blockMass = buffer(groups * 4, 'group mass');
    const blockWeight = buffer(groups * 4, 'group weight');
    const selection = buffer(selectionLayout(plan).words * 4, 'selection');
    const pots = buffer(trials * groups * 4, 'potentials');
    const gateOn = uniform([1], 'gate on');
    const gateOff = uniform([0], 'gate off');
    const gateAfterwards = uniform([2], 'gate afterwards');
    const steps = Array.from({ length: k }, (_, s) =>
      uniform(
        [s, s === 0 ? 1 : trials, s === 0 ? 1 : 2, s === 0 ? 0 : 1 + (s - 1) * trials],
        'step',
      ),
    );
    const weightStep = uniform([0, 0, 0, 0], 'weights step');

    const p = pipelines;
    const bind = (name: string, pipeline: GPUComputePipeline, list: (GPUBuffer | null)[]): void => {
      this.#groups[name] = bindBuffers(device, pipeline, list);
    };
    bind('reduce', p.reduce, [this.partials, this.sums, this.state, gateOn]);
    bind('reduceFinal', p.reduce, [this.partials, this.finalSums, this.state, gateOff]);
    bind('reduceAfterwards', p.reduce, [this.partials, this.finalSums, this.state, gateAfterwards]);
    bind('update', p.update, [this.sums, this.centroids, this.state, this.history, gateOn]);
    bind('updateForced', p.update, [this.sums, this.centroids, this.state, this.history, gateOff]);
    chunks.forEach((c, i) => {
      const assign = (params: GPUBuffer): (GPUBuffer | null)[] => [
        c.x,
        c.weights,
        c.labels,
        this.centroids,
        this.partials,
        params,
        this.state,
      ];
      bind(`assign${i}`, p.assign, assign(c.gated));
      bind(`assignFinal${i}`, p.assign, assign(c.ungated));
      bind(`assignAfterwards${i}`, p.assign, assign(c.afterwards));
      const perChunk = [c.x, c.weights, c.ungated];
      bind(`weights${i}`, p.seedUpdate, [
        ...perChunk,
        weightStep,
        c.dist,
        this.centroids,
        blockWeight,
      ]);
      steps.forEach((step, s) => {
        bind(`seedUpdate${i}_${s}`, p.seedUpdate, [
          ...perChunk,
          step,
          c.dist,
          this.centroids,
          blockMass,
        ]);
        bind(`seedLocate${i}_${s}`, p.seedLocate, [...perChunk, step, c.dist, selection]);
        bind(`seedEvaluate${i}_${s}`, p.seedEvaluate, [...perChunk, step, c.dist, selection, pots]);
      });
    });
    steps.forEach((step, s) => {
      bind(`seedSelect${s}`, p.seedSelect, [
        blockMass,
        blockWeight,
        this.draws,
        selection,
        step,
        null,
      ]);
      bind(`seedPick${s}`, p.seedPick, [pots, selection, this.centroids, step, null]);
    });
    // The groups' total weights, used by every first k-means++ draw.
    this.encode((pass) => {
      chunks.forEach((c, i) => this.#dispatch(pass, 'seedUpdate', `weights${i}`, c.groups));
    });
  }

  /** Compiles the pipelines and uploads the data (float32, centered, row-major n × d). */
  static async create(
    context: GpuContext,
    plan: GpuPlan,
    data: Float32Array,
    weights: Float32Array | null,
    maxIter: number,
  ): Promise<GpuSession> {
    const device = context.device;
    const weighted = weights !== null;
    const [assign, reduce, update, seedUpdate, seedSelect, seedLocate, seedEvaluate, seedPick] =
      await Promise.all([
        computePipeline(device, assignSource(plan, weighted), 'assign'),
        computePipeline(device, reduceSource(plan), 'reduce'),
        computePipeline(device, updateSource(plan), 'update'),
        computePipeline(device, seedUpdateSource(plan, weighted), 'seed update'),
        computePipeline(device, seedSelectSource(plan), 'seed select'),
        computePipeline(device, seedLocateSource(plan, weighted), 'seed locate'),
        computePipeline(device, seedEvaluateSource(plan, weighted), 'seed evaluate'),
        computePipeline(device, seedPickSource(plan), 'seed pick'),
      ]);
    const pipelines = {
      assign,
      reduce,
      update,
      seedUpdate,
      seedSelect,
      seedLocate,
      seedEvaluate,
      seedPick,
    };
    return new GpuSession(context, plan, data, weights, maxIter, pipelines);
  }

  /** Records passes with `body` into one compute pass and submits them. */
  encode(
    body: (pass: GPUComputePassEncoder) => void,
    before?: (e: GPUCommandEncoder) => void,
  ): void {
    const encoder = this.device.createCommandEncoder();
    before?.(encoder);
    const pass = encoder.beginComputePass();
    body(pass);
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  #dispatch(
    pass: GPUComputePassEncoder,
    pipeline: keyof Pipelines,
    group: string,
    workgroups: number,
  ): void {
    pass.setPipeline(this.#pipelines[pipeline]);
    pass.setBindGroup(0, this.#groups[group] as GPUBindGroup);
    const [x, y] = dispatchSize(workgroups);
    pass.dispatchWorkgroups(x, y);
  }

  /**
   * Starts a run: state reset, labels cleared, centroids given or k-means++ from `draws`,
   * then `iterations` iterations and the final assignment should they finish the run.
   */
  start(
    maxIter: number,
    tol: number,
    start: { draws: Float32Array } | { centroids: Float32Array },
    iterations: number,
  ): void {
    const state = new Uint32Array(STATE.size);
    state[STATE.maxIter] = maxIter;
    new Float32Array(state.buffer, STATE.tol * 4, 1)[0] = tol;
    this.device.queue.writeBuffer(this.state, 0, state);
    if ('draws' in start) this.device.queue.writeBuffer(this.draws, 0, start.draws);
    else writeAll(this.device, this.centroids, start.centroids);
    this.encode(
      (pass) => {
        if ('draws' in start) this.#seed(pass);
        this.#iterations(pass, iterations, true);
        this.#finalIfDone(pass);
      },
      (encoder) => this.chunks.forEach((c) => encoder.clearBuffer(c.labels)),
    );
  }

  /**
   * Submits `count` more iterations (optionally after a pending update), then the final
   * assignment should they finish the run.
   */
  continue(count: number, pendingUpdate: boolean): void {
    this.encode((pass) => {
      if (pendingUpdate) this.#dispatch(pass, 'update', 'update', 1);
      this.#iterations(pass, count, true);
      this.#finalIfDone(pass);
    });
  }

  /** The final assignment against the final centroids (labels, inertia), once finished. */
  #finalIfDone(pass: GPUComputePassEncoder): void {
    this.chunks.forEach((c, i) => this.#dispatch(pass, 'assign', `assignAfterwards${i}`, c.groups));
    this.#dispatch(pass, 'reduce', 'reduceAfterwards', this.plan.outputs);
  }

  /** `count` ungated iterations in one pass (benchmarks), with optional timestamp writes. */
  forcedIterations(count: number, timestamps?: GPUComputePassTimestampWrites): void {
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      timestamps === undefined ? {} : { timestampWrites: timestamps },
    );
    for (let it = 0; it < count; it++) {
      this.chunks.forEach((c, i) => this.#dispatch(pass, 'assign', `assignFinal${i}`, c.groups));
      this.#dispatch(pass, 'reduce', 'reduceFinal', this.plan.outputs);
      this.#dispatch(pass, 'update', 'updateForced', 1);
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /** Copies the current labels into the best-labels buffers. */
  keepLabels(): void {
    const encoder = this.device.createCommandEncoder();
    for (const c of this.chunks)
      encoder.copyBufferToBuffer(c.labels, 0, c.bestLabels, 0, c.rows * 4);
    this.device.queue.submit([encoder.finish()]);
  }

  #iterations(pass: GPUComputePassEncoder, count: number, gated: boolean): void {
    for (let it = 0; it < count; it++) {
      this.chunks.forEach((c, i) =>
        this.#dispatch(pass, 'assign', gated ? `assign${i}` : `assignFinal${i}`, c.groups),
      );
      this.#dispatch(pass, 'reduce', 'reduce', this.plan.outputs);
      this.#dispatch(pass, 'update', 'update', 1);
    }
  }

  #seed(pass: GPUComputePassEncoder): void {
    for (let s = 0; s < this.plan.k; s++) {
      this.#dispatch(pass, 'seedSelect', `seedSelect${s}`, 1);
      this.chunks.forEach((_, i) =>
        this.#dispatch(pass, 'seedLocate', `seedLocate${i}_${s}`, this.plan.trials),
      );
      if (s > 0) {
        this.chunks.forEach((c, i) =>
          this.#dispatch(pass, 'seedEvaluate', `seedEvaluate${i}_${s}`, c.groups),
        );
      }
      this.#dispatch(pass, 'seedPick', `seedPick${s}`, 1);
      this.chunks.forEach((c, i) =>
        this.#dispatch(pass, 'seedUpdate', `seedUpdate${i}_${s}`, c.groups),
      );
    }
  }

  /** Frees every buffer of the fit (the device stays for later fits). */
  destroy(): void {
    for (const b of this.#buffers) b.destroy();
    this.#buffers.length = 0;
  }
}
