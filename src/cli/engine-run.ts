/**
 * `cohortlab run --engine clickhouse`: features and scoring run in ClickHouse over HTTP; only
 * per-customer rows (or a sample's) come back. The model is fitted here — on every customer's
 * features, or on a seeded sample drawn in the engine (--fit-sample) — and every customer is
 * scored back in the engine, the scores fetched or left in a table there (--into).
 *
 * @module
 */
import { join } from 'node:path';
import {
  fitPipelineOnFeatures,
  fitSample,
  pipelineLabelColumns,
  remoteFeatures,
  scoreInEngine,
  scoreIntoTable,
  type FeatureFit,
} from '../engines/index.js';
import {
  assertExportWritable,
  planCohortExport,
  type CohortExportOptions,
} from '../export/cohort-export.js';
import { assertReplaceable, recoverOutputSet } from '../export/output-set.js';
import { assertCanWrite } from '../export/write-file.js';
import type { CohortPipeline } from '../pipeline/index.js';
import { pipelineModelText } from '../pipeline/model-json.js';
import { rowCount, type ColumnTable } from '../table/column-table.js';
import type { Cell } from '../util/text-table.js';
import type { RunArgs } from './args.js';
import { engineJson, engineSqlText, engineSummaryRows, inertiaLine } from './engine-report.js';
import { compareInertia } from './engine-inertia.js';
import { assertIntoFree, connectEngine, type EngineArgs } from './engine-options.js';
import { assertNoWarnings, formatWarning } from '../errors/warnings.js';
import { readRules, type CommandIO, type RunResult } from './run.js';
import { labelColumns } from './score.js';
import { noQueryWarning } from './sql-command.js';
import { writeRunOutputs } from './write-outputs.js';

/** Files a run in the engine writes besides the cohort tables. */
export const ENGINE_RUN_OUTPUTS = ['model.json', 'score.sql', 'engine.json'] as const;

/** What a run in the engine did: the run's result and the rows it adds to the summary. */
export interface EngineRunResult extends RunResult {
  readonly summaryRows: readonly Cell[][];
}

/** The columns the engine sends back per customer: the features, then every label. */
export function engineOutputColumns(model: CohortPipeline): string[] {
  return [
    ...model.features.names,
    'has_transactions',
    'first_purchase',
    'last_purchase',
    ...pipelineLabelColumns(model),
  ];
}

/**
 * Runs the job in the engine. Every output path (and the --into table) is checked before any
 * work and every file's content is settled before the first is written, so a refused or
 * failed run (unreachable server, refused password, missing table or column) writes nothing.
 */
export async function runEnginePipeline(args: RunArgs, io: CommandIO): Promise<EngineRunResult> {
  const { log, progress } = io;
  const engine = args.engine as EngineArgs;
  const map = args.map;
  if (map === undefined) throw new Error('engine runs need a mapping');
  const files = ENGINE_RUN_OUTPUTS.map((name) => join(args.out, name));
  const exportOptions: CohortExportOptions = {
    dir: args.out,
    formats: args.formats,
    force: args.force,
    whereLabel: '--where',
    ...(args.splitBy === undefined ? {} : { splitBy: args.splitBy }),
    ...(args.where === undefined ? {} : { where: args.where }),
  };
  // The output folder changes as a whole: see runPipeline.
  assertReplaceable(args.out);
  recoverOutputSet(args.out);
  for (const file of files) assertCanWrite(file, { force: args.force });
  if (engine.into === undefined) assertExportWritable(exportOptions);
  const rules = args.rules === undefined ? undefined : readRules(args.rules);
  const connection = connectEngine(engine);
  const { client, shards } = connection;
  const where = `ClickHouse ${client.server}, table ${engine.table}${shards ? ` (${shards.length} shards)` : ''}`;
  log(
    `Engine mode — ${where}: features and scoring run in the engine. ` +
      'BG/NBD, snapshots and report.html are skipped (they need the transactions in-process).\n',
  );
  if (engine.into !== undefined) await assertIntoFree(connection, engine.into);

  const fitOptions = {
    windows: args.windows,
    classes: args.classes,
    ...(rules === undefined ? {} : { rules }),
    k: args.k,
    requireLifecycle: args.classesGiven,
  };
  const asOf = args.asOf === undefined ? {} : { asOf: args.asOf };
  const source = { table: engine.table, columns: map };
  let fit: FeatureFit;
  if (engine.fitSample !== undefined) {
    const sampleCustomers = engine.fitSample;
    fit = await progress.stage(
      'sample',
      'customers',
      () =>
        fitSample(client, { ...source, ...asOf, ...fitOptions, sampleCustomers, seed: args.seed }),
      (f) => rowCount(f.sample.table),
    );
  } else {
    const features = await progress.stage(
      'features',
      'customers',
      () =>
        remoteFeatures(client, {
          ...source,
          ...asOf,
          windows: args.windows,
          ...(shards === undefined ? {} : { shards }),
        }),
      (f) => rowCount(f.table),
    );
    fit = await progress.stage(
      'fit',
      'customers',
      async () =>
        fitPipelineOnFeatures(
          {
            table: features.table,
            featureNames: features.featureNames,
            asOf: features.asOf,
            mapping: map,
          },
          { ...fitOptions, windows: features.config.windows ?? [], seed: args.seed },
        ),
      (f) => f.pipeline.features.customers,
    );
  }
  for (const note of fit.notes) log(`${note}\n`);
  // --strict stops here, before anything is written (the error is its one line).
  if (args.strict) assertNoWarnings(fit.warnings);
  const model = fit.pipeline;
  const fitted = model.features.customers;
  log(
    `Fitted on ${engine.fitSample === undefined ? 'every customer' : `a seeded sample (seed ${args.seed})`}: ` +
      `${fitted.toLocaleString('en-US')} customers, as of ${model.features.asOf}` +
      `${model.clustering ? `, k = ${model.clustering.names.length}` : ''}\n`,
  );

  const scoring = {
    table: engine.table,
    ...(shards === undefined ? {} : { shards }),
    outputs: engineOutputColumns(model),
  };
  let cohorts: ColumnTable | undefined;
  let clusters: Record<string, number>;
  let scored: number;
  if (engine.into !== undefined) {
    const into = engine.into;
    const summary = await progress.stage(
      'score',
      'customers',
      () => scoreIntoTable(client, model, { ...scoring, into }),
      (s) => s.customers,
    );
    ({ clusters, customers: scored } = summary);
    log(`Scores written to ClickHouse table ${into}: ${scored.toLocaleString('en-US')} rows\n`);
  } else {
    const result = await progress.stage(
      'score',
      'customers',
      () => scoreInEngine(client, model, scoring),
      (s) => rowCount(s.table),
    );
    cohorts = result.table;
    scored = rowCount(cohorts);
    clusters = {};
    for (const name of (cohorts['cluster_name'] ?? []) as (string | null)[]) {
      if (name !== null) clusters[name] = (clusters[name] ?? 0) + 1;
    }
  }

  const inertia = await progress.stage(
    'inertia',
    'customers',
    () =>
      compareInertia({
        target: { ...connection, table: engine.table },
        model,
        sampled: engine.fitSample !== undefined,
        allFeatures: cohorts,
        asOf: model.features.asOf,
        mapping: map,
      }),
    (c) => c?.customers ?? 0,
  );
  const report = {
    engine,
    server: client.server,
    model,
    scored,
    clusters,
    inertia,
    seed: args.seed,
  };
  const summaryRows = engineSummaryRows(report);
  if (inertia !== undefined) log(`${inertiaLine(inertia)}\n`);

  // Everything is computed: settle every file's content, then write.
  const plan = cohorts === undefined ? undefined : planCohortExport(cohorts, exportOptions);
  const texts: [string, string][] = [
    [files[0] as string, pipelineModelText(model)],
    [files[1] as string, engineSqlText(model, engine.table)],
    [files[2] as string, engineJson(report)],
  ];
  const written = await progress.stage(
    'write',
    'files',
    () => {
      // A score.sql without a query says so in the summary, as in-process runs do.
      const note = noQueryWarning('score.sql', texts[1]?.[1] ?? '')?.message;
      const notes = new Map(note === undefined ? [] : [[files[1] as string, note]]);
      return writeRunOutputs({ dir: args.out, plan, texts, notes }, { progress });
    },
    (w) => w.length,
  );
  // Each warning once, on stderr, after a run that succeeded, as the in-process run does.
  const warn = io.warn ?? log;
  for (const warning of fit.warnings) warn(`cohortlab: ${formatWarning(warning)}`);
  const table = plan?.table ?? {};
  return {
    customers: scored,
    files: written,
    schemes: labelColumns(table),
    k: model.clustering?.names.length,
    cohorts: table,
    summaryRows,
  };
}
