/**
 * A Plotly figure as one notebook output: a `<div>` and a script that draws it, preceded by
 * plotly.js itself the first time in a kernel.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { PlotlyFigureLike } from '../report/figure.js';
import { figureDivHeight, figureSpecJson } from '../report/figure-html.js';
import { plotlyLoaderOnce } from './plotly-loader.js';

/** Options of {@link figureHtml}. */
export interface FigureHtmlOptions {
  /** Height in CSS px when the layout sets none; default 420. */
  readonly height?: number;
  /**
   * Ship plotly.js with this figure: true always, false never; default: only with the first
   * figure of the kernel (see `resetNotebookPlotly`).
   */
  readonly includePlotly?: boolean;
}

/** Distinguishes the figures of different kernels shown on one page. */
const kernelId = randomBytes(4).toString('hex');
let figureCount = 0;

/**
 * HTML for one figure in a notebook output: `<div id="cl-fig-…">` plus a script calling
 * `Plotly.newPlot(div, data, layout, {responsive: true, displaylogo: false})` once
 * `window.Plotly` exists (it waits up to 10 s for a loader still running, then says in the div
 * what to do). Figure data is embedded as script-safe JSON.
 */
export function figureHtml(figure: PlotlyFigureLike, options: FigureHtmlOptions = {}): string {
  const id = `cl-fig-${kernelId}-${++figureCount}`;
  const height = figureDivHeight(figure, options.height);
  const style = height === undefined ? '' : ` style="height:${height}px"`;
  const loader =
    options.includePlotly === false ? '' : plotlyLoaderOnce(options.includePlotly === true);
  const draw = `<script>
(function () {
  var spec = ${figureSpecJson(figure)};
  var tries = 0;
  function draw() {
    var div = document.getElementById('${id}');
    if (!div) return;
    if (!window.Plotly) {
      if (++tries < 100) { setTimeout(draw, 100); return; }
      div.style.height = 'auto';
      div.textContent = 'plotly.js is not loaded on this page: call resetNotebookPlotly() ' +
        'from cohortlab and run the cell again.';
      return;
    }
    window.Plotly.newPlot(div, spec.data, spec.layout, spec.config);
  }
  draw();
})();
</script>`;
  return `<div id="${id}" class="cl-figure"${style}></div>\n${loader}${loader === '' ? '' : '\n'}${draw}`;
}
