/**
 * plotly.js for notebook outputs: shipped inline (offline) with the first figure a kernel
 * displays, and loaded so that it becomes `window.Plotly` even on pages with RequireJS
 * (classic Jupyter Notebook), where a UMD bundle would otherwise register itself as an AMD
 * module and leave no global.
 *
 * @module
 */
import { plotlySource } from '../report/plotly-source.js';

/** Whether this process (kernel) has already put plotly.js into an output. */
let shipped = false;

/**
 * A `<script>` element that defines `window.Plotly` from the inlined bundle, unless the page
 * has it already. While the bundle runs, `define`, `module`, `exports` and `require` are
 * shadowed by `undefined` parameters, and `window.define` is hidden and then restored, so the
 * bundle takes its browser-global path whatever loader the page has.
 */
export function plotlyLoaderHtml(): string {
  const bundle = plotlySource();
  return (
    '<script>\n(function () {\n' +
    '  if (window.Plotly) return;\n' +
    '  var hasDefine = Object.prototype.hasOwnProperty.call(window, "define");\n' +
    '  var savedDefine = window.define;\n' +
    '  window.define = undefined;\n' +
    '  try {\n' +
    '    (function (define, module, exports, require) {\n' +
    bundle +
    '\n    }).call(window);\n' +
    '  } finally {\n' +
    '    if (hasDefine) window.define = savedDefine; else delete window.define;\n' +
    '  }\n' +
    '})();\n</script>'
  );
}

/**
 * The loader for the first figure of the kernel, '' afterwards (the figures' scripts find
 * `window.Plotly` on the page). `force` ships it again.
 */
export function plotlyLoaderOnce(force = false): string {
  if (shipped && !force) return '';
  shipped = true;
  return plotlyLoaderHtml();
}

/**
 * Makes the next figure ship plotly.js again: call it when the notebook page was reloaded or
 * the outputs holding plotly.js were cleared while the kernel kept running.
 */
export function resetNotebookPlotly(): void {
  shipped = false;
}
