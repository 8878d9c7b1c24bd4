/**
 * Checks of the BG/NBD part of notebook 05: the paper's parameters, the calibration / holdout
 * summary rebuilt by hand from the raw CDNOW file and refitted, expected against actual
 * purchases per frequency group, P(alive) and its classes against the rule-based lifecycle.
 */
import { expect } from 'vitest';
import { BgNbd } from '../../src/predict/bg-nbd/bg-nbd.js';
import type { BgNbdSummary } from '../../src/predict/bg-nbd/summary.js';
import { formatCell } from '../../src/util/text-table.js';
import {
  dayOf,
  stagesByHand,
  summaryByHand,
  thresholdsByHand,
  type CustomerDays,
} from './cdnow-by-hand.js';
import { bodyRows, countBy, type Trace } from './outputs.js';

/** What the checks read from a run of notebook 05. */
export interface DynamicsOutputs {
  readonly locals: Readonly<Record<string, unknown>>;
  readonly text: string;
  readonly tables: readonly string[];
  readonly figures: readonly Trace[][];
}

/** Sections 5–7 of notebook 05: tables 6–9 and figures 4–6. */
export function checkBgNbd(
  { locals, text, tables, figures }: DynamicsOutputs,
  days: Map<string, CustomerDays>,
): void {
  // 5. BG/NBD on the paper's data: the published parameters and log-likelihood.
  const paperModel = locals['paperModel'] as BgNbd;
  const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  for (const [name, value] of Object.entries(published)) {
    expect(paperModel.parameters[name as keyof typeof published]).toBeCloseTo(value, 3);
  }
  expect(paperModel.logLikelihood).toBeCloseTo(-9582.4, 1);
  expect(bodyRows(tables[6] as string)).toEqual(
    Object.entries(published).map(([name, value]) => [
      name,
      formatCell(value, 3),
      formatCell(paperModel.parameters[name as keyof typeof published], 4),
    ]),
  );
  expect(text).toContain(`log-likelihood ${paperModel.logLikelihood.toFixed(4)} (paper: −9582.4)`);
  expect(text).toContain('P(alive) 0.727, expected purchases in the next 39 weeks 1.226');

  // 6. Calibration / holdout: the summary rebuilt by hand from the raw file, refitted here.
  const calibrationEnd = dayOf('1997-10-01');
  const end = dayOf('1998-07-01');
  const { summary, holdout } = summaryByHand(days, calibrationEnd, end);
  const calibration = locals['calibration'] as BgNbdSummary & {
    frequencyHoldout: Float64Array;
    durationHoldout: number;
  };
  expect(Array.from(calibration.frequency)).toEqual(Array.from(summary.frequency));
  expect(Array.from(calibration.recency)).toEqual(Array.from(summary.recency));
  expect(Array.from(calibration.T)).toEqual(Array.from(summary.T));
  expect(Array.from(calibration.frequencyHoldout)).toEqual(holdout);
  expect(calibration.durationHoldout).toBe((end - calibrationEnd) / 7);
  expect(calibration.durationHoldout).toBe(39);
  const calibrated = new BgNbd().fit(summary);
  expect((locals['calibrated'] as BgNbd).parameters).toEqual(calibrated.parameters);
  const expected = calibrated.predictPurchases(39, summary);
  const groups = Array.from({ length: 8 }, () => ({ n: 0, expected: 0, actual: 0 }));
  summary.frequency.forEach((x, i) => {
    const g = groups[Math.min(x, 7)] as { n: number; expected: number; actual: number };
    g.n++;
    g.expected += expected[i] as number;
    g.actual += holdout[i] as number;
  });
  const labels = ['0', '1', '2', '3', '4', '5', '6', '7+'];
  const [bars, line] = figures[4] as [Trace, Trace];
  expect(bars.x).toEqual(labels);
  expect(bars.y).toEqual(groups.map((g) => g.actual / g.n));
  for (const [k, g] of groups.entries()) expect(line.y?.[k]).toBeCloseTo(g.expected / g.n, 12);
  const totalExpected = groups.reduce((s, g) => s + g.expected, 0);
  const totalActual = holdout.reduce((s, v) => s + v, 0);
  expect(totalActual).toBe(19_684);
  expect(bodyRows(tables[7] as string).at(-1)).toEqual([
    'all',
    '23,570',
    formatCell(totalExpected / 23_570, 3),
    formatCell(totalActual / 23_570, 3),
    formatCell(totalExpected, 0),
    formatCell(totalActual, 0),
  ]);
  const shortfall = (totalExpected / totalActual - 1) * 100;
  expect(shortfall).toBeGreaterThan(-16);
  expect(shortfall).toBeLessThan(-12);
  expect(text).toContain(`(${shortfall.toFixed(1)} %)`);
  // The markdown's reading: the largest relative shortfall is at one and two repeat purchases.
  const gaps = groups.map((g) => 1 - g.expected / g.actual);
  const worst = gaps.map((g, k) => [g, k] as const).sort((p, q) => q[0] - p[0]);
  expect(
    worst
      .slice(0, 2)
      .map(([, k]) => k)
      .sort(),
  ).toEqual([1, 2]);

  // 7. P(alive) today: the summary by hand; one-time buyers have P(alive) = 1.
  const now = summaryByHand(days, end, end).summary;
  const current = new BgNbd().fit(now);
  expect((locals['current'] as BgNbd).parameters).toEqual(current.parameters);
  const pAlive = locals['pAlive'] as Float64Array;
  expect(Array.from(pAlive)).toEqual(Array.from(current.predictAlive(now)));
  const oneTimers = Array.from(now.frequency).flatMap((x, i) => (x === 0 ? [i] : []));
  expect(oneTimers).toHaveLength(12_054);
  expect(oneTimers.every((i) => pAlive[i] === 1)).toBe(true);
  expect(text).toContain('23570 customers, 12054 of them never bought again');
  const bins = new Array<number>(10).fill(0);
  for (const v of pAlive) {
    const bin = Math.min(9, Math.floor(v * 10));
    bins[bin] = (bins[bin] as number) + 1;
  }
  expect(figures[5]?.[0]?.y).toEqual(bins);
  // Classes from P(alive) against the rule-based lifecycle, both by hand.
  const aliveClass = Array.from(pAlive, (v) =>
    v >= 0.7 ? 'active' : v >= 0.3 ? 'at-risk' : 'churned',
  );
  const rules = stagesByHand(days, end, thresholdsByHand(days, end));
  // The 68 customers whose every order is $0 are prospects by the rules (they never bought).
  expect(countBy(rules)).toEqual(
    new Map([
      ['churned', 15_250],
      ['active', 5266],
      ['at-risk', 2986],
      ['prospect', 68],
    ]),
  );
  const stages3 = ['active', 'at-risk', 'churned'];
  const crosstabRows = (rows: number[]): string[][] =>
    [...stages3, 'prospect']
      .filter((r) => rows.some((i) => rules[i] === r))
      .map((r) => {
        const counts = stages3.map(
          (c) => rows.filter((i) => rules[i] === r && aliveClass[i] === c).length,
        );
        return [
          r,
          ...counts.map((v) => formatCell(v)),
          formatCell(counts.reduce((s, v) => s + v, 0)),
        ];
      });
  const everyone = rules.map((_, i) => i);
  const repeat = everyone.filter((i) => (now.frequency[i] as number) > 0);
  expect(bodyRows(tables[8] as string)).toEqual(crosstabRows(everyone));
  expect(bodyRows(tables[9] as string)).toEqual(crosstabRows(repeat));
  // Every one-time buyer is rule-churned (or a prospect: the 68 who spent $0) and BG/NBD-active.
  expect(
    oneTimers.every(
      (i) => ['churned', 'prospect'].includes(rules[i] as string) && aliveClass[i] === 'active',
    ),
  ).toBe(true);
  expect(figures[6]?.[0]?.z).toEqual(
    stages3.map((r) =>
      stages3.map((c) => repeat.filter((i) => rules[i] === r && aliveClass[i] === c).length),
    ),
  );
  const agree = repeat.filter((i) => rules[i] === aliveClass[i]).length;
  expect(agree / repeat.length).toBeGreaterThan(0.8);
  expect(text).toContain(`repeat buyers: ${agree} of ${repeat.length} (`);
}
