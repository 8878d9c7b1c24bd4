/**
 * What the progress displays share: following one step's advances, estimating the time left
 * from its pace so far, and writing counts and durations the same way on a terminal and in
 * a notebook.
 *
 * @module
 */

/** Where a step stands, as its last `advance` told. */
export interface StepState {
  readonly step: string;
  readonly done: number;
  readonly total: number;
  readonly unit: string;
}

/**
 * Follows the advances of the step in progress. A step's pace is measured from its first
 * report: the time left is (total − done) at the rate of the units done since then. Another
 * step name, another total, or a count going back (each DuckDB query of a load counts from 0
 * again) starts a new measurement.
 */
export class StepMeter {
  #state: StepState | undefined;
  #since = 0;
  #doneThen = 0;

  /** The step as last reported; undefined before the first report or after `reset`. */
  get state(): StepState | undefined {
    return this.#state;
  }

  /** Records a report at time `at` (ms); true when it began a new measurement. */
  update(step: string, done: number, total: number, unit: string, at: number): boolean {
    const last = this.#state;
    const fresh =
      last === undefined || last.step !== step || last.total !== total || done < last.done;
    if (fresh) {
      this.#since = at;
      this.#doneThen = done;
    }
    this.#state = { step, done, total, unit };
    return fresh;
  }

  /**
   * Estimated ms left at time `at`; undefined until a unit was done after the first report,
   * and once the step is complete.
   */
  remaining(at: number): number | undefined {
    const state = this.#state;
    if (state === undefined || state.done >= state.total) return undefined;
    const units = state.done - this.#doneThen;
    const elapsed = at - this.#since;
    if (units <= 0 || elapsed <= 0) return undefined;
    return ((state.total - state.done) * elapsed) / units;
  }

  /** Forgets the step (its stage ended). */
  reset(): void {
    this.#state = undefined;
  }
}

/** Share of the step done, clamped to 0…1 (0 for a total of 0). */
export function doneShare(state: StepState): number {
  if (!(state.total > 0)) return 0;
  return Math.min(1, Math.max(0, state.done / state.total));
}

/** "5/9 k", "1,200/48,000 runs", or "41%" for a step counted in percent. */
export function formatStepCount(state: StepState): string {
  if (state.unit === '%') return `${Math.floor(state.done)}%`;
  const count = `${formatWhole(state.done)}/${formatWhole(state.total)}`;
  return state.unit === '' ? count : `${count} ${state.unit}`;
}

/** A duration as m:ss, or h:mm:ss from an hour on, rounded up to the second ("0:04"). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const s = String(seconds % 60).padStart(2, '0');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}:${s}`;
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${s}`;
}

function formatWhole(value: number): string {
  return Math.floor(value).toLocaleString('en-US');
}
