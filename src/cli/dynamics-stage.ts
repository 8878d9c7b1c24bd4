import { clusterMigration } from '../dynamics/cluster-migration.js';
import { NEW_CUSTOMERS, type MigrationMatrix } from '../dynamics/migration-matrix.js';
import { schemeMigration } from '../dynamics/scheme-migration.js';
import {
  snapshots,
  type SnapshotOptions,
  type SnapshotScheme,
  type SnapshotSeries,
} from '../dynamics/snapshots.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { JsonValue } from '../model/estimator.js';
import type { SnapshotSpec } from './args.js';
import type { RunComputed } from './run.js';

/** Cohort-table column of each snapshot scheme. */
export const DYNAMICS_COLUMNS: Readonly<Record<SnapshotScheme, string>> = {
  rfm: 'rfm_segment',
  valueTiers: 'value_tier',
  lifecycle: 'lifecycle',
};

/** One scheme's movement from the first to the last snapshot. */
export interface SchemeDynamics {
  readonly column: string;
  /** First → last snapshot, every customer of either. */
  readonly matrix: MigrationMatrix;
  /** Per customer of the last snapshot: its class at the first ({@link NEW_CUSTOMERS} if none). */
  readonly fromLabels: readonly string[];
  /** Per customer of the last snapshot: its class then. */
  readonly toLabels: readonly string[];
  /** Each consecutive pair of snapshots: its migration matrix. */
  readonly steps: readonly MigrationMatrix[];
}

/** What --snapshots computed, for migration.json and the report's dynamics section. */
export interface RunDynamics {
  readonly dates: readonly string[];
  /** Customers with a purchase before each date. */
  readonly customers: readonly number[];
  readonly schemes: readonly SchemeDynamics[];
  /** The run's clusters applied to the first and last snapshot; absent without clusters. */
  readonly clusters?: MigrationMatrix;
  readonly notes: readonly string[];
}

/**
 * Snapshots at the --snapshots dates with class models fixed at the first snapshot (a change
 * of class is then a change of the customer, not of the thresholds); per scheme of the run
 * (rfm, abc, lifecycle; rules schemes are not tracked) the first → last migration matrix
 * with upgrade / downgrade / retention rates, and the matrix of every consecutive step; the
 * run's clusters applied to the first and last snapshot.
 */
export async function runDynamics(run: RunComputed, spec: SnapshotSpec): Promise<RunDynamics> {
  const classes = run.fit.pipeline.config.classes;
  const notes: string[] = [];
  const options: SnapshotOptions = {
    ...('every' in spec ? { every: spec.every } : { asOfDates: spec.dates }),
    to: run.fit.features.asOf,
    models: 'fixed',
    ...(classes.includes('rfm') ? {} : { rfm: false }),
    ...(classes.includes('abc') ? {} : { valueTiers: false }),
    ...(run.fit.pipeline.lifecycle ? {} : { lifecycle: false }),
  };
  let series: SnapshotSeries;
  try {
    series = await snapshots(run.transactions, options);
  } catch (error) {
    // Lifecycle thresholds need repeat buyers at the first snapshot; track the others.
    if (!(error instanceof CohortlabError && error.code === 'INVALID_INPUT') || !options.lifecycle)
      throw error;
    notes.push(`lifecycle not tracked: ${error.message}`);
    series = await snapshots(run.transactions, { ...options, lifecycle: false });
  }
  if (series.dates.length < 2) {
    throw new CohortlabError(
      'INVALID_OPTION',
      `--snapshots gives ${series.dates.length} snapshot (${series.dates.join(', ')}); migration needs two or more`,
    );
  }
  const first = series.snapshots[0]!;
  const last = series.snapshots[series.snapshots.length - 1]!;
  const schemes: SchemeDynamics[] = [];
  for (const scheme of ['rfm', 'valueTiers', 'lifecycle'] as const) {
    const before = first.fixed?.[scheme];
    const after = last.fixed?.[scheme];
    if (before === undefined || after === undefined) continue;
    const earlier = new Map(first.customerId.map((id, i) => [id, before[i] as string]));
    schemes.push({
      column: DYNAMICS_COLUMNS[scheme],
      matrix: schemeMigration(series, scheme),
      fromLabels: last.customerId.map((id) => earlier.get(id) ?? NEW_CUSTOMERS),
      toLabels: after,
      steps: series.dates
        .slice(1)
        .map((_, k) => schemeMigration(series, scheme, { from: k, to: k + 1 })),
    });
  }
  const fitted = run.fit.clusters;
  return {
    dates: series.dates,
    customers: series.snapshots.map((s) => s.customerId.length),
    schemes,
    ...(fitted ? { clusters: clusterMigration(fitted, first.features, last.features).matrix } : {}),
    notes,
  };
}

/** A migration matrix as JSON: counts and totals, the rates when ranked (NaN → null). */
function matrixJson(m: MigrationMatrix): JsonValue {
  return JSON.parse(
    JSON.stringify({
      rows: m.rows,
      columns: m.columns,
      counts: m.counts,
      rowTotals: m.rowTotals,
      columnTotals: m.columnTotals,
      total: m.total,
      matched: m.matched,
      stayed: m.stayed,
      ...(m.rates === undefined ? {} : { rates: m.rates }),
    }),
  ) as JsonValue;
}

/** migration.json: the dates, each scheme's first → last matrix and steps, the clusters. */
export function migrationJson(dynamics: RunDynamics): string {
  const doc = {
    snapshots: [...dynamics.dates],
    customers: [...dynamics.customers],
    labels: 'fixed at the first snapshot',
    schemes: Object.fromEntries(
      dynamics.schemes.map((s) => [
        s.column,
        {
          ...(matrixJson(s.matrix) as Record<string, JsonValue>),
          steps: s.steps.map((step, k) => ({
            from: dynamics.dates[k] as string,
            to: dynamics.dates[k + 1] as string,
            ...(matrixJson(step) as Record<string, JsonValue>),
          })),
        },
      ]),
    ),
    clusters: dynamics.clusters === undefined ? null : matrixJson(dynamics.clusters),
    notes: [...dynamics.notes],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
