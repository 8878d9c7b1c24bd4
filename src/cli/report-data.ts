import type { ClassSummaryRow } from '../classes/summary.js';
import { paretoFigure } from '../plot/pareto.js';
import { rfmGridFigure } from '../plot/rfm-grid.js';
import type { ReportBlock, ReportSection } from '../report/report-types.js';
import { getNumeric, isNumericColumn } from '../table/column-table.js';
import type { RunComputed } from './run.js';

/** Data quality: the checks of quality.json as one table, and what to look at. */
export function qualitySection(run: RunComputed): ReportSection {
  const q = run.quality;
  const rows: [string, string | number][] = [
    ['source rows', q.rows],
    ['usable rows', q.usableRows],
    ['customers', q.customers],
    ['first date', q.firstDate ?? '–'],
    ['last date', q.lastDate ?? '–'],
    ['as-of date (exclusive)', q.asOf],
    ['missing customer id', q.missingCustomerId],
    ['missing date', q.missingDate],
    ['missing amount', q.missingAmount],
    ['unparseable dates', q.unparseableDates],
    ['unparseable amounts', q.unparseableAmounts],
    ['negative amounts (returns)', q.negativeAmounts],
    ['sum of negative amounts', q.negativeAmountTotal],
    ['zero amounts', q.zeroAmounts],
    ['exact duplicate rows', q.duplicateRows],
    ['rows on or after the as-of date', q.afterAsOf],
    ['rows with stray dates (future or far off)', q.strayDates],
    ['revenue before the as-of date', q.revenue],
  ];
  const dropped = q.rows - q.usableRows;
  return {
    title: 'Data quality',
    blocks: [
      {
        type: 'text',
        text:
          `${q.usableRows.toLocaleString('en-US')} of ${q.rows.toLocaleString('en-US')} rows are usable` +
          `${dropped > 0 ? ` (${dropped.toLocaleString('en-US')} left out)` : ''}. ` +
          'Check the missing and unparseable counts before trusting the segments: a high count ' +
          'usually means a wrong --map or --date-format. Duplicates are kept as separate ' +
          'transactions; remove them upstream if they are double loads.',
      },
      { type: 'table', table: { headers: ['check', 'value'], rows } },
    ],
  };
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Features: count, mean, std, min, quartiles and max of every numeric feature. */
export function featuresSection(run: RunComputed): ReportSection {
  const table = run.fit.features.table;
  const rows = run.fit.features.featureNames
    .filter((name) => table[name] !== undefined && isNumericColumn(table[name]))
    .map((name) => {
      const values = getNumeric(table, name).filter((v) => !Number.isNaN(v));
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      let sum = 0;
      for (const v of sorted) sum += v;
      const mean = n === 0 ? NaN : sum / n;
      let ss = 0;
      for (const v of sorted) ss += (v - mean) * (v - mean);
      return [
        name,
        n,
        mean,
        n === 0 ? NaN : Math.sqrt(ss / n),
        quantile(sorted, 0),
        quantile(sorted, 0.25),
        quantile(sorted, 0.5),
        quantile(sorted, 0.75),
        quantile(sorted, 1),
      ];
    });
  return {
    title: 'Features',
    blocks: [
      {
        type: 'text',
        text:
          `One row per customer as of ${run.fit.features.asOf}: recency in days, frequency in orders, ` +
          'monetary in the currency of the data. Money and counts are right-skewed (mean well ' +
          'above the median), which is why clustering log-transforms them first. Missing values ' +
          '(count below the customers) are customers with a single order or without purchases.',
      },
      {
        type: 'table',
        table: {
          headers: ['feature', 'count', 'mean', 'std', 'min', '25%', 'median', '75%', 'max'],
          rows,
        },
      },
    ],
  };
}

function summaryTable(rows: readonly ClassSummaryRow[]): ReportBlock {
  const features = Object.keys(rows[0]?.means ?? {});
  return {
    type: 'table',
    table: {
      headers: [
        'class',
        'customers',
        'customer share %',
        'revenue',
        'revenue share %',
        ...features.map((f) => `mean ${f}`),
      ],
      rows: rows.map((r) => [
        r.class,
        r.customers,
        r.customerShare * 100,
        r.revenue,
        r.revenueShare * 100,
        ...features.map((f) => r.means[f] ?? NaN),
      ]),
    },
    digits: 1,
  };
}

const SCHEME_TEXT: Readonly<Record<string, string>> = {
  rfm_segment:
    'RFM segments score recency, frequency and monetary in quintiles and map the R and FM ' +
    'scores to named segments. Decide which segments get which treatment: retain Champions ' +
    'and Loyal, win back At risk and Can’t lose, do not spend much on Lost.',
  value_tier:
    'Value tiers rank customers by monetary: the top 5 % are A, the next 15 % B, the rest C. ' +
    'The Pareto curve shows how concentrated revenue is; the steeper it starts, the more a ' +
    'few customers matter — protect tier A first.',
  lifecycle:
    'Lifecycle stages compare each customer’s recency with the typical time between orders: ' +
    'active customers are within their rhythm, at-risk ones overdue, churned ones far past it. ' +
    'The at-risk group is the one to act on now.',
  custom_class: 'Your own rules, applied in order; the first rule that holds names the class.',
};

/** Predefined classes: per scheme its summary, the Pareto curve and the RFM grid. */
export function classesSection(run: RunComputed): ReportSection {
  const blocks: ReportBlock[] = [];
  const cohorts = run.fit.cohorts;
  for (const [scheme, rows] of Object.entries(run.summaries)) {
    blocks.push({ type: 'text', text: `${scheme}: ${SCHEME_TEXT[scheme] ?? ''}` });
    blocks.push(summaryTable(rows));
    if (scheme === 'value_tier' && run.fit.pipeline.valueTiers) {
      const tiers = run.fit.pipeline.valueTiers.params;
      blocks.push({
        type: 'figure',
        figure: paretoFigure({
          values: getNumeric(cohorts, tiers.by),
          ...(tiers.method === 'customers' ? { cuts: tiers.cuts, labels: tiers.labels } : {}),
          title: `Pareto curve of ${tiers.by}`,
        }),
        caption:
          'Share of revenue by share of customers, best customers first; markers at the tier cuts.',
      });
    }
    if (scheme === 'rfm_segment' && cohorts['rfm_r'] !== undefined) {
      blocks.push({
        type: 'figure',
        figure: rfmGridFigure({
          r: getNumeric(cohorts, 'rfm_r'),
          f: getNumeric(cohorts, 'rfm_f'),
          monetary: getNumeric(cohorts, 'monetary'),
        }),
        caption:
          'Customers per recency × frequency score (marker size) and their mean monetary (colour).',
      });
    }
  }
  return { title: 'Predefined classes', blocks };
}
