/**
 * PNG images of Plotly figures and screenshots of HTML reports, drawn by headless Chromium
 * (see ./chromium.ts) with the installed plotly.js.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { assertWritable, writeFileAtomic, type WriteOptions } from '../export/write-file.js';
import {
  launchChromium,
  type BrowserPage,
  type ChromiumBrowser,
  type ChromiumOptions,
} from './chromium.js';
import type { PlotlyFigureLike } from './figure.js';
import { figureSpecJson } from './figure-html.js';
import { plotlyBundlePath } from './plotly-source.js';

/** Options of {@link figureToPng}. */
export interface FigurePngOptions extends ChromiumOptions, WriteOptions {
  /** Width in CSS px; default: the layout's width, else 900. */
  readonly width?: number;
  /** Height in CSS px; default: the layout's height, else 500. */
  readonly height?: number;
  /** Pixels per CSS px; the image is `width × scale` by `height × scale` pixels. Default 1. */
  readonly scale?: number;
}

/** Options of {@link reportScreenshot}. */
export interface ScreenshotOptions extends ChromiumOptions, WriteOptions {
  /** Viewport width in CSS px; default 1280. */
  readonly width?: number;
  /** Viewport height in CSS px (the first screen when `fullPage` is false); default 900. */
  readonly height?: number;
  /** The whole page rather than the first screen; default true. */
  readonly fullPage?: boolean;
}

/** What was written. */
export interface PngResult {
  /** The PNG file. */
  readonly file: string;
  /** Size in bytes. */
  readonly bytes: number;
}

const TIMEOUT_MS = 120_000;

/**
 * A running headless Chromium for several exports in a row (one launch, then one page per
 * export). Close it when done; {@link figureToPng} and {@link reportScreenshot} open and
 * close one each.
 */
export class PngExporter {
  private readonly browser: ChromiumBrowser;
  /** Folder of the page that loads plotly.js for figure exports. */
  private readonly workDir: string;
  /** That page, loaded once and kept for every figure (plotly.js takes a second to parse). */
  private figurePage: BrowserPage | undefined;

  private constructor(browser: ChromiumBrowser, workDir: string) {
    this.browser = browser;
    this.workDir = workDir;
  }

  /** Launches the browser (FILE_NOT_FOUND when there is none; never a download). */
  static async open(options: ChromiumOptions = {}, outputFile?: string): Promise<PngExporter> {
    const browser = await launchChromium(options, outputFile);
    const workDir = mkdtempSync(join(tmpdir(), 'cohortlab-png-'));
    // plotly.js loads from the installed package by file URL: nothing is copied or fetched.
    const bundle = pathToFileURL(plotlyBundlePath()).href;
    writeFileSync(
      join(workDir, 'figure.html'),
      `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="${bundle}"></script></head><body></body></html>\n`,
    );
    return new PngExporter(browser, workDir);
  }

  /** Draws `figure` with `Plotly.toImage` and writes it as a PNG file. */
  async figureToPng(
    figure: PlotlyFigureLike,
    file: string,
    options: FigurePngOptions = {},
  ): Promise<PngResult> {
    assertWritable(file, options);
    const layout = (figure.layout ?? {}) as { width?: unknown; height?: unknown };
    const width = positive('width', options.width ?? numberOr(layout.width, 900));
    const height = positive('height', options.height ?? numberOr(layout.height, 500));
    const scale = positive('scale', options.scale ?? 1);
    let png: Buffer;
    try {
      const page = await this.plotlyPage();
      const imageOptions = JSON.stringify({ format: 'png', width, height, scale });
      const dataUrl = await page.evaluate<string>(
        `(function (spec) { return Plotly.toImage(spec, ${imageOptions}); })(${figureSpecJson(figure)})`,
      );
      const prefix = 'data:image/png;base64,';
      if (!dataUrl.startsWith(prefix)) throw new Error('Plotly.toImage returned no PNG');
      png = Buffer.from(dataUrl.slice(prefix.length), 'base64');
    } catch (error) {
      throw exportFailed(file, error);
    }
    writeFileAtomic(file, png, options);
    return { file, bytes: png.length };
  }

  /**
   * Opens an HTML file (a cohortlab report or any page), waits until its figures are drawn
   * (`<html data-cohortlab-figures>`, set by the report's script) and saves a screenshot.
   */
  async reportScreenshot(
    htmlFile: string,
    pngFile: string,
    options: ScreenshotOptions = {},
  ): Promise<PngResult> {
    assertScreenshotArgs(htmlFile, pngFile, options);
    const width = positive('width', options.width ?? 1280);
    const height = positive('height', options.height ?? 900);
    const png = await this.withPage(pngFile, async (page) => {
      await page.setViewportSize({ width, height });
      await page.goto(pathToFileURL(resolve(htmlFile)).href, {
        waitUntil: 'load',
        timeout: TIMEOUT_MS,
      });
      await page.waitForFunction(
        `document.querySelector('div[data-cohortlab-figure]') === null ||
         document.documentElement.hasAttribute('data-cohortlab-figures')`,
        undefined,
        { timeout: TIMEOUT_MS },
      );
      return page.screenshot({ fullPage: options.fullPage ?? true, type: 'png' });
    });
    writeFileAtomic(pngFile, png, options);
    return { file: pngFile, bytes: png.length };
  }

  /** Closes the browser and removes its temporary folders. */
  async close(): Promise<void> {
    this.figurePage = undefined;
    try {
      await this.browser.close();
    } finally {
      rmSync(this.workDir, { recursive: true, force: true });
    }
  }

  /** The page with plotly.js loaded, opened on first use. */
  private async plotlyPage(): Promise<BrowserPage> {
    if (this.figurePage === undefined) {
      const page = await this.browser.context.newPage();
      try {
        await page.goto(pathToFileURL(join(this.workDir, 'figure.html')).href, {
          waitUntil: 'load',
          timeout: TIMEOUT_MS,
        });
      } catch (error) {
        await page.close();
        throw error;
      }
      this.figurePage = page;
    }
    return this.figurePage;
  }

  /** Runs `action` on a new page; any failure becomes WRITE_FAILED naming `file`. */
  private async withPage<T>(file: string, action: (page: BrowserPage) => Promise<T>): Promise<T> {
    const page = await this.browser.context.newPage();
    try {
      return await action(page);
    } catch (error) {
      throw exportFailed(file, error);
    } finally {
      await page.close();
    }
  }
}

/**
 * Writes `figure` as a PNG image of `width × scale` by `height × scale` pixels, drawn by
 * plotly.js (`Plotly.toImage`) in headless Chromium. An existing file is refused unless
 * `force`. Launches and closes a browser; use {@link PngExporter} for many images.
 */
export async function figureToPng(
  figure: PlotlyFigureLike,
  file: string,
  options: FigurePngOptions = {},
): Promise<PngResult> {
  assertWritable(file, options);
  const exporter = await PngExporter.open(options, file);
  try {
    return await exporter.figureToPng(figure, file, options);
  } finally {
    await exporter.close();
  }
}

/**
 * Saves a screenshot of an HTML report (by default the whole page at 1280 CSS px wide) once
 * its figures are drawn. Launches and closes a browser.
 */
export async function reportScreenshot(
  htmlFile: string,
  pngFile: string,
  options: ScreenshotOptions = {},
): Promise<PngResult> {
  assertScreenshotArgs(htmlFile, pngFile, options);
  const exporter = await PngExporter.open(options, pngFile);
  try {
    return await exporter.reportScreenshot(htmlFile, pngFile, options);
  } finally {
    await exporter.close();
  }
}

/** A failure of the browser side as WRITE_FAILED naming the file (typed errors pass through). */
function exportFailed(file: string, error: unknown): CohortlabError {
  if (error instanceof CohortlabError) return error;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new CohortlabError('WRITE_FAILED', `PNG export failed: ${reason}`, { file }, error);
}

/** The page must exist and the image may be written; checked before any browser work. */
function assertScreenshotArgs(htmlFile: string, pngFile: string, options: WriteOptions): void {
  if (!existsSync(htmlFile)) {
    throw new CohortlabError('FILE_NOT_FOUND', 'no such HTML file to screenshot', {
      file: htmlFile,
    });
  }
  assertWritable(pngFile, options);
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new CohortlabError('INVALID_OPTION', `${name} must be a positive number, got ${value}`);
  }
  return value;
}
