/**
 * PNG export through headless Chromium: one browser for the whole file (PngExporter), files
 * checked by reading their bytes (signature, IHDR size, pixel colours) with ./png.ts.
 * A missing /usr/bin/chromium fails the test; it is never skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureToPng, htmlReport, PngExporter, reportScreenshot } from '../../src/report/index.js';
import { countColour, PNG_SIGNATURE, pngHeader, pngPixels } from './png.js';
import { SAMPLE_FIGURES } from './sample-figures.js';

const CHROMIUM = '/usr/bin/chromium';
/** Plotly's first default colour (#1f77b4), the colour of a single bar trace. */
const PLOTLY_BLUE: [number, number, number] = [0x1f, 0x77, 0xb4];

let dir: string;
let exporter: PngExporter;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: PNG export tests need Debian's chromium (apt-get install chromium)`,
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'cohortlab-png-test-'));
  exporter = await PngExporter.open({ executablePath: CHROMIUM });
}, 120_000);

afterAll(async () => {
  await exporter?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

const sample = (name: string) => {
  const found = SAMPLE_FIGURES.find((s) => s.name === name);
  if (found === undefined) throw new Error(name);
  return found.figure;
};

describe('PNG export', () => {
  it('writes a figure at width × scale by height × scale pixels, drawn by plotly.js', async () => {
    const file = join(dir, 'bar.png');
    const result = await exporter.figureToPng(sample('bar'), file, {
      width: 640,
      height: 360,
      scale: 2,
    });
    const png = readFileSync(file);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(result).toEqual({ file, bytes: png.length });
    const { header, rgba } = pngPixels(png);
    expect([header.width, header.height]).toEqual([1280, 720]);
    // Four bars in Plotly's default blue cover a good part of the plot area.
    expect(countColour(rgba, PLOTLY_BLUE)).toBeGreaterThan(0.05 * 1280 * 720);
  });

  it("takes the layout's size by default and draws WebGL traces", async () => {
    const pie = join(dir, 'pie.png');
    await exporter.figureToPng(sample('pie'), pie, { width: 500 });
    expect(pngHeader(readFileSync(pie))).toMatchObject({ width: 500, height: 380 });
    const parcoords = join(dir, 'parcoords.png');
    await exporter.figureToPng(sample('parcoords'), parcoords);
    const { header, rgba } = pngPixels(readFileSync(parcoords));
    expect([header.width, header.height]).toEqual([900, 500]);
    // The WebGL lines made it into the image: the colour scale's yellow end (value 1) only
    // appears on them (axes and labels are grey).
    let yellow = 0;
    for (let i = 0; i < rgba.length; i += 4) {
      const [r, g, b] = [rgba[i] as number, rgba[i + 1] as number, rgba[i + 2] as number];
      if (r > 180 && g > 160 && b < 120) yellow++;
    }
    expect(yellow).toBeGreaterThan(100);
  });

  it('screenshots a report once its figures are drawn', async () => {
    const html = join(dir, 'report.html');
    writeFileSync(
      html,
      htmlReport({
        title: 'Screenshot',
        sections: [{ title: 'Bar', blocks: [{ type: 'figure', figure: sample('bar') }] }],
      }),
    );
    const file = join(dir, 'report.png');
    await exporter.reportScreenshot(html, file, { width: 1000, height: 600 });
    const { header, rgba } = pngPixels(readFileSync(file));
    expect(header.width).toBe(1000);
    expect(header.height).toBeGreaterThanOrEqual(600);
    expect(countColour(rgba, PLOTLY_BLUE)).toBeGreaterThan(10_000);
  });

  it('refuses to overwrite without force, before launching anything', async () => {
    const file = join(dir, 'exists.png');
    writeFileSync(file, 'keep');
    await expect(exporter.figureToPng(sample('bar'), file)).rejects.toMatchObject({
      code: 'OUTPUT_EXISTS',
    });
    await expect(figureToPng(sample('bar'), file)).rejects.toMatchObject({ code: 'OUTPUT_EXISTS' });
    expect(readFileSync(file, 'utf8')).toBe('keep');
    await exporter.figureToPng(sample('bar'), file, { force: true, width: 100, height: 80 });
    expect(pngHeader(readFileSync(file))).toMatchObject({ width: 100, height: 80 });
  });

  it('names the missing browser instead of downloading one', async () => {
    const missing = '/nonexistent/chromium';
    await expect(
      figureToPng(sample('bar'), join(dir, 'never.png'), { executablePath: missing }),
    ).rejects.toMatchObject({
      name: 'CohortlabError',
      code: 'FILE_NOT_FOUND',
      file: missing,
      message: expect.stringContaining('apt-get install chromium'),
    });
    await expect(
      reportScreenshot(join(dir, 'report.html'), join(dir, 'never.png'), {
        executablePath: missing,
      }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(
      exporter.reportScreenshot(join(dir, 'missing.html'), join(dir, 'never.png')),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', file: join(dir, 'missing.html') });
    expect(existsSync(join(dir, 'never.png'))).toBe(false);
  });

  it('rejects sizes that are not positive', async () => {
    await expect(
      exporter.figureToPng(sample('bar'), join(dir, 'bad.png'), { scale: 0 }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });
});
