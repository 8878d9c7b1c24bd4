/**
 * `notebookProgress()`: a progress display for long library calls in a tslab notebook.
 *
 * @module
 */
import { escapeHtml } from '../report/html-escape.js';
import type { PipelineProgress } from '../util/progress.js';
import {
  doneShare,
  formatDuration,
  formatStepCount,
  StepMeter,
  type StepState,
} from '../util/progress-meter.js';
import { tslabDisplay, tslabNewDisplay, type HtmlDisplay } from './tslab.js';

/** Options of {@link notebookProgress}. */
export interface NotebookProgressOptions {
  /**
   * Makes a display that replaces its own output at every call (tslab's `newDisplay`, the
   * default in a tslab kernel): the progress is one output, updated in place.
   */
  readonly newDisplay?: () => HtmlDisplay;
  /**
   * A display that only adds outputs: each stage that took `showAfterMs` or longer is shown
   * as one line once it is done (used when there is no `newDisplay`).
   */
  readonly display?: HtmlDisplay;
  /** Outside a notebook (neither of the above): where those lines go (default `console.log`). */
  readonly print?: (text: string) => void;
  /** A call shows nothing until it has run this long, in ms (default 2000). */
  readonly showAfterMs?: number;
  /** Least time between two updates of the display, in ms (default 250). */
  readonly updateMs?: number;
  /** The clock, in ms (default `performance.now`); tests pass their own. */
  readonly now?: () => number;
}

/** A stage or step that is done: its name, what it handled, how long it took. */
interface DoneRow {
  readonly name: string;
  readonly what: string;
  readonly seconds: number;
}

/**
 * The progress of one long call in a notebook, for the `progress` option of the library's
 * long calls (see {@link notebookProgress}). In a tslab kernel it is one HTML output, created
 * once the call has run `showAfterMs` (quicker calls show nothing) and updated in place
 * (at most every `updateMs`, and at every stage's end) while the call runs: a row per stage
 * done, with its count and time, and a bar for the step in progress with its counts and the
 * time left. Without in-place updates, each slow stage is one line when it is done.
 */
export class NotebookProgress implements PipelineProgress {
  readonly #now: () => number;
  readonly #showAfter: number;
  readonly #updateEvery: number;
  readonly #newDisplay: (() => HtmlDisplay) | undefined;
  readonly #lines: ((line: DoneRow) => void) | undefined;
  readonly #done: DoneRow[] = [];
  readonly #meter = new StepMeter();
  #firstAt: number | undefined;
  #open: { readonly stage: string; readonly at: number } | undefined;
  /** When the step reported outside any stage began (its first report). */
  #stepAt = 0;
  #display: HtmlDisplay | undefined;
  #shownAt = 0;
  #broken = false;

  constructor(options: NotebookProgressOptions = {}) {
    this.#now = options.now ?? (() => performance.now());
    this.#showAfter = options.showAfterMs ?? 2000;
    this.#updateEvery = options.updateMs ?? 250;
    const defaults = options.newDisplay === undefined && options.display === undefined;
    this.#newDisplay = options.newDisplay ?? (defaults ? tslabNewDisplay() : undefined);
    if (this.#newDisplay === undefined) {
      const display = options.display ?? (defaults ? tslabDisplay() : undefined);
      const print = options.print ?? ((text: string) => console.log(text));
      this.#lines =
        display === undefined
          ? (row) => print(doneText(row))
          : (row) =>
              display.html(
                `<div class="cl-progress" style="${FONT}">${escapeHtml(doneText(row))}</div>`,
              );
    }
  }

  /** A stage begins. */
  start(stage: string): void {
    const at = this.#clock();
    this.#finishStep(at);
    this.#open = { stage, at };
    this.#meter.reset();
    this.#refresh(at, false);
  }

  /** `done` of `total` units of `step` are finished; a step outside a stage is done at total. */
  advance(step: string, done: number, total: number, unit = ''): void {
    const at = this.#clock();
    const state = this.#meter.state;
    if (this.#open === undefined && state?.step !== step) {
      // A step that is done may say so twice; its row is there already.
      if (state === undefined && done >= total && this.#done.at(-1)?.name === step) return;
      this.#finishStep(at);
      this.#stepAt = at;
    }
    this.#meter.update(step, done, total, unit, at);
    if (this.#open === undefined && done >= total) {
      this.#finishStep(at);
      return;
    }
    this.#refresh(at, false);
  }

  /** A stage ends, having handled `count` `unit`s. */
  end(stage: string, count: number, unit: string): void {
    const at = this.#clock();
    const began = this.#open?.stage === stage ? this.#open.at : at;
    this.#open = undefined;
    this.#meter.reset();
    this.#finish(
      {
        name: stage,
        what: `${count.toLocaleString('en-US')} ${unit}`,
        seconds: (at - began) / 1000,
      },
      at,
    );
  }

  #clock(): number {
    const at = this.#now();
    this.#firstAt ??= at;
    return at;
  }

  /** The step reported outside any stage, as far as it got, becomes a row of its own. */
  #finishStep(at: number): void {
    const state = this.#meter.state;
    if (this.#open !== undefined || state === undefined) return;
    this.#meter.reset();
    this.#finish(
      { name: state.step, what: formatStepCount(state), seconds: (at - this.#stepAt) / 1000 },
      at,
    );
  }

  #finish(row: DoneRow, at: number): void {
    this.#done.push(row);
    if (this.#lines !== undefined) {
      if (row.seconds * 1000 >= this.#showAfter) this.#guard(() => this.#lines?.(row));
    } else this.#refresh(at, true);
  }

  /** Shows the state in place: once the call is slow enough, then at most every updateMs. */
  #refresh(at: number, force: boolean): void {
    const newDisplay = this.#newDisplay;
    if (newDisplay === undefined || this.#broken) return;
    if (this.#display === undefined) {
      if (at - (this.#firstAt ?? at) < this.#showAfter) return;
      this.#guard(() => (this.#display = newDisplay()));
    } else if (!force && at - this.#shownAt < this.#updateEvery) return;
    this.#shownAt = at;
    const html = this.#html(at);
    this.#guard(() => this.#display?.html(html));
  }

  /** A failing display (a kernel gone) must not fail the computation: it just stops. */
  #guard(show: () => void): void {
    if (this.#broken) return;
    try {
      show();
    } catch {
      this.#broken = true;
    }
  }

  #html(at: number): string {
    const rows = this.#done.map((row) =>
      tableRow(row.name, 1, `${row.what} · ${row.seconds.toFixed(1)} s`),
    );
    const state = this.#meter.state;
    if (state !== undefined) rows.push(this.#stepRow(state, at));
    else if (this.#open !== undefined) {
      const elapsed = formatDuration(at - this.#open.at);
      rows.push(tableRow(this.#open.stage, 0, `… ${elapsed}`));
    }
    const table = `<table style="${FONT};border-collapse:collapse;margin:0">${rows.join('')}</table>`;
    // The class marks the output as progress (for readers of saved notebooks, and the tests).
    return `<div class="cl-progress">${table}</div>`;
  }

  #stepRow(state: StepState, at: number): string {
    const open = this.#open?.stage;
    const name = open === undefined || open === state.step ? state.step : `${open} › ${state.step}`;
    const left = this.#meter.remaining(at);
    const eta = left === undefined ? '' : ` · ${formatDuration(left)} left`;
    return tableRow(name, doneShare(state), `${formatStepCount(state)}${eta}`);
  }
}

/**
 * A progress display for the library's long calls in a tslab notebook: pass it as their
 * `progress` option, one per call —
 * `await fitPipeline(tx, { progress: notebookProgress() })`,
 * `clusterCustomers(table, { progress: notebookProgress() })`,
 * `chooseK(x, { progress: notebookProgress() })`,
 * `await loadTransactions(file, { map, progress: notebookProgress() })`,
 * `await crossValidate(factory, table, target, { progress: notebookProgress() })`,
 * `await mlp.fit(table, target, { progress: notebookProgress() })`,
 * `await writeCohortExport(plan, { engine, progress: notebookProgress() })`.
 *
 * In a tslab kernel, a call that runs longer than `showAfterMs` (2 s) gets one HTML output,
 * updated in place while it runs (tslab's `newDisplay`: Jupyter's `update_display_data`; the
 * updates go out during synchronous work too): a row per stage done with its count and time,
 * and a bar for the step in progress with its counts and the time left at its pace so far
 * ("clusters › k search  60/120 runs · 0:04 left"). Quicker calls show nothing. With only a
 * `display` that adds outputs, or outside a notebook, each stage that took 2 s or longer is
 * one line once it is done ("clusters: 2 clusters in 2.8 s").
 */
export function notebookProgress(options: NotebookProgressOptions = {}): NotebookProgress {
  return new NotebookProgress(options);
}

const FONT = 'font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px';
const CELL = 'text-align:left;padding:1px 8px 1px 0;border:none;white-space:nowrap';

/** One row: the name, a bar `share` full, and the text after it. */
function tableRow(name: string, share: number, text: string): string {
  const width = `${(share * 100).toFixed(1)}%`;
  const bar =
    '<div style="width:12em;height:0.75em;background:#e3e3e3;border-radius:2px">' +
    `<div style="width:${width};height:100%;background:#4c78a8;border-radius:2px"></div></div>`;
  return `<tr><td style="${CELL}">${escapeHtml(name)}</td><td style="${CELL}">${bar}</td><td style="${CELL}">${escapeHtml(text)}</td></tr>`;
}

function doneText(row: DoneRow): string {
  return `${row.name}: ${row.what} in ${row.seconds.toFixed(1)} s`;
}
