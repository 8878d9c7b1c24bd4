/**
 * Finds tslab's `display` when the code runs inside a tslab kernel, without loading tslab
 * (and its TypeScript) anywhere else.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What the display helpers need from a rich display: tslab's `display` has it. */
export interface HtmlDisplay {
  /** Shows HTML as the cell's output. */
  html(html: string): void;
}

const KERNEL_MODULE = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;

/**
 * tslab's `display` when this process is a tslab kernel that is running a cell, else
 * undefined. The kernel has loaded its `tslab/dist/jupyter.js` (found in the module cache,
 * whichever tslab installation runs the kernel, local or global) and set its display
 * callback; the `display` returned is that same tslab's, so it reaches the kernel.
 */
export function tslabDisplay(): HtmlDisplay | undefined {
  const display = tslabPublic()?.display;
  return typeof display?.html === 'function' ? (display as HtmlDisplay) : undefined;
}

/**
 * tslab's `newDisplay` when running in a tslab kernel (see {@link tslabDisplay}), else
 * undefined. Each display it makes shows one output and replaces it in place at every later
 * call (a Jupyter `display_id`: `display_data`, then `update_display_data`).
 */
export function tslabNewDisplay(): (() => HtmlDisplay) | undefined {
  const tslab = tslabPublic();
  const newDisplay = tslab?.newDisplay;
  if (typeof newDisplay !== 'function') return undefined;
  return () => newDisplay.call(tslab) as HtmlDisplay;
}

/** What is used here of tslab's public module. */
interface TslabPublic {
  readonly display?: Partial<HtmlDisplay>;
  readonly newDisplay?: () => Partial<HtmlDisplay>;
}

/** tslab's public module, when this process is a kernel running a cell. */
function tslabPublic(): TslabPublic | undefined {
  // Not a module-level `require`: the CommonJS build already has one in its module wrapper.
  const nodeRequire = createRequire(import.meta.url);
  const kernelPath = Object.keys(nodeRequire.cache).find((path) => KERNEL_MODULE.test(path));
  if (kernelPath === undefined) return undefined;
  const kernel = nodeRequire.cache[kernelPath]?.exports as
    { lastWriteDisplayData?: unknown } | undefined;
  if (kernel?.lastWriteDisplayData == null) return undefined;
  try {
    return nodeRequire(join(dirname(kernelPath), 'public.js')) as TslabPublic;
  } catch {
    return undefined;
  }
}
