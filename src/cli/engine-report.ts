/**
 * What a run in the engine reports: engine.json, the rows it adds to the summary table, and
 * score.sql in the ClickHouse dialect.
 *
 * @module
 */
import { CohortlabError } from '../errors/cohortlab-error.js';
import type { CohortPipeline } from '../pipeline/index.js';
import { clickhouseDialect } from '../sql/dialects/clickhouse.js';
import type { Cell } from '../util/text-table.js';
import type { InertiaComparison } from './engine-inertia.js';
import type { EngineArgs } from './engine-options.js';
import { noScoringQueryText, scoringSqlText } from './sql-command.js';

/** Everything a run in the engine reports about itself. */
export interface EngineRunReport {
  readonly engine: EngineArgs;
  /** The server as shown to users (no credentials). */
  readonly server: string;
  readonly model: CohortPipeline;
  /** Customers scored in the engine. */
  readonly scored: number;
  /** Scored customers per cluster name. */
  readonly clusters: Readonly<Record<string, number>>;
  /** The inertia comparison; undefined without clustering. */
  readonly inertia: InertiaComparison | undefined;
  readonly seed: number;
}

/** The parts a run in the engine leaves out, for engine.json and the log. */
export const ENGINE_SKIPPED = ['BG/NBD', 'purchase likelihood', 'snapshots', 'report.html'];

/** engine.json: where the run ran, what it fitted on, what it scored, and the inertias. */
export function engineJson(report: EngineRunReport): string {
  const { engine, model, inertia } = report;
  const json = {
    engine: engine.kind,
    server: report.server,
    database: engine.database ?? null,
    table: engine.table,
    shards: engine.shards.map((s) => ({ server: s.url, table: s.table })),
    asOf: model.features.asOf,
    fit: {
      on: engine.fitSample === undefined ? 'all' : 'sample',
      requested: engine.fitSample ?? null,
      customers: model.features.customers,
      seed: report.seed,
      k: model.clustering?.names.length ?? null,
    },
    scoring: {
      customers: report.scored,
      into: engine.into ?? null,
      clusters: report.clusters,
    },
    inertia: inertia ?? null,
    skipped: ENGINE_SKIPPED,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const whole = (n: number): string => n.toLocaleString('en-US');

/** The summary rows of a run in the engine: engine, fit, inertias, the --into table. */
export function engineSummaryRows(report: EngineRunReport): Cell[][] {
  const { engine, inertia } = report;
  const rows: Cell[][] = [
    ['engine', engine.kind, `${report.server}, table ${engine.table}`],
    [
      'fit on',
      engine.fitSample === undefined ? 'all customers' : 'sample',
      `${whole(report.model.features.customers)} customers, seed ${report.seed}`,
    ],
  ];
  if (inertia !== undefined) {
    rows.push([
      'inertia, model',
      inertia.model.toFixed(2),
      `Σ d² over ${whole(inertia.customers)} customers, model units`,
    ]);
    if (inertia.fullFit !== null && inertia.modelInFullFitUnits !== null) {
      rows.push(['inertia, full fit', inertia.fullFit.toFixed(2), 'k-means on all customers']);
      rows.push([
        'inertia ratio',
        (inertia.ratio ?? NaN).toFixed(4),
        `model ${inertia.modelInFullFitUnits.toFixed(2)} / full fit, full-fit units`,
      ]);
    } else rows.push(['inertia, full fit', '–', inertia.note]);
  }
  if (engine.into !== undefined) {
    rows.push(['scores in', engine.into, `${whole(report.scored)} rows`]);
    for (const [name, n] of Object.entries(report.clusters).sort()) {
      rows.push(['cluster', `${whole(n)} customers`, name]);
    }
  }
  return rows;
}

/** The inertia comparison as one log line. */
export function inertiaLine(inertia: InertiaComparison): string {
  const head = `Inertia over ${whole(inertia.customers)} customers: model Σ d² ${inertia.model.toFixed(2)} (its units)`;
  if (inertia.fullFit === null || inertia.modelInFullFitUnits === null) {
    return `${head}; no full fit: ${inertia.note}`;
  }
  return (
    `${head}, ${inertia.modelInFullFitUnits.toFixed(2)} in the full fit's units; ` +
    `full fit ${inertia.fullFit.toFixed(2)}; ratio ${(inertia.ratio ?? NaN).toFixed(4)} (${inertia.note})`
  );
}

/**
 * score.sql of a run in the engine: the ClickHouse query over the run's table. When the model
 * cannot be exported (rules over attributes), the file says why instead.
 */
export function engineSqlText(model: CohortPipeline, table: string): string {
  try {
    return scoringSqlText(model, { dialect: clickhouseDialect, table });
  } catch (error) {
    if (!(error instanceof CohortlabError)) throw error;
    return noScoringQueryText(error);
  }
}
