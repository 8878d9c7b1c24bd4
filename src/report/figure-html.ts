/**
 * A Plotly figure as HTML for the report: a `<div>` for the plot and the figure's JSON in a
 * `<script type="application/json">` element; one script at the end of the page
 * ({@link REPORT_RENDER_SCRIPT}) draws them all.
 *
 * @module
 */
import { DEFAULT_PLOTLY_CONFIG, type PlotlyFigureLike } from './figure.js';
import { escapeHtml, jsonForScript } from './html-escape.js';

/** Height (CSS px) of a figure div whose layout sets no height. */
export const DEFAULT_FIGURE_HEIGHT = 420;

/**
 * What `Plotly.newPlot` receives for a figure: its traces, its layout (or `{}`), and the
 * default config ({@link DEFAULT_PLOTLY_CONFIG}) with the figure's own config merged over it.
 * As JSON safe inside a `<script>` element.
 */
export function figureSpecJson(figure: PlotlyFigureLike): string {
  return jsonForScript({
    data: figure.data,
    layout: figure.layout ?? {},
    config: { ...DEFAULT_PLOTLY_CONFIG, ...(figure.config ?? {}) },
  });
}

/**
 * The CSS height to give a figure's div: none when the layout fixes its own height (Plotly
 * then sizes the div), else `height` or {@link DEFAULT_FIGURE_HEIGHT}.
 */
export function figureDivHeight(figure: PlotlyFigureLike, height?: number): number | undefined {
  const layoutHeight = (figure.layout as { height?: unknown } | undefined)?.height;
  if (typeof layoutHeight === 'number') return undefined;
  return height ?? DEFAULT_FIGURE_HEIGHT;
}

/**
 * The placeholder of one figure in a report: `<div id="{id}" data-cohortlab-figure="{id}-spec">`
 * followed by the JSON spec in `<script type="application/json" id="{id}-spec">`.
 */
export function reportFigureHtml(figure: PlotlyFigureLike, id: string, height?: number): string {
  const divHeight = figureDivHeight(figure, height);
  const style = divHeight === undefined ? '' : ` style="height:${divHeight}px"`;
  const safeId = escapeHtml(id);
  return (
    `<div class="cl-figure" id="${safeId}" data-cohortlab-figure="${safeId}-spec"${style}></div>\n` +
    `<script type="application/json" id="${safeId}-spec">${figureSpecJson(figure)}</script>`
  );
}

/**
 * Draws every `div[data-cohortlab-figure]` with `Plotly.newPlot`. A figure that fails shows
 * the error in its place (and on the console) and the others still draw. When all are done,
 * `<html data-cohortlab-figures="rendered">` (or `"failed"`) tells screenshots and tests
 * that the page is complete.
 */
export const REPORT_RENDER_SCRIPT = `(function () {
  'use strict';
  var divs = document.querySelectorAll('div[data-cohortlab-figure]');
  var pending = [];
  for (var i = 0; i < divs.length; i++) pending.push(draw(divs[i]));
  Promise.all(pending).then(function (results) {
    var ok = results.indexOf(false) < 0;
    document.documentElement.setAttribute('data-cohortlab-figures', ok ? 'rendered' : 'failed');
  });
  function draw(div) {
    try {
      var specElement = document.getElementById(div.getAttribute('data-cohortlab-figure'));
      var spec = JSON.parse(specElement.textContent);
      return Promise.resolve(Plotly.newPlot(div, spec.data, spec.layout, spec.config)).then(
        function () { return true; },
        function (error) { return fail(div, error); }
      );
    } catch (error) {
      return Promise.resolve(fail(div, error));
    }
  }
  function fail(div, error) {
    console.error('cohortlab: figure ' + div.id + ' could not be drawn: ' + error);
    div.className += ' cl-figure-error';
    div.style.height = 'auto';
    div.textContent = 'This figure could not be drawn: ' + error;
    return false;
  }
})();`;
