/**
 * `cohortlab score --engine clickhouse`: a saved pipeline model scores every customer of a
 * ClickHouse table there; the labels come back (to --out or stdout) or stay in a table
 * (--into).
 *
 * @module
 */
import { scoreInEngine, scoreIntoTable } from '../engines/index.js';
import { assertCanWrite } from '../export/write-file.js';
import { filterRows } from '../export/cohort-filter.js';
import { loadPipelineModel } from '../pipeline/load.js';
import { rowCount, takeRows } from '../table/column-table.js';
import { engineOutputColumns } from './engine-run.js';
import { assertIntoFree, connectEngine, type EngineArgs } from './engine-options.js';
import type { CommandIO } from './run.js';
import { labelColumns, writeScoreOutputs, type ScoreArgs, type ScoreResult } from './score.js';

/**
 * Scores in the engine. The outputs (and the --into table) are checked before any work, so a
 * refused or failed scoring writes nothing. Columns without SQL form (purchase_probability,
 * BG/NBD) are left out, with a log line.
 */
export async function runEngineScore(args: ScoreArgs, io: CommandIO): Promise<ScoreResult> {
  const { log, progress } = io;
  const engine = args.engine as EngineArgs;
  for (const { path } of args.outputs) assertCanWrite(path, { force: args.force });
  const model = loadPipelineModel(args.model);
  const connection = connectEngine(engine);
  const { client, shards } = connection;
  if (engine.into !== undefined) await assertIntoFree(connection, engine.into);
  const without = [
    ...(model.likelihood ? ['purchase_probability'] : []),
    ...(model.repeatBuying ? ['p_alive', 'expected purchases'] : []),
  ];
  log(
    `Engine mode — ClickHouse ${client.server}, table ${engine.table}: scoring runs in the engine` +
      `${without.length === 0 ? '' : ` (without ${without.join(', ')}: no SQL form)`}`,
  );
  const options = {
    table: engine.table,
    columns: args.map ?? model.config.mapping,
    ...(shards === undefined ? {} : { shards }),
    ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
    outputs: engineOutputColumns(model),
  };
  const k = model.clustering?.names.length;
  if (engine.into !== undefined) {
    const into = engine.into;
    const summary = await progress.stage(
      'score',
      'customers',
      () => scoreIntoTable(client, model, { ...options, into }),
      (s) => s.customers,
    );
    log(
      `Scores written to ClickHouse table ${into}: ${summary.customers.toLocaleString('en-US')} rows`,
    );
    const extra = [
      ['scores in', into, `${summary.customers.toLocaleString('en-US')} rows`],
      ...Object.entries(summary.clusters)
        .sort()
        .map(([name, n]) => ['cluster', `${n.toLocaleString('en-US')} customers`, name]),
    ];
    return { asOf: summary.asOf, cohorts: {}, files: [], csv: undefined, k, schemes: {}, extra };
  }
  const scored = await progress.stage(
    'score',
    'customers',
    () => scoreInEngine(client, model, options),
    (s) => rowCount(s.table),
  );
  const cohorts =
    args.where === undefined
      ? scored.table
      : takeRows(scored.table, filterRows(scored.table, args.where, '--where'));
  const { files, csv } = await writeScoreOutputs(cohorts, args, progress);
  return { asOf: scored.asOf, cohorts, files, csv, k, schemes: labelColumns(cohorts) };
}
