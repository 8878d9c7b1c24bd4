import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseK } from '../../src/cluster/choose-k.js';
import { notebookProgress, type HtmlDisplay } from '../../src/notebook/index.js';

/** A clock the test moves by hand, in ms. */
function clock(): { now: () => number; at: (ms: number) => void } {
  let t = 0;
  return { now: () => t, at: (ms) => void (t = ms) };
}

/** Displays that replace their own output, as tslab's `newDisplay` makes: what each showed. */
function inPlace(): { newDisplay: () => HtmlDisplay; shown: string[][] } {
  const shown: string[][] = [];
  return {
    shown,
    newDisplay: () => {
      const outputs: string[] = [];
      shown.push(outputs);
      return { html: (html) => void outputs.push(html) };
    },
  };
}

/** The visible text of each table row of a progress display. */
function rowsOf(html: string): string[] {
  return [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)]
      .map((cell) => (cell[1] as string).replace(/<[^>]+>/g, ''))
      .filter((text) => text !== '')
      .join(' | '),
  );
}

/** The width of each row's bar, in percent. */
const barsOf = (html: string): string[] =>
  [...html.matchAll(/background:#4c78a8/g)].map((m) => {
    const before = html.slice(0, m.index);
    return /width:([\d.]+%);height:100%;$/.exec(before)?.[1] ?? '?';
  });

describe('notebookProgress with a display updated in place', () => {
  it('shows nothing for 2 s, then one output updated in place, throttled, and at each end', () => {
    const time = clock();
    const { newDisplay, shown } = inPlace();
    const progress = notebookProgress({ newDisplay, now: time.now });
    progress.start('features');
    time.at(400);
    progress.end('features', 23_570, 'customers');
    progress.start('clusters');
    time.at(500);
    progress.advance('k search', 1, 120, 'runs');
    expect(shown).toEqual([]); // 0.5 s into the call: nothing yet

    time.at(2500);
    progress.advance('k search', 41, 120, 'runs'); // 40 runs in 2 s: 79 more take 3.95 s
    time.at(2600);
    progress.advance('k search', 42, 120, 'runs'); // 100 ms after the last update: skipped
    time.at(2800);
    progress.advance('k search', 60, 120, 'runs');
    time.at(3000);
    progress.end('clusters', 2, 'clusters');

    expect(shown).toHaveLength(1); // one output, replaced each time
    const outputs = shown[0] as string[];
    expect(outputs.map(rowsOf)).toEqual([
      ['features | 23,570 customers · 0.4 s', 'clusters › k search | 41/120 runs · 0:04 left'],
      ['features | 23,570 customers · 0.4 s', 'clusters › k search | 60/120 runs · 0:03 left'],
      ['features | 23,570 customers · 0.4 s', 'clusters | 2 clusters · 2.6 s'],
    ]);
    expect(outputs.map(barsOf)).toEqual([
      ['100.0%', '34.2%'],
      ['100.0%', '50.0%'],
      ['100.0%', '100.0%'],
    ]);
  });

  it('shows nothing at all for a call quicker than showAfterMs', () => {
    const time = clock();
    const { newDisplay, shown } = inPlace();
    const progress = notebookProgress({ newDisplay, now: time.now });
    for (let done = 1; done <= 10; done++) {
      time.at(done * 150);
      progress.advance('export', done, 10, 'files');
    }
    expect(shown).toEqual([]);
    const slow = notebookProgress({ newDisplay, now: time.now, showAfterMs: 1000 });
    for (let done = 1; done <= 10; done++) {
      time.at(2000 + done * 150);
      slow.advance('export', done, 10, 'files');
    }
    expect(shown).toHaveLength(1);
    expect(rowsOf((shown[0] as string[]).at(-1) as string)).toEqual([
      'export | 10/10 files · 1.4 s',
    ]);
  });

  it('makes a row of each step of a call without stages, such as chooseK', () => {
    const { newDisplay, shown } = inPlace();
    let t = 0;
    const progress = notebookProgress({
      newDisplay,
      showAfterMs: 0,
      now: () => (t += 10), // 10 ms a report
    });
    const blobs = {
      data: Float64Array.from({ length: 80 }, (_, i) => (i % 4) * 10 + (i % 7) / 10),
      rows: 40,
      cols: 2,
    };
    chooseK(blobs, {
      ks: [2, 3],
      nInit: 2,
      gapReferences: 1,
      stabilityResamples: 1,
      auxiliaryNInit: 1,
      progress,
    });
    const last = (shown[0] as string[]).at(-1) as string;
    // 2 k × (2 main runs + 2 gap runs + 1 bootstrap run) = 10 runs, 10 ms apart.
    expect(rowsOf(last)).toEqual(['k search | 10/10 runs · 0.1 s', 'measures | 2/2 k · 0.0 s']);
  });

  it('escapes names, and stops showing (without failing the work) when the display fails', () => {
    const time = clock();
    const { newDisplay, shown } = inPlace();
    const named = notebookProgress({ newDisplay, now: time.now, showAfterMs: 0 });
    named.start('<b>stage</b>');
    expect((shown[0] as string[])[0]).toContain('&lt;b&gt;stage&lt;/b&gt;');

    let calls = 0;
    const failing = notebookProgress({
      newDisplay: () => ({
        html: () => {
          calls += 1;
          throw new Error('Not ready');
        },
      }),
      now: time.now,
      showAfterMs: 0,
    });
    expect(() => {
      failing.start('features');
      failing.advance('features', 50, 100, '%');
      failing.end('features', 10, 'customers');
    }).not.toThrow();
    expect(calls).toBe(1);
  });
});

describe('notebookProgress without in-place updates', () => {
  it('shows one line per stage that took 2 s or longer, once it is done', () => {
    const time = clock();
    const html: string[] = [];
    const progress = notebookProgress({
      display: { html: (h) => void html.push(h) },
      now: time.now,
    });
    progress.start('features');
    time.at(400);
    progress.end('features', 23_570, 'customers');
    progress.start('clusters');
    for (let done = 1; done <= 30; done++) {
      time.at(400 + done * 100);
      progress.advance('k search', done, 30, 'runs');
    }
    expect(html).toEqual([]);
    progress.end('clusters', 2, 'clusters');
    expect(html).toHaveLength(1);
    expect(html[0]?.replace(/<[^>]+>/g, '')).toBe('clusters: 2 clusters in 3.0 s');

    const printed: string[] = [];
    const text = notebookProgress({ print: (line) => void printed.push(line), now: time.now });
    time.at(10_000);
    text.start('load');
    time.at(12_500);
    text.end('load', 69_659, 'transactions');
    expect(printed).toEqual(['load: 69,659 transactions in 2.5 s']);
  });
});

describe('notebookProgress in a tslab kernel', () => {
  // tslab's own modules, loaded with Node's require as the kernel does (see show.test.ts).
  const nodeRequire = createRequire(import.meta.url);
  const dist = path.join(path.dirname(nodeRequire.resolve('tslab/package.json')), 'dist');
  const jupyter = nodeRequire(path.join(dist, 'jupyter.js')) as {
    lastWriteDisplayData:
      | ((
          data: { data: Record<string, unknown>; transient: { display_id?: string } },
          update: boolean,
        ) => void)
      | null;
  };
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  it('sends display_data once, then update_display_data with the same display_id', () => {
    const sent: { id: string | undefined; type: string; html: string }[] = [];
    // The message the kernel sends for each call (jupyter.js: `writeDisplayData`).
    jupyter.lastWriteDisplayData = (data, update) =>
      void sent.push({
        id: data.transient.display_id,
        type: update ? 'update_display_data' : 'display_data',
        html: String(data.data['text/html']),
      });
    const time = clock();
    const progress = notebookProgress({ now: time.now, showAfterMs: 0, updateMs: 0 });
    progress.start('write');
    time.at(100);
    progress.advance('write', 1, 2, 'files');
    time.at(200);
    progress.end('write', 2, 'files');
    expect(sent.map((s) => s.type)).toEqual([
      'display_data',
      'update_display_data',
      'update_display_data',
    ]);
    expect(sent[0]?.id).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(sent.map((s) => s.id)).size).toBe(1);
    expect(rowsOf(sent[2]?.html ?? '')).toEqual(['write | 2 files · 0.2 s']);
  });
});
