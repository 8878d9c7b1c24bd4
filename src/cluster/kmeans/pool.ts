/**
 * Worker threads for the chunked steps of a k-means fit.
 *
 * `fit` is synchronous, so the main thread drives the workers through a small control block
 * in shared memory: it publishes a command, works through chunks itself alongside the
 * workers (each thread takes the next chunk from an atomic counter), and blocks in
 * `Atomics.wait` until every worker has reported. Data, labels, bounds and the per-chunk
 * accumulators live in `SharedArrayBuffer`s, so nothing is copied per iteration.
 *
 * Workers are created on first use, kept for later fits, and `unref`'d so they never keep
 * the process alive. Their code is the source text of the same step functions the main
 * thread runs, plus the generated distance loops; results are therefore identical whatever
 * the number of threads. If workers cannot be started (or take more than 10 s to answer),
 * the fit runs on the main thread alone.
 *
 * @module
 */
import { Worker } from 'node:worker_threads';
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { compileKernels, type KernelSources } from './kernels.js';
import {
  elkanStep,
  hamerlyStep,
  inertiaStep,
  lloydStep,
  momentsStep,
  seedStep,
  type Step,
  type StepViews,
} from './steps.js';

/** Names of the steps a worker can run, in command-code order. */
export const STEP_NAMES = ['lloyd', 'hamerly', 'elkan', 'inertia', 'seed', 'moments'] as const;
/** A step by name. */
export type StepName = (typeof STEP_NAMES)[number];
/** The step functions by name. */
export const STEPS: Readonly<Record<StepName, Step>> = {
  lloyd: lloydStep,
  hamerly: hamerlyStep,
  elkan: elkanStep,
  inertia: inertiaStep,
  seed: seedStep,
  moments: momentsStep,
};

// Control block (Int32Array) slots.
const GEN = 0; // bumped to publish a command
const CMD = 1; // command: index into STEP_NAMES, or −1 to end the job
const NEXT = 2; // next chunk to take
const DONE = 3; // workers finished with the current command
const ACK = 4; // workers ready for the job
const ERROR = 5; // set by a worker whose step threw
const CONTROL_SLOTS = 6;

const SETUP_TIMEOUT_MS = 10_000;

/** A job: a fit's shared arrays loaded into some workers, ready to run steps. */
export interface PoolJob {
  /** Number of threads working, the main thread included. */
  readonly threads: number;
  /** Runs `step` over every chunk, on all threads; returns when all chunks are done. */
  run(step: StepName): void;
  /** Releases the workers (back to their event loops, ready for the next job). */
  close(): void;
}

/** The arrays of {@link StepViews} that are shipped to workers (all SharedArrayBuffer-backed). */
export type SharedViews = Omit<StepViews, 'kernels'>;

let workers: Worker[] = [];
let broken = false;

/**
 * Loads `views` (whose arrays must all live in SharedArrayBuffers) into `count` workers.
 * Returns undefined when workers are unavailable; the caller then runs on the main thread.
 */
export function startJob(
  views: StepViews,
  shared: SharedViews,
  sources: KernelSources,
  count: number,
  chunks: number,
): PoolJob | undefined {
  if (broken || count < 1) return undefined;
  try {
    while (workers.length < count) workers.push(spawn());
  } catch {
    broken = true;
    return undefined;
  }
  const team = workers.slice(0, count);
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  for (const worker of team) {
    worker.postMessage({ control, views: shared, sources, chunks, generation: 0 });
  }
  const deadline = Date.now() + SETUP_TIMEOUT_MS;
  for (;;) {
    const ready = Atomics.load(control, ACK);
    if (ready >= count) break;
    if (Date.now() > deadline) {
      end(control);
      shutdown(); // unresponsive workers are not reused
      broken = true;
      return undefined;
    }
    Atomics.wait(control, ACK, ready, 50);
  }
  if (Atomics.load(control, ERROR) !== 0) {
    end(control);
    return undefined;
  }
  let open = true;
  return {
    threads: count + 1,
    run(name) {
      if (!open) throw new Error('k-means worker job already closed');
      const step = STEPS[name];
      Atomics.store(control, NEXT, 0);
      Atomics.store(control, DONE, 0);
      Atomics.store(control, CMD, STEP_NAMES.indexOf(name));
      Atomics.add(control, GEN, 1);
      Atomics.notify(control, GEN);
      for (;;) {
        const c = Atomics.add(control, NEXT, 1);
        if (c >= chunks) break;
        step(views, c);
      }
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done >= count) break;
        Atomics.wait(control, DONE, done, 1000);
      }
      if (Atomics.load(control, ERROR) !== 0) {
        open = false;
        end(control);
        throw new CohortlabError('INVALID_INPUT', 'k-means worker thread failed');
      }
    },
    close() {
      if (!open) return;
      open = false;
      end(control);
    },
  };
}

function end(control: Int32Array): void {
  Atomics.store(control, CMD, -1);
  Atomics.add(control, GEN, 1);
  Atomics.notify(control, GEN);
}

function shutdown(): void {
  const old = workers;
  workers = [];
  for (const worker of old) void worker.terminate();
}

/**
 * Terminates the k-means worker threads (they are otherwise kept for later fits, without
 * keeping the process alive). The next parallel fit starts new ones.
 */
export async function shutdownKMeansWorkers(): Promise<void> {
  const old = workers;
  workers = [];
  broken = false;
  await Promise.all(old.map((worker) => worker.terminate()));
}

function spawn(): Worker {
  const worker = new Worker(workerSource(), { eval: true });
  worker.unref();
  worker.on('error', () => {
    // A worker that died is dropped; fits still running notice through the control block.
    workers = workers.filter((w) => w !== worker);
  });
  return worker;
}

let source: string | undefined;

function workerSource(): string {
  if (source === undefined) {
    const steps = STEP_NAMES.map((name) => `${name}: ${STEPS[name].toString()}`).join(',\n');
    source = [
      "'use strict';",
      "const { parentPort } = require('node:worker_threads');",
      `const compileKernels = ${compileKernels.toString()};`,
      `const STEPS = {\n${steps}\n};`,
      `const STEP_NAMES = ${JSON.stringify(STEP_NAMES)};`,
      `(${workerMain.toString()})(parentPort, compileKernels, STEPS, STEP_NAMES);`,
    ].join('\n');
  }
  return source;
}

/** Message that loads a job into a worker. */
interface JobMessage {
  readonly control: Int32Array;
  readonly views: SharedViews;
  readonly sources: KernelSources;
  readonly chunks: number;
  readonly generation: number;
}

/**
 * The worker's main loop, shipped as source text (self-contained: control slots are
 * literals). For each job message: compile the kernels, acknowledge, then run published
 * commands until told to end.
 */
function workerMain(
  port: { on(event: 'message', listener: (job: JobMessage) => void): void },
  compile: typeof compileKernels,
  steps: Readonly<Record<string, Step>>,
  names: readonly string[],
): void {
  // Kernels stay compiled (and optimized by V8) from one job to the next: the source for a
  // given number of features never changes.
  const compiled = new Map<number, ReturnType<typeof compileKernels>>();
  port.on('message', (job) => {
    const control = job.control;
    let views: StepViews | undefined;
    try {
      const d = job.views.d;
      if (!compiled.has(d)) compiled.set(d, compile(d, job.sources));
      const kernels = compiled.get(d);
      if (kernels === undefined) throw new Error('code generation unavailable');
      views = { ...job.views, kernels };
    } catch {
      Atomics.store(control, 5, 1);
    }
    Atomics.add(control, 4, 1);
    Atomics.notify(control, 4);
    if (views === undefined) return;
    let seen = job.generation;
    for (;;) {
      Atomics.wait(control, 0, seen);
      seen = Atomics.load(control, 0);
      const command = Atomics.load(control, 1);
      if (command < 0) return;
      const step = steps[names[command] as string] as Step;
      try {
        for (;;) {
          const c = Atomics.add(control, 2, 1);
          if (c >= job.chunks) break;
          step(views, c);
        }
      } catch {
        Atomics.store(control, 5, 1);
      }
      Atomics.add(control, 3, 1);
      Atomics.notify(control, 3);
    }
  });
}
