/**
 * The value outputs of `cohortlab run`: acquisition cohorts (acquisition.csv), value ahead
 * per segment and tiers by predicted value (value.json), and their report section.
 *
 * @module
 */
import type { ValueTiers } from '../classes/value-tiers.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { acquisitionCohorts, type AcquisitionCohorts } from '../dynamics/acquisition-cohorts.js';
import { retentionByGroup, type GroupRetention } from '../dynamics/retention-by-group.js';
import { toCsv } from '../export/csv.js';
import { expectedPurchasesColumn } from '../pipeline/repeat-buying.js';
import {
  predictedValueTiers,
  segmentValueSummary,
  type PredictedTiers,
  type SegmentValueRow,
} from '../pipeline/value-summary.js';
import { clvColumn } from '../predict/clv.js';
import { retentionHeatmapFigure } from '../plot/retention-heatmap.js';
import { cumulativeRepeatFigure, frequencyRecencyHeatmap } from '../plot/repeat-buying-figures.js';
import {
  cumulativeRepeatPurchases,
  type CumulativeRepeat,
} from '../predict/diagnostics/cumulative-repeat.js';
import { frequencyRecencyGrid, type FrequencyRecencyGrid } from '../predict/diagnostics/grid.js';
import type { ReportBlock, ReportSection } from '../report/report-types.js';
import { getText } from '../table/column-table.js';
import type { RunComputed } from './run.js';

/** Files of the value stage. */
export const VALUE_FILES = ['acquisition.csv', 'value.json'] as const;

/** A segment's value and its playbook entry. */
export type SegmentPlaybookRow = SegmentValueRow & {
  readonly action: string | null;
  readonly owner: string | null;
  readonly rhythm: string | null;
  readonly priority: number | null;
};

/** What the value stage computed, shared by its files and the report. */
export interface RunValue {
  readonly acquisition: AcquisitionCohorts;
  /** Pooled retention per cluster (months {@link RETENTION_MONTHS}), when the run has clusters. */
  readonly retentionByCluster?: readonly GroupRetention[];
  /** BG/NBD diagnostics when the fit is reliable: the tracking curve and the grid. */
  readonly diagnostics?: {
    readonly cumulative: CumulativeRepeat;
    readonly grid: FrequencyRecencyGrid;
  };
  /** Absent when the run has no BG/NBD × Gamma-Gamma value (`--no-bgnbd`, or skipped). */
  readonly clv?: {
    readonly column: string;
    readonly expectedColumn: string;
    /**
     * Per class scheme (rfm_segment, value_tier, …) and `cluster_name`, each segment with its
     * playbook entry (null fields when the playbook has none).
     */
    readonly segments: Readonly<Record<string, readonly SegmentPlaybookRow[]>>;
    /** Present when the run has value tiers. */
    readonly tiers?: PredictedTiers;
  };
}

/** Acquisition cohorts by month, and the value summaries when the run has `clv_<H>`. */
export async function runValue(run: RunComputed): Promise<RunValue> {
  const acquisition = await acquisitionCohorts(run.transactions, { asOf: run.fit.features.asOf });
  const bg = run.fit.pipeline.repeatBuying;
  const cohorts = run.fit.cohorts;
  const summary = run.fit.repeatBuyingSummary;
  const diagnostics =
    bg !== undefined && bg.model.reliable && summary !== undefined && summary.T.length > 0
      ? {
          cumulative: await cumulativeRepeatPurchases(bg.model.parameters, run.transactions, {
            asOf: run.fit.features.asOf,
          }),
          grid: frequencyRecencyGrid(bg.model.parameters, {
            T: Math.max(1, Math.ceil(summary.T.reduce((m, t) => Math.max(m, t), 0))),
            t: bg.horizonWeeks,
          }),
        }
      : undefined;
  const byCluster = await clusterRetention(run);
  const base = {
    acquisition,
    ...(byCluster === undefined ? {} : { retentionByCluster: byCluster }),
    ...(diagnostics === undefined ? {} : { diagnostics }),
  };
  if (bg?.value === undefined) return base;
  const column = clvColumn(bg.value.horizonMonths);
  const expectedColumn = expectedPurchasesColumn(bg.horizonWeeks);
  if (cohorts[column] === undefined) return base;
  const columns = { clv: column, expectedPurchases: expectedColumn };
  const segments: Record<string, SegmentPlaybookRow[]> = {};
  const withPlaybook = (scheme: string, rows: SegmentValueRow[]): SegmentPlaybookRow[] =>
    rows.map((row) => {
      const entries = run.playbook?.[scheme];
      const e =
        entries !== undefined && Object.hasOwn(entries, row.segment)
          ? entries[row.segment]
          : undefined;
      return {
        ...row,
        action: e?.action ?? null,
        owner: e?.owner ?? null,
        rhythm: e?.rhythm ?? null,
        priority: e?.priority ?? null,
      };
    });
  const p = run.fit.pipeline;
  const orders: Record<string, readonly string[]> = {
    rfm_segment: p.rfm?.classes ?? [],
    value_tier: p.valueTiers?.classes ?? [],
    lifecycle: p.lifecycle?.classes ?? [],
    custom_class: p.rules?.classes ?? [],
  };
  for (const [scheme, labels] of Object.entries(run.schemes)) {
    const rows = segmentValueSummary(cohorts, labels, columns, orders[scheme] ?? []);
    segments[scheme] = withPlaybook(scheme, rows);
  }
  if (cohorts['cluster_name'] !== undefined && run.fit.clusters !== undefined) {
    const names = getText(cohorts, 'cluster_name');
    const rows = segmentValueSummary(
      cohorts,
      names,
      columns,
      run.fit.clusters.profiles.map((c) => c.name),
    );
    segments['cluster_name'] = withPlaybook('cluster_name', rows);
  }
  const tiers =
    p.valueTiers !== undefined && cohorts['value_tier'] !== undefined
      ? tiersOrNone(() => predictedValueTiers(cohorts, p.valueTiers as ValueTiers, column))
      : undefined;
  return {
    ...base,
    clv: { column, expectedColumn, segments, ...(tiers === undefined ? {} : { tiers }) },
  };
}

/** Months since acquisition shown for the retention per cluster. */
export const RETENTION_MONTHS = [1, 2, 3, 6, 12] as const;

/** Retention per cluster (the customer's cluster as of the run), pooled over the cohorts. */
async function clusterRetention(run: RunComputed): Promise<GroupRetention[] | undefined> {
  const cohorts = run.fit.cohorts;
  if (run.fit.clusters === undefined || cohorts['cluster_name'] === undefined) return undefined;
  const grouped = await acquisitionCohorts(run.transactions, {
    asOf: run.fit.features.asOf,
    groups: {
      customerId: getText(cohorts, 'customer_id').map(String),
      labels: getText(cohorts, 'cluster_name'),
    },
  });
  return retentionByGroup(grouped, RETENTION_MONTHS);
}

/** The tiers, or none when the values cannot be cut (no positive total, say). */
function tiersOrNone(make: () => PredictedTiers): PredictedTiers | undefined {
  try {
    return make();
  } catch (error) {
    if (error instanceof CohortlabError) return undefined;
    throw error;
  }
}

/** value.json: the CLV settings and spend model, value per segment, tiers and their migration. */
export function valueJson(run: RunComputed, value: RunValue): string {
  const v = run.fit.pipeline.repeatBuying?.value;
  const clv = value.clv;
  const doc = {
    asOf: run.fit.features.asOf,
    clv:
      v === undefined || clv === undefined
        ? null
        : {
            column: clv.column,
            horizonMonths: v.horizonMonths,
            monthLength: v.monthLength,
            monthLengthUnit: 'weeks',
            discountRate: v.discountRate,
            gammaGamma: { ...v.model.parameters, ...pick(v.model.state) },
            segments: clv.segments,
            predictedTiers:
              clv.tiers === undefined
                ? null
                : {
                    thresholds: clv.tiers.tiers.state.thresholds,
                    rows: clv.tiers.migration.rows,
                    columns: clv.tiers.migration.columns,
                    counts: clv.tiers.migration.counts,
                    rates: clv.tiers.migration.rates ?? null,
                  },
          },
    acquisition: {
      period: value.acquisition.period,
      cohorts: value.acquisition.cohorts,
      retentionByCluster:
        value.retentionByCluster === undefined
          ? null
          : { months: RETENTION_MONTHS, clusters: value.retentionByCluster },
    },
  };
  return `${JSON.stringify(doc, (_, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2)}\n`;
}

function pick(state: { customers: number; correlation: number; logLikelihood: number }) {
  return {
    customers: state.customers,
    correlation: state.correlation,
    logLikelihood: state.logLikelihood,
  };
}

/** The two files of the value stage. */
export function valueFiles(run: RunComputed, value: RunValue): Record<string, string> {
  return {
    'acquisition.csv': toCsv(value.acquisition.table),
    'value.json': valueJson(run, value),
  };
}

const money = (v: number) => Math.round(v).toLocaleString('en-US');
const share = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–');

/** Report section: the retention heatmap, value ahead per segment and tiers by predicted value. */
export function valueSection(run: RunComputed, value: RunValue): ReportSection {
  const blocks: ReportBlock[] = [
    {
      type: 'text',
      text:
        'Customers grouped by the month of their first purchase: the share of each cohort that ' +
        'bought again in each later month (acquisition.csv also has the revenue and the revenue ' +
        'per original customer of every cell).',
    },
    {
      type: 'figure',
      figure: retentionHeatmapFigure(value.acquisition),
      caption: 'Retention by acquisition month',
      height: 120 + 40 * value.acquisition.cohorts.length,
    },
  ];
  if (value.retentionByCluster !== undefined) {
    blocks.push({
      type: 'table',
      caption:
        'Retention by cluster: share of its customers buying N months after their first purchase (all cohorts pooled)',
      table: {
        headers: ['cluster', 'customers', ...RETENTION_MONTHS.map((m) => `month ${m}`)],
        rows: value.retentionByCluster.map((g) => [
          g.group,
          g.customers,
          ...g.retention.map(share),
        ]),
      },
    });
  }
  const d = value.diagnostics;
  if (d !== undefined) {
    blocks.push(
      {
        type: 'figure',
        figure: cumulativeRepeatFigure(d.cumulative),
        caption:
          'BG/NBD check: repeat purchases of the whole base week by week, actual against ' +
          'expected (the model fitted on all of it; a holdout check is in notebook 08)',
      },
      {
        type: 'figure',
        figure: frequencyRecencyHeatmap(d.grid, 'expected'),
        caption: `Expected purchases in the next ${d.grid.t} weeks by frequency and recency (weeks), for a customer observed ${d.grid.T} weeks`,
      },
      {
        type: 'figure',
        figure: frequencyRecencyHeatmap(d.grid, 'alive'),
        caption:
          'P(alive) by frequency and recency: frequent buyers who stopped long ago are likely gone',
      },
    );
  }
  const v = run.fit.pipeline.repeatBuying?.value;
  const clv = value.clv;
  if (v !== undefined && clv !== undefined) {
    const { p, q, gamma } = v.model.parameters;
    blocks.push({
      type: 'text',
      text:
        `${clv.column} is the value expected in the next ${v.horizonMonths} months: the ` +
        `Gamma-Gamma expected spend per purchase (p = ${p.toFixed(3)}, q = ${q.toFixed(3)}, ` +
        `γ = ${gamma.toFixed(3)}; frequency–spend correlation ${v.model.state.correlation.toFixed(2)}) ` +
        `times the BG/NBD purchases expected month by month, discounted at ` +
        `${(v.discountRate * 100).toFixed(2)}% a month.`,
    });
    for (const [scheme, rows] of Object.entries(clv.segments)) {
      blocks.push({
        type: 'table',
        caption: `Value ahead by ${scheme}`,
        table: {
          headers: [
            scheme,
            'customers',
            'revenue',
            'share',
            clv.column,
            'share',
            `mean ${clv.column}`,
            clv.expectedColumn,
            'action',
            'owner',
            'contact rhythm',
            'priority',
          ],
          rows: rows.map((r) => [
            r.segment,
            r.customers,
            money(r.revenue),
            share(r.revenueShare),
            money(r.predictedValue),
            share(r.predictedShare),
            Number.isFinite(r.meanValue) ? r.meanValue.toFixed(2) : '–',
            money(r.expectedPurchases),
            r.action ?? '',
            r.owner ?? '',
            r.rhythm ?? '',
            r.priority,
          ]),
        },
      });
    }
    const m = clv.tiers?.migration;
    if (m !== undefined) {
      blocks.push({
        type: 'table',
        caption: `Tiers by past value (rows) and by ${clv.column} (columns), customers`,
        table: {
          headers: ['past \\ predicted', ...m.columns],
          rows: m.rows.map((row, i) => [row, ...(m.counts[i] ?? [])]),
        },
      });
    }
  }
  return { title: 'Value ahead and acquisition cohorts', blocks };
}
