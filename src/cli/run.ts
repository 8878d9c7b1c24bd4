import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RuleClassifier,
  ruleSetFromJSON,
  type RuleClassifierOptions,
} from '../classes/rules/rule-classifier.js';
import { classSummary, formatClassSummary, type ClassSummaryRow } from '../classes/summary.js';
import { loadCustomers } from '../data/customers.js';
import { CDNOW_MAPPING, datasetPath } from '../data/datasets.js';
import { assertNoWarnings, formatWarning, type CohortlabWarning } from '../errors/warnings.js';
import { Engine } from '../data/engine.js';
import { formatQualityReport, qualityReport, type QualityReport } from '../data/quality.js';
import {
  loadTransactions,
  type TransactionMapping,
  type Transactions,
} from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  assertExportWritable,
  planCohortExport,
  type CohortExportOptions,
  type WrittenFile,
} from '../export/cohort-export.js';
import { assertReplaceable, recoverOutputSet } from '../export/output-set.js';
import { assertCanWrite } from '../export/write-file.js';
import type { JsonValue } from '../model/estimator.js';
import { fitPipeline, type PipelineFit } from '../pipeline/fit-pipeline.js';
import { pipelineModelText } from '../pipeline/model-json.js';
import type { ColumnTable } from '../table/column-table.js';
import type { RunArgs } from './args.js';
import { clusterReport } from './cluster-stage.js';
import { StageProgress } from './progress.js';
import {
  DEFAULT_PLAYBOOK,
  playbookColumns,
  readPlaybook,
  type Playbook,
} from '../pipeline/playbook.js';
import { runStages } from './run-stages.js';
import { writeRunOutputs } from './write-outputs.js';

/** The bundled default: CDNOW transactions shipped in the package's data/ folder. */
export const BUNDLED_TRANSACTIONS = datasetPath('cdnow');
const BUNDLED_MAP: TransactionMapping = CDNOW_MAPPING;

/** Report files `cohortlab run` writes into the output folder besides the cohort tables. */
export const RUN_OUTPUTS = ['quality.json', 'classes.json', 'clusters.json', 'model.json'] as const;

/** Everything a run computed, handed to output stages before anything is written. */
export interface RunComputed {
  readonly args: RunArgs;
  /** The transactions file (or the bundled one). */
  readonly source: string;
  readonly transactions: Transactions;
  readonly quality: QualityReport;
  /** The fitted pipeline, features, labelled cohorts, clusters and surrogate rules. */
  readonly fit: PipelineFit;
  /** Label column per class scheme (rfm_segment, value_tier, …), one label per customer. */
  readonly schemes: Readonly<Record<string, readonly string[]>>;
  /** Per-scheme class summaries (classes.json). */
  readonly summaries: Readonly<Record<string, readonly ClassSummaryRow[]>>;
  /** The content of clusters.json: k search, profiles, comparisons, rules. */
  readonly clusters: JsonValue;
  /** The exported cohort table (after --where). */
  readonly cohorts: ColumnTable;
  /** The segment playbook (the defaults, or --playbook over them). */
  readonly playbook?: Playbook;
}

/**
 * An extra output of the run (the HTML report, say): the file names it writes into the
 * output folder — checked for writability with the others before any work — and a function
 * that renders their content from everything computed. Rendering happens before anything is
 * written, so a failing stage leaves no output behind.
 */
export interface RunOutputStage {
  readonly name: string;
  readonly files: readonly string[];
  build(
    run: RunComputed,
  ):
    | Readonly<Record<string, string | Uint8Array>>
    | Promise<Readonly<Record<string, string | Uint8Array>>>;
  /**
   * A warning when a rendered file does not hold what its name promises (score.sql that only
   * says why there is no query): raised with the run's warnings and shown in the summary.
   */
  note?(name: string, content: string | Uint8Array): CohortlabWarning | undefined;
}

/** Where a command reports: the detailed account (stdout) and the stage progress (stderr). */
export interface CommandIO {
  readonly log: (line: string) => void;
  readonly progress: StageProgress;
  /** Where warnings go, one line each (stderr); default: `log`. */
  readonly warn?: (line: string) => void;
}

/** What a run did, for the caller (the CLI prints it; tests assert it). */
export interface RunResult {
  readonly customers: number;
  readonly files: readonly WrittenFile[];
  readonly schemes: Readonly<Record<string, readonly string[]>>;
  readonly k: number | undefined;
  readonly cohorts: ColumnTable;
}

/**
 * The main job: load → quality report → features → predefined classes → scale → choose k →
 * k-means → profiles and names → surrogate rules → classes vs clusters → exports and model.
 * Every output path is checked before any work, and every file's content (and the cohort
 * filter and split) is settled before the first file is written, so a refused or failed run
 * writes nothing.
 */
export async function runPipeline(
  args: RunArgs,
  io: CommandIO | ((line: string) => void),
  stages: readonly RunOutputStage[] = [],
): Promise<RunResult> {
  // A bare log function (the earlier signature) runs without progress display.
  const { log, progress } =
    typeof io === 'function'
      ? { log: io, progress: new StageProgress({ write: () => true }, { quiet: true }) }
      : io;
  const warn = (typeof io === 'function' ? undefined : io.warn) ?? log;
  // The built-in outputs (score.sql, migration.json, report.html) go through the same hook.
  const allStages = [...runStages(args), ...stages];
  const reportFiles = RUN_OUTPUTS.map((name) => join(args.out, name));
  const extraFiles = allStages.flatMap((stage) => stage.files.map((name) => join(args.out, name)));
  const names = [...RUN_OUTPUTS, ...allStages.flatMap((stage) => stage.files)];
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new Error(`two outputs of the run are called ${twice}`);
  const exportOptions: CohortExportOptions = {
    dir: args.out,
    formats: args.formats,
    force: args.force,
    whereLabel: '--where',
    ...(args.splitBy === undefined ? {} : { splitBy: args.splitBy }),
    ...(args.where === undefined ? {} : { where: args.where }),
  };
  // The output folder changes as a whole (see output-set.ts): first put right what a killed
  // or failed earlier run left, so the checks below see the folder as it really is.
  assertReplaceable(args.out);
  recoverOutputSet(args.out);
  for (const file of [...reportFiles, ...extraFiles]) assertCanWrite(file, { force: args.force });
  assertExportWritable(exportOptions);
  const rules = args.rules === undefined ? undefined : readRules(args.rules);
  // The default playbook serves value.json and the report; its columns join the exports only
  // when --playbook asks (default, or a file), so existing exports keep their columns.
  const playbook =
    args.playbook === undefined || args.playbook === 'default'
      ? DEFAULT_PLAYBOOK
      : readPlaybook(args.playbook);

  const engine = await Engine.open();
  try {
    const source = args.transactions ?? BUNDLED_TRANSACTIONS;
    const map = args.map ?? BUNDLED_MAP;
    const dateFormat = args.dateFormat ?? 'auto';
    const tx = await progress.stage(
      'load',
      'transactions',
      () =>
        loadTransactions(source, {
          engine,
          map,
          dateFormat,
          onInvalid: args.onInvalid,
          vocabulary: 'cli',
          progress,
        }),
      (t) => t.rows,
    );
    const customers =
      args.customers === undefined
        ? undefined
        : await loadCustomers(args.customers, {
            engine,
            idColumn: args.customerId ?? map.customerId,
          });
    const quality = await progress.stage(
      'quality',
      'rows',
      () => qualityReport(tx, { asOf: args.asOf }),
      (q) => q.rows,
    );
    log(`Data quality — ${source}\n${formatQualityReport(quality)}\n`);

    const fit = await fitPipeline(tx, {
      dateFormat,
      ...(args.asOf === undefined ? {} : { asOf: args.asOf }),
      windows: args.windows,
      classes: args.classes,
      ...(rules === undefined ? {} : { rules }),
      k: args.k,
      ...(args.features === undefined ? {} : { features: args.features }),
      seed: args.seed,
      ...(args.likelihood === undefined ? {} : { likelihoodDays: args.likelihood }),
      ...(args.bgNbdWeeks === undefined ? {} : { bgNbdWeeks: args.bgNbdWeeks }),
      ...(customers === undefined ? {} : { customers }),
      requireLifecycle: args.classesGiven,
      progress,
    });
    for (const note of fit.notes) log(`${note}\n`);
    // --strict stops here, before anything is written (the error is its one line).
    if (args.strict) assertNoWarnings(fit.warnings);
    const likelihood = fit.pipeline.likelihood;
    if (likelihood) {
      log(
        `Purchase likelihood (${likelihood.horizonDays} days): out-of-fold AUC ${likelihood.auc.toFixed(3)}, Brier ${likelihood.brier.toFixed(4)}\n`,
      );
    }

    const schemes = fit.pipeline.classLabels(fit.features.table);
    const summaries: Record<string, ClassSummaryRow[]> = {};
    const classesOf: Record<string, readonly string[]> = {
      rfm_segment: fit.pipeline.rfm?.classes ?? [],
      value_tier: fit.pipeline.valueTiers?.classes ?? [],
      lifecycle: fit.pipeline.lifecycle?.classes ?? [],
      custom_class: fit.pipeline.rules?.classes ?? [],
    };
    for (const [name, labels] of Object.entries(schemes)) {
      const rows = classSummary(fit.features.table, labels, {
        classes: classesOf[name] ?? [],
        features: ['recency_days', 'frequency', 'monetary'],
      });
      summaries[name] = rows;
      log(`${name}\n${formatClassSummary(rows)}\n`);
    }
    // The account is printed after the stage, so a terminal's progress line stays whole.
    const account: string[] = [];
    const clusters = await progress.stage(
      'compare',
      'schemes',
      () => clusterReport(fit, schemes, (line) => account.push(line)),
      () => Object.keys(schemes).length,
    );
    for (const line of account) log(line);

    // Everything is computed: settle every file's content, then write.
    // With --playbook, each customer's most urgent entry travels with the exports.
    const labelled =
      args.playbook === undefined
        ? fit.cohorts
        : { ...fit.cohorts, ...playbookColumns(fit.cohorts, playbook) };
    const plan = planCohortExport(labelled, exportOptions);
    const computed: RunComputed = {
      args,
      source,
      transactions: tx,
      quality,
      fit,
      schemes,
      summaries,
      clusters,
      cohorts: plan.table,
      playbook,
    };
    const stageTexts: [string, string | Uint8Array][] = [];
    const stageWarnings: CohortlabWarning[] = [];
    const notes = new Map<string, string>();
    for (const stage of allStages) {
      const files = await progress.stage(
        stage.name,
        'files',
        () => stage.build(computed),
        () => stage.files.length,
      );
      for (const name of stage.files) {
        const content = files[name];
        if (content === undefined) {
          throw new Error(`output stage "${stage.name}" did not render ${name}`);
        }
        stageTexts.push([join(args.out, name), content]);
        const note = stage.note?.(name, content);
        if (note !== undefined) {
          stageWarnings.push(note);
          notes.set(join(args.out, name), note.message);
        }
      }
    }
    if (args.strict) assertNoWarnings(stageWarnings);
    const warnings = [...fit.warnings, ...stageWarnings];
    const texts: [string, string | Uint8Array][] = [
      [reportFiles[0] as string, `${JSON.stringify({ ...quality, warnings }, null, 2)}\n`],
      [reportFiles[1] as string, classesJson(fit, summaries)],
      [reportFiles[2] as string, `${JSON.stringify(clusters, null, 2)}\n`],
      [reportFiles[3] as string, pipelineModelText(fit.pipeline)],
      ...stageTexts,
    ];
    const written = await progress.stage(
      'write',
      'files',
      () => writeRunOutputs({ dir: args.out, plan, texts, notes }, { engine, progress }),
      (files) => files.length,
    );
    // Each warning once, on stderr, after a run that succeeded: a failed run prints one line.
    for (const warning of warnings) warn(`cohortlab: ${formatWarning(warning)}`);
    return {
      customers: fit.features.table['customer_id']?.length ?? 0,
      files: written,
      schemes,
      k: fit.clusters?.k,
      cohorts: plan.table,
    };
  } finally {
    engine.close();
  }
}

/** classes.json: the as-of date, each scheme's fitted model and its class summary. */
function classesJson(fit: PipelineFit, summaries: Record<string, ClassSummaryRow[]>): string {
  const p = fit.pipeline;
  const models = {
    rfm: p.rfm?.toJSON(),
    valueTiers: p.valueTiers?.toJSON(),
    lifecycle: p.lifecycle?.toJSON(),
    custom: p.rules?.toJSON(),
  };
  return `${JSON.stringify({ asOf: fit.features.asOf, models, summaries }, null, 2)}\n`;
}

/** Reads and checks a rules file (INVALID_RULE / FILE_NOT_FOUND naming it). */
export function readRules(file: string): RuleClassifierOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CohortlabError('FILE_NOT_FOUND', 'rules file not found', { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CohortlabError('INVALID_RULE', 'rules file is not valid JSON', { file }, error);
  }
  // Only the JSON parse above may say "not valid JSON": any other failure is about the rules.
  try {
    const rules = ruleSetFromJSON(json);
    new RuleClassifier(rules); // parses every condition now, so errors name this file
    return rules;
  } catch (error) {
    if (error instanceof CohortlabError) {
      throw new CohortlabError(error.code, error.message, { file }, error);
    }
    throw error;
  }
}
