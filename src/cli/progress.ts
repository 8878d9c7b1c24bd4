import type { PipelineProgress } from '../pipeline/config.js';

/** A stage that ended: what it handled and how long it took. */
export interface StageTiming {
  readonly stage: string;
  readonly count: number;
  readonly unit: string;
  readonly seconds: number;
}

/** Where progress goes: a stream with an optional TTY flag (process.stderr). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 16;

/**
 * Progress of the CLI's stages on stderr. On a terminal each stage is one line with a bar —
 * empty while it runs, full when done — its count and time
 * ("features  ████████████████  23,570 customers  0.4 s"); otherwise (a pipe, a log file, CI)
 * one plain line per finished stage ("cohortlab: features: 23,570 customers in 0.4 s").
 * The stages run synchronous computations, so the bar marks start and end rather than
 * animating in between. `quiet` shows nothing. Timings are kept for the summary either way.
 */
export class StageProgress implements PipelineProgress {
  readonly timings: StageTiming[] = [];
  readonly #stream: ProgressStream;
  readonly #quiet: boolean;
  readonly #started = new Map<string, number>();

  constructor(stream: ProgressStream, options: { readonly quiet?: boolean } = {}) {
    this.#stream = stream;
    this.#quiet = options.quiet ?? false;
  }

  /** A stage begins: on a terminal, its line with an empty bar. */
  start(stage: string): void {
    this.#started.set(stage, performance.now());
    if (!this.#quiet && this.#stream.isTTY) {
      this.#stream.write(`\r${stage.padEnd(10)}${'░'.repeat(BAR_WIDTH)}  …\x1b[K`);
    }
  }

  /** A stage ends: its line with a full bar (terminal) or a plain log line. */
  end(stage: string, count: number, unit: string): void {
    const begun = this.#started.get(stage) ?? performance.now();
    const seconds = (performance.now() - begun) / 1000;
    this.timings.push({ stage, count, unit, seconds });
    if (this.#quiet) return;
    const what = `${count.toLocaleString('en-US')} ${unit}`;
    if (this.#stream.isTTY) {
      this.#stream.write(
        `\r${stage.padEnd(10)}${'█'.repeat(BAR_WIDTH)}  ${what}  ${seconds.toFixed(1)} s\x1b[K\n`,
      );
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
}
