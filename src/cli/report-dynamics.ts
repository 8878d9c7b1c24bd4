import type { MigrationMatrix } from '../dynamics/migration-matrix.js';
import { flowSankeyFigure } from '../plot/sankey.js';
import { expectedPurchasesColumn } from '../pipeline/repeat-buying.js';
import type { ReportBlock, ReportSection } from '../report/report-types.js';
import { getNumeric } from '../table/column-table.js';
import type { RunDynamics } from './dynamics-stage.js';
import type { RunComputed } from './run.js';

/** Purchase likelihood: the --likelihood tree's quality and BG/NBD's P(alive) by class. */
export function likelihoodSection(run: RunComputed): ReportSection | undefined {
  const pipeline = run.fit.pipeline;
  const blocks: ReportBlock[] = [];
  const likelihood = pipeline.likelihood;
  if (likelihood) {
    blocks.push({
      type: 'text',
      text:
        `purchase_probability is P(an order within ${likelihood.horizonDays} days) from a decision ` +
        `tree fitted on a time split: out-of-fold AUC ${likelihood.auc.toFixed(3)}, Brier ` +
        `${likelihood.brier.toFixed(4)}. Above about 0.7 AUC the ranking is useful for targeting.`,
    });
  }
  const bg = pipeline.repeatBuying;
  const cohorts = run.fit.cohorts;
  if (bg && cohorts['p_alive'] !== undefined) {
    const column = expectedPurchasesColumn(bg.horizonWeeks);
    const { r, alpha, a, b } = bg.model.parameters;
    blocks.push({
      type: 'text',
      text:
        `BG/NBD (Fader, Hardie & Lee 2005) on purchase days in weeks: r = ${r.toFixed(4)}, ` +
        `α = ${alpha.toFixed(4)}, a = ${a.toFixed(4)}, b = ${b.toFixed(4)}. p_alive is the ` +
        `probability that a customer still buys; ${column} the purchases expected in the next ` +
        `${bg.horizonWeeks} weeks. ` +
        (bg.model.reliable
          ? 'Customers with high value but low p_alive are the ones to win back.'
          : 'This fit is degenerate (see the warnings at the top): p_alive is unreliable ' +
            'here and must not be used to pick customers to win back.'),
    });
    const alive = getNumeric(cohorts, 'p_alive');
    const expected = getNumeric(cohorts, column);
    for (const [scheme, labels] of Object.entries(run.schemes)) {
      const groups = new Map<string, { n: number; alive: number; expected: number }>();
      labels.forEach((label, i) => {
        const p = alive[i] as number;
        if (Number.isNaN(p)) return;
        const g = groups.get(label) ?? { n: 0, alive: 0, expected: 0 };
        g.n++;
        g.alive += p;
        g.expected += expected[i] as number;
        groups.set(label, g);
      });
      blocks.push({
        type: 'table',
        caption: `BG/NBD by ${scheme}`,
        table: {
          headers: [scheme, 'customers', 'mean p_alive', `mean ${column}`, `sum ${column}`],
          rows: [...groups].map(([label, g]) => [
            label,
            g.n,
            g.alive / g.n,
            g.expected / g.n,
            g.expected,
          ]),
        },
        digits: 3,
      });
    }
  }
  return blocks.length === 0 ? undefined : { title: 'Purchase likelihood', blocks };
}

function matrixTable(m: MigrationMatrix, caption: string): ReportBlock {
  return {
    type: 'table',
    caption,
    table: {
      headers: ['from \\ to', ...m.columns, 'total'],
      rows: m.rows.map((row, i) => [row, ...(m.counts[i] ?? []), m.rowTotals[i] ?? 0]),
    },
  };
}

/** Customer dynamics: per scheme the migration matrix, the rates per step and a Sankey. */
export function dynamicsSection(dynamics: RunDynamics): ReportSection {
  const first = dynamics.dates[0] as string;
  const last = dynamics.dates[dynamics.dates.length - 1] as string;
  const blocks: ReportBlock[] = [
    {
      type: 'text',
      text: [
        `Snapshots as of ${dynamics.dates.join(', ')} (transactions before each date). Class ` +
          `thresholds are fixed at the first snapshot, so a move between classes is a change in ` +
          'the customer, not in the thresholds. "(new)" are customers who first bought after ' +
          'the first snapshot.',
        'Watch the downgrade rate: if it grows from step to step, the base is cooling; ' +
          'compare the rates before and after a campaign to see whether it moved customers.',
        ...dynamics.notes,
      ],
    },
    {
      type: 'table',
      table: {
        headers: ['snapshot', 'customers'],
        rows: dynamics.dates.map((d, i) => [d, dynamics.customers[i] ?? 0]),
      },
    },
  ];
  for (const scheme of dynamics.schemes) {
    blocks.push(matrixTable(scheme.matrix, `${scheme.column}: ${first} → ${last} (customers)`));
    blocks.push({
      type: 'table',
      caption: `${scheme.column}: upgrade, downgrade and retention per step (ranked classes)`,
      table: {
        headers: ['from', 'to', 'ranked customers', 'upgrade %', 'downgrade %', 'retention %'],
        rows: [
          ...scheme.steps.map((step, k) => ({
            from: dynamics.dates[k] as string,
            to: dynamics.dates[k + 1] as string,
            step,
          })),
          { from: first, to: last, step: scheme.matrix },
        ].map(({ from, to, step }) => [
          from,
          to,
          step.rates?.ranked ?? 0,
          (step.rates?.upgradeRate ?? NaN) * 100,
          (step.rates?.downgradeRate ?? NaN) * 100,
          (step.rates?.retentionRate ?? NaN) * 100,
        ]),
      },
      digits: 1,
    });
    blocks.push({
      type: 'figure',
      figure: flowSankeyFigure(scheme.fromLabels, scheme.toLabels, {
        sides: [first, last],
        title: `${scheme.column}: ${first} → ${last}`,
      }),
    });
  }
  if (dynamics.clusters) {
    blocks.push(
      matrixTable(dynamics.clusters, `clusters of this run applied at ${first} and ${last}`),
    );
  }
  return { title: 'Customer dynamics', blocks };
}
