import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lifecycle } from '../classes/lifecycle.js';
import { RfmScorer } from '../classes/rfm-scorer.js';
import { RuleClassifier, ruleSetFromJSON } from '../classes/rules/rule-classifier.js';
import { classSummary, formatClassSummary } from '../classes/summary.js';
import { ValueTiers } from '../classes/value-tiers.js';
import { loadCustomers } from '../data/customers.js';
import { Engine } from '../data/engine.js';
import { formatQualityReport, qualityReport } from '../data/quality.js';
import { loadTransactions, type TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { toCsv } from '../export/csv.js';
import { assertWritable, writeFileAtomic } from '../export/write-file.js';
import { customerFeatures } from '../features/customer-features.js';
import type { Column, ColumnTable } from '../table/column-table.js';
import type { RunArgs } from './args.js';
import { clusterStage, type ClusterStageResult } from './cluster-stage.js';

/** The bundled default: CDNOW transactions shipped in the package's data/ folder. */
export const BUNDLED_TRANSACTIONS = new URL('../../data/cdnow_master.txt', import.meta.url)
  .pathname;
const BUNDLED_MAP: TransactionMapping = {
  customerId: 'customer_id',
  date: 'date',
  amount: 'dollar_value',
};

/** Files `cohortlab run` writes into the output folder. */
export const RUN_OUTPUTS = [
  'customers.csv',
  'quality.json',
  'classes.json',
  'clusters.json',
] as const;

/** What a run did, for the caller (the CLI prints it; tests assert it). */
export interface RunResult {
  readonly customers: number;
  readonly files: readonly string[];
  readonly schemes: Readonly<Record<string, readonly string[]>>;
}

/**
 * The main job: load → quality report → features → predefined classes → scale → choose k →
 * k-means → profiles and names → classes vs clusters → surrogate rules → exports.
 * Every output path is checked before any work so a refused run writes nothing.
 */
export async function runPipeline(args: RunArgs, log: (line: string) => void): Promise<RunResult> {
  const files = RUN_OUTPUTS.map((name) => join(args.out, name));
  for (const file of files) assertWritable(file, { force: args.force });
  const rules = args.rules === undefined ? undefined : readRules(args.rules);

  const engine = await Engine.open();
  try {
    const source = args.transactions ?? BUNDLED_TRANSACTIONS;
    const map = args.map ?? BUNDLED_MAP;
    const tx = await loadTransactions(source, {
      engine,
      map,
      dateFormat: args.dateFormat ?? 'auto',
    });
    const customers =
      args.customers === undefined
        ? undefined
        : await loadCustomers(args.customers, {
            engine,
            idColumn: args.customerId ?? map.customerId,
          });
    const quality = await qualityReport(tx, { asOf: args.asOf });
    log(`Data quality — ${source}\n${formatQualityReport(quality)}\n`);

    const features = await customerFeatures(tx, {
      asOf: quality.asOf,
      windows: args.windows,
      customers,
    });
    const table = features.table;
    const rfm = new RfmScorer().fit(table);
    const tiers = new ValueTiers().fit(table);
    const lifecycle = fitLifecycle(table, log);
    const custom = rules === undefined ? undefined : new RuleClassifier(rules).fit(table);
    const schemes: Record<string, { labels: string[]; classes: readonly string[] }> = {
      rfm_segment: { labels: rfm.predict(table), classes: rfm.classes },
      value_tier: { labels: tiers.predict(table), classes: tiers.classes },
    };
    if (lifecycle)
      schemes['lifecycle'] = { labels: lifecycle.predict(table), classes: lifecycle.classes };
    if (custom)
      schemes['custom_class'] = { labels: custom.predict(table), classes: custom.classes };

    const summaryFeatures = ['recency_days', 'frequency', 'monetary'];
    const summaries: Record<string, unknown> = {};
    for (const [name, scheme] of Object.entries(schemes)) {
      const rows = classSummary(table, scheme.labels, {
        classes: scheme.classes,
        features: summaryFeatures,
      });
      summaries[name] = rows;
      log(`${name}\n${formatClassSummary(rows)}\n`);
    }

    const labelsOf = Object.fromEntries(Object.entries(schemes).map(([n, s]) => [n, s.labels]));
    const clustering = runClusterStage(table, labelsOf, args, log);

    // Everything is computed: only now is anything written.
    const rfmColumns = rfm.transform(table);
    const output: Record<string, Column> = { ...table };
    for (const name of ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_cell'])
      output[name] = rfmColumns[name] as Column;
    for (const [name, scheme] of Object.entries(schemes)) output[name] = scheme.labels;
    Object.assign(output, clustering.columns);
    const [csvFile, qualityFile, classesFile, clustersFile] = files as [
      string,
      string,
      string,
      string,
    ];
    writeFileAtomic(csvFile, toCsv(output as ColumnTable), { force: args.force });
    writeFileAtomic(qualityFile, `${JSON.stringify(quality, null, 2)}\n`, { force: args.force });
    const models = {
      rfm: rfm.toJSON(),
      valueTiers: tiers.toJSON(),
      lifecycle: lifecycle?.toJSON(),
      custom: custom?.toJSON(),
    };
    writeFileAtomic(
      classesFile,
      `${JSON.stringify({ asOf: features.asOf, models, summaries }, null, 2)}\n`,
      {
        force: args.force,
      },
    );
    writeFileAtomic(clustersFile, `${JSON.stringify(clustering.json, null, 2)}\n`, {
      force: args.force,
    });
    return {
      customers: table['customer_id']?.length ?? 0,
      files,
      schemes: Object.fromEntries(Object.entries(schemes).map(([k, v]) => [k, v.labels])),
    };
  } finally {
    engine.close();
  }
}

/**
 * Lifecycle with thresholds derived from the data; when the data cannot give them (no
 * customer with two orders) the scheme is skipped with a note instead of failing the run.
 */
function fitLifecycle(table: ColumnTable, log: (line: string) => void): Lifecycle | undefined {
  try {
    return new Lifecycle().fit(table);
  } catch (error) {
    if (error instanceof CohortlabError && error.code === 'INVALID_INPUT') {
      log(`lifecycle skipped: ${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

/** The clustering stage, skipped with a note when the data is too small to cluster. */
function runClusterStage(
  table: ColumnTable,
  schemes: Readonly<Record<string, readonly string[]>>,
  args: RunArgs,
  log: (line: string) => void,
): ClusterStageResult {
  try {
    return clusterStage(table, schemes, { k: args.k, seed: args.seed }, log);
  } catch (error) {
    if (!(error instanceof CohortlabError && error.code === 'INVALID_INPUT')) throw error;
    log(`clustering skipped: ${error.message}\n`);
    const n = table['customer_id']?.length ?? 0;
    return {
      columns: {
        cluster: new Float64Array(n).fill(NaN),
        cluster_name: new Array<null>(n).fill(null),
        cluster_distance: new Float64Array(n).fill(NaN),
      },
      json: { skipped: error.message },
    };
  }
}

function readRules(file: string): ReturnType<typeof ruleSetFromJSON> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CohortlabError('FILE_NOT_FOUND', 'rules file not found', { file });
  }
  try {
    return ruleSetFromJSON(JSON.parse(text) as unknown);
  } catch (error) {
    if (error instanceof CohortlabError) {
      throw new CohortlabError(error.code, error.message, { file }, error);
    }
    throw new CohortlabError('INVALID_RULE', 'rules file is not valid JSON', { file }, error);
  }
}
