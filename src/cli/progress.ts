import type { PipelineProgress } from '../pipeline/config.js';
import {
  doneShare,
  formatDuration,
  formatStepCount,
  StepMeter,
  type StepState,
} from '../util/progress-meter.js';

/** A stage that ended: what it handled and how long it took. */
export interface StageTiming {
  readonly stage: string;
  readonly count: number;
  readonly unit: string;
  readonly seconds: number;
}

/** Where progress goes: a stream with an optional TTY flag and width (process.stderr). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  /** Width of the terminal; live lines are cut to it so that `\r` redraws them in place. */
  readonly columns?: number;
  write(text: string): unknown;
}

/** Options of {@link StageProgress}. */
export interface StageProgressOptions {
  /** Show nothing (timings are still kept). */
  readonly quiet?: boolean;
  /** The clock, in ms (default `performance.now`); tests pass their own. */
  readonly now?: () => number;
  /** Least time between two redraws of a live bar, in ms (default 100: at most 10 a second). */
  readonly redrawMs?: number;
}

const BAR_WIDTH = 16;

/**
 * Progress of the CLI's stages on stderr. On a terminal each stage is one line with a bar,
 * redrawn in place while the stage reports how far it is (at most every `redrawMs`), with the
 * counts and the time left at the pace so far
 * ("k search  ████████░░░░░░░░  60/120 runs  0:04 left"), and left full when the stage ends,
 * with its count and time ("features  ████████████████  23,570 customers  0.4 s"). Elsewhere
 * (a pipe, a log file, CI) one plain line per finished stage
 * ("cohortlab: features: 23,570 customers in 0.4 s") and nothing in between. `quiet` shows
 * nothing. Timings are kept for the summary either way.
 */
export class StageProgress implements PipelineProgress {
  readonly timings: StageTiming[] = [];
  readonly #stream: ProgressStream;
  readonly #quiet: boolean;
  readonly #now: () => number;
  readonly #redrawMs: number;
  readonly #started = new Map<string, number>();
  readonly #meter = new StepMeter();
  /** The stage whose line is on screen (a terminal), and when that line was last drawn. */
  #open: string | undefined;
  #drawnAt = 0;

  constructor(stream: ProgressStream, options: StageProgressOptions = {}) {
    this.#stream = stream;
    this.#quiet = options.quiet ?? false;
    this.#now = options.now ?? (() => performance.now());
    this.#redrawMs = options.redrawMs ?? 100;
  }

  get #live(): boolean {
    return !this.#quiet && this.#stream.isTTY === true;
  }

  /** A stage begins: on a terminal, its line with an empty bar. */
  start(stage: string): void {
    const at = this.#now();
    this.#started.set(stage, at);
    if (!this.#live) return;
    this.#open = stage;
    this.#drawnAt = at;
    this.#meter.reset();
    this.#stream.write(`\r${this.#fit(`${label(stage)}${bar(0)}  …`)}\x1b[K`);
  }

  /**
   * `done` of `total` units of `step` (the stage in progress or a part of it) are finished:
   * on a terminal, the stage's line shows the step's bar, counts and time left, redrawn at
   * most every `redrawMs`. Nothing elsewhere, nor outside a stage.
   */
  advance(step: string, done: number, total: number, unit = ''): void {
    if (this.#open === undefined) return;
    const at = this.#now();
    this.#meter.update(step, done, total, unit, at);
    if (at - this.#drawnAt < this.#redrawMs) return;
    this.#drawnAt = at;
    const state = this.#meter.state as StepState;
    const left = this.#meter.remaining(at);
    const eta = left === undefined ? '' : `  ${formatDuration(left)} left`;
    const line = `${label(step)}${bar(doneShare(state))}  ${formatStepCount(state)}${eta}`;
    this.#stream.write(`\r${this.#fit(line)}\x1b[K`);
  }

  /** A stage ends: its line with a full bar (terminal) or a plain log line. */
  end(stage: string, count: number, unit: string): void {
    const at = this.#now();
    const begun = this.#started.get(stage) ?? at;
    const seconds = (at - begun) / 1000;
    this.timings.push({ stage, count, unit, seconds });
    this.#open = undefined;
    this.#meter.reset();
    if (this.#quiet) return;
    const what = `${count.toLocaleString('en-US')} ${unit}`;
    if (this.#stream.isTTY) {
      this.#stream.write(`\r${label(stage)}${bar(1)}  ${what}  ${seconds.toFixed(1)} s\x1b[K\n`);
    } else {
      this.#stream.write(`cohortlab: ${stage}: ${what} in ${seconds.toFixed(1)} s\n`);
    }
  }

  /** Runs `work` as a stage; `count` reads what it handled from the result. */
  async stage<T>(
    name: string,
    unit: string,
    work: () => T | Promise<T>,
    count: (result: T) => number,
  ): Promise<T> {
    this.start(name);
    const result = await work();
    this.end(name, count(result), unit);
    return result;
  }

  /** A live line cut to the terminal's width, so that it never wraps. */
  #fit(line: string): string {
    const columns = this.#stream.columns;
    return columns !== undefined && columns > 1 && line.length >= columns
      ? line.slice(0, columns - 1)
      : line;
  }
}

/** The stage or step name in its column: 10 wide, and one space at least. */
function label(name: string): string {
  return `${name.padEnd(9)} `;
}

/** A bar of {@link BAR_WIDTH} cells, `share` of them full. */
function bar(share: number): string {
  const full = Math.floor(share * BAR_WIDTH);
  return '█'.repeat(full) + '░'.repeat(BAR_WIDTH - full);
}
