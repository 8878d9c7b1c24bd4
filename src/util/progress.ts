/**
 * The progress contract between long computations and whatever displays them (the CLI's
 * terminal bar, a notebook's progress display).
 *
 * @module
 */

/**
 * Receives the stages of a fit or a scoring as they run, and how far the long ones are.
 *
 * `start` and `end` frame a stage ("features", "clusters"). `advance`, optional so that a
 * reporter of stages alone still fits, says that `done` of `total` units of a step are
 * finished; the step is the stage in progress or a named part of it ("k search" within
 * "clusters"). A function that reports a step reports it last with `done = total` when it
 * returns normally. Computations call `advance` from synchronous loops, at most once per unit
 * of work (a k-means fit, a fold, a file), so a reporter must be cheap and throttle itself.
 */
export interface PipelineProgress {
  /** A stage begins. */
  start(stage: string): void;
  /** A stage ends, having handled `count` things of kind `unit` ("customers"). */
  end(stage: string, count: number, unit: string): void;
  /** `done` of `total` units (`unit`: "fits", "files", "%") of `step` are finished. */
  advance?(step: string, done: number, total: number, unit?: string): void;
}

/** Reports `done` of `total` for one step; see {@link stepProgress}. */
export type StepReporter = (done: number, total: number) => void;

/**
 * The reporter of one step of `progress` in `unit`s, or undefined when there is nothing to
 * report to (no progress, or one without `advance`), so that loops can skip the call.
 */
export function stepProgress(
  progress: PipelineProgress | undefined,
  step: string,
  unit: string,
): StepReporter | undefined {
  if (progress?.advance === undefined) return undefined;
  const target = progress;
  return (done, total) => target.advance?.(step, done, total, unit);
}

/**
 * `progress` as a part of one step sees it: its advances, whatever step they name, are
 * reported as `done + before` of `total` units of `step` (the cohort files of a stage that
 * writes other files after them, say); its stages are not reported.
 */
export function partOfStep(
  progress: PipelineProgress,
  step: string,
  before: number,
  total: number,
): PipelineProgress {
  return {
    start: () => undefined,
    end: () => undefined,
    advance: (_part, done, _total, unit) => progress.advance?.(step, before + done, total, unit),
  };
}
