import {
  customerValueToJSON,
  readCustomerValue,
  type PipelineValueJSON,
} from './customer-value.js';
import { Lifecycle } from '../classes/lifecycle.js';
import { RfmScorer } from '../classes/rfm-scorer.js';
import { RuleClassifier } from '../classes/rules/rule-classifier.js';
import { ValueTiers } from '../classes/value-tiers.js';
import { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { KMeans } from '../cluster/kmeans/kmeans.js';
import type { TransactionMapping } from '../data/transactions.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { printableText } from '../sql/safe-text.js';
import type { ModelJSON } from '../model/estimator.js';
import { BgNbd } from '../predict/bg-nbd/bg-nbd.js';
import { Pipeline } from '../preprocess/pipeline.js';
import {
  CohortPipeline,
  type PipelineClustering,
  type PipelineLikelihood,
} from './cohort-pipeline.js';
import { parseClassSchemes, type ClassScheme, type PipelineConfig } from './config.js';
import type { PipelineRepeatBuying } from './repeat-buying.js';

/** The `format` field of a pipeline model file. */
export const PIPELINE_FORMAT = 'cohortlab-pipeline';

/**
 * The layout version this build writes (semantic versioning): a reader accepts any model of
 * the same MAJOR version (a newer minor version only adds fields) and refuses other majors.
 */
export const PIPELINE_VERSION = '1.0.0';

/** A fitted pipeline as one JSON document (what `model.json` holds). */
export interface PipelineModelJSON {
  readonly format: typeof PIPELINE_FORMAT;
  readonly version: string;
  readonly createdAt?: string;
  readonly config: PipelineConfig;
  readonly features: CohortPipeline['features'];
  readonly classes: {
    readonly rfm: ModelJSON | null;
    readonly valueTiers: ModelJSON | null;
    readonly lifecycle: ModelJSON | null;
    readonly rules: ModelJSON | null;
  };
  /** Features the clusters were fitted on (empty when clustering was skipped). */
  readonly clusterFeatures: readonly string[];
  readonly scaler: ModelJSON | null;
  readonly kmeans: ModelJSON | null;
  /** Name of cluster c at index c. */
  readonly clusterNames: readonly string[];
  /** The surrogate decision tree that explains the clusters with rules. */
  readonly tree: ModelJSON | null;
  /** The purchase-likelihood model, when one was fitted. */
  readonly likelihood: {
    readonly horizonDays: number;
    readonly auc: number;
    readonly brier: number;
    readonly tree: ModelJSON;
  } | null;
  /**
   * The BG/NBD repeat-buying model (added in 1.x; absent when none was fitted): the horizon
   * of expected_purchases_<H>w in weeks and the fitted `BgNbd`.
   */
  readonly bgNbd?: {
    readonly horizonWeeks: number;
    readonly model: ModelJSON;
    /** The Gamma-Gamma spend model and CLV settings (added in 1.x; absent when none). */
    readonly value?: PipelineValueJSON;
  };
}

const plain = (model: { toJSON(): unknown } | undefined): ModelJSON | null =>
  model === undefined ? null : (JSON.parse(JSON.stringify(model.toJSON())) as ModelJSON);

/** The model document of a fitted pipeline (plain JSON; key order fixed). */
export function pipelineToJSON(pipeline: CohortPipeline): PipelineModelJSON {
  const c = pipeline.clustering;
  return {
    format: PIPELINE_FORMAT,
    version: PIPELINE_VERSION,
    ...(pipeline.createdAt === undefined ? {} : { createdAt: pipeline.createdAt }),
    config: pipeline.config,
    features: pipeline.features,
    classes: {
      rfm: plain(pipeline.rfm),
      valueTiers: plain(pipeline.valueTiers),
      lifecycle: plain(pipeline.lifecycle),
      rules: plain(pipeline.rules),
    },
    clusterFeatures: c ? [...c.features] : [],
    scaler: plain(c?.scaler),
    kmeans: plain(c?.kmeans),
    clusterNames: c ? [...c.names] : [],
    tree: plain(c?.tree),
    likelihood: pipeline.likelihood
      ? {
          horizonDays: pipeline.likelihood.horizonDays,
          auc: pipeline.likelihood.auc,
          brier: pipeline.likelihood.brier,
          tree: plain(pipeline.likelihood.tree) as ModelJSON,
        }
      : null,
    ...(pipeline.repeatBuying
      ? {
          bgNbd: {
            horizonWeeks: pipeline.repeatBuying.horizonWeeks,
            model: plain(pipeline.repeatBuying.model) as ModelJSON,
            ...(pipeline.repeatBuying.value === undefined
              ? {}
              : { value: customerValueToJSON(pipeline.repeatBuying.value) }),
          },
        }
      : {}),
  };
}

/** The model file's text: 2-space-indented JSON and a final newline. Deterministic. */
export function pipelineModelText(pipeline: CohortPipeline): string {
  return `${JSON.stringify(pipelineToJSON(pipeline), null, 2)}\n`;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Restores a pipeline from its model document (object or JSON text). INVALID_MODEL, naming
 * `file` when given, for text that is not JSON, a document of another format, another MAJOR
 * version, or any part that does not restore.
 */
export function pipelineFromJSON(json: unknown, file?: string): CohortPipeline {
  const where = file === undefined ? {} : { file };
  const bad = (detail: string, cause?: unknown): CohortlabError =>
    new CohortlabError('INVALID_MODEL', detail, where, cause);
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw bad(
        `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        error,
      );
    }
  }
  if (!isObject(value) || value['format'] !== PIPELINE_FORMAT) {
    throw bad(`not a cohortlab pipeline model (format must be "${PIPELINE_FORMAT}")`);
  }
  const version = value['version'];
  const major = typeof version === 'string' ? /^(\d+)\.\d+\.\d+$/.exec(version)?.[1] : undefined;
  if (major === undefined) throw bad(`model version must be like "1.0.0", got ${String(version)}`);
  const ownMajor = PIPELINE_VERSION.split('.')[0] as string;
  if (major !== ownMajor) {
    throw bad(
      `model version ${version} is not supported: this build reads version ${ownMajor}.x models`,
    );
  }
  try {
    return restore(value);
  } catch (error) {
    if (error instanceof CohortlabError) {
      throw bad(`invalid model: ${error.message}`, error);
    }
    throw bad(`invalid model: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function restore(doc: Obj): CohortPipeline {
  const config = readConfig(doc['config']);
  const features = readFeatures(doc['features']);
  const classes = doc['classes'];
  if (!isObject(classes)) throw invalid('"classes" must be an object');
  const opt = <T>(field: string, type: string, read: (json: unknown) => T): T | undefined => {
    const v = classes[field];
    return v === null || v === undefined ? undefined : read(part(v, `classes.${field}`, type));
  };
  let clustering: PipelineClustering | undefined;
  if (doc['kmeans'] !== null && doc['kmeans'] !== undefined) {
    const names = strings(doc['clusterNames'], 'clusterNames');
    const kmeans = KMeans.fromJSON(part(doc['kmeans'], 'kmeans', 'KMeans'));
    if (names.length !== kmeans.params.k) {
      throw invalid(`"clusterNames" lists ${names.length} names for ${kmeans.params.k} clusters`);
    }
    clustering = {
      features: strings(doc['clusterFeatures'], 'clusterFeatures'),
      scaler: Pipeline.fromJSON(part(doc['scaler'], 'scaler', 'Pipeline')),
      kmeans,
      names,
      tree: DecisionTreeClassifier.fromJSON(part(doc['tree'], 'tree', 'DecisionTreeClassifier')),
    };
  }
  const createdAt = doc['createdAt'];
  const likelihood = readLikelihood(doc['likelihood']);
  const repeatBuying = readRepeatBuying(doc['bgNbd']);
  return new CohortPipeline(
    config,
    features,
    {
      rfm: opt('rfm', 'RfmScorer', RfmScorer.fromJSON),
      valueTiers: opt('valueTiers', 'ValueTiers', ValueTiers.fromJSON),
      lifecycle: opt('lifecycle', 'Lifecycle', Lifecycle.fromJSON),
      rules: opt('rules', 'RuleClassifier', RuleClassifier.fromJSON),
      clustering,
      likelihood,
      repeatBuying,
    },
    typeof createdAt === 'string' ? createdAt : undefined,
  );
}

function invalid(detail: string): CohortlabError {
  return new CohortlabError('INVALID_MODEL', detail);
}

/** A JSON value named for a message: `the string "x"`, `the number 3`, `an array`. */
function describeJson(value: unknown): string {
  if (typeof value === 'string') {
    const text = printableText(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    return `the string "${text}"`;
  }
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return `the ${typeof value} ${String(value)}`;
}

/**
 * A fitted part of the model (`kmeans`, `classes.rfm`, …): it must be an object, which its
 * `fromJSON` then checks. (Estimators' `fromJSON` also take JSON text, so a string here would
 * be parsed as JSON and misreported as "not valid JSON".)
 */
function part(value: unknown, field: string, type: string): Obj {
  if (!isObject(value)) {
    throw invalid(
      `"${field}" must be a ${type} model object ({"format": "cohortlab-model", "type": "${type}", …}), got ${describeJson(value)}`,
    );
  }
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalid(`"${field}" must be an array of strings`);
  }
  return [...(value as string[])];
}

function readConfig(value: unknown): PipelineConfig {
  if (!isObject(value)) throw invalid('"config" must be an object');
  const mapping = value['mapping'];
  if (
    !isObject(mapping) ||
    typeof mapping['customerId'] !== 'string' ||
    typeof mapping['date'] !== 'string' ||
    !Object.values(mapping).every((v) => typeof v === 'string')
  ) {
    throw invalid('"config.mapping" needs customerId and date column names');
  }
  const { dateFormat, asOf, windows, classes, k, seed, likelihoodDays } = value;
  if (
    likelihoodDays !== null &&
    !(Number.isInteger(likelihoodDays) && (likelihoodDays as number) > 0)
  ) {
    throw invalid('"config.likelihoodDays" must be whole days or null');
  }
  if (typeof dateFormat !== 'string') throw invalid('"config.dateFormat" must be a string');
  if (asOf !== null && typeof asOf !== 'string')
    throw invalid('"config.asOf" must be a date or null');
  if (!Array.isArray(windows) || !windows.every((w) => Number.isInteger(w) && (w as number) > 0)) {
    throw invalid('"config.windows" must be whole days');
  }
  if (k !== 'auto' && !(Number.isInteger(k) && (k as number) >= 1)) {
    throw invalid('"config.k" must be a whole number or "auto"');
  }
  if (!Number.isInteger(seed)) throw invalid('"config.seed" must be a whole number');
  let schemes: ClassScheme[];
  try {
    schemes = parseClassSchemes(strings(classes, 'config.classes'), 'config.classes');
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  return {
    mapping: { ...(mapping as unknown as TransactionMapping) },
    dateFormat,
    asOf: asOf as string | null,
    windows: windows as number[],
    classes: schemes,
    k: k as number | 'auto',
    seed: seed as number,
    likelihoodDays: likelihoodDays as number | null,
  };
}

function readLikelihood(value: unknown): PipelineLikelihood | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) throw invalid('"likelihood" must be an object or null');
  const { horizonDays, auc, brier } = value;
  if (!Number.isInteger(horizonDays) || typeof auc !== 'number' || typeof brier !== 'number') {
    throw invalid('"likelihood" needs horizonDays, auc and brier');
  }
  return {
    horizonDays: horizonDays as number,
    auc,
    brier,
    tree: DecisionTreeClassifier.fromJSON(
      part(value['tree'], 'likelihood.tree', 'DecisionTreeClassifier'),
    ),
  };
}

function readRepeatBuying(value: unknown): PipelineRepeatBuying | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) throw invalid('"bgNbd" must be an object');
  const horizonWeeks = value['horizonWeeks'];
  if (!Number.isInteger(horizonWeeks) || (horizonWeeks as number) < 1) {
    throw invalid('"bgNbd.horizonWeeks" must be whole weeks ≥ 1');
  }
  const spend = readCustomerValue(value['value']);
  return {
    horizonWeeks: horizonWeeks as number,
    model: BgNbd.fromJSON(part(value['model'], 'bgNbd.model', 'BgNbd')),
    ...(spend === undefined ? {} : { value: spend }),
  };
}

function readFeatures(value: unknown): CohortPipeline['features'] {
  if (!isObject(value)) throw invalid('"features" must be an object');
  const { asOf, dateFormat, customers, transactions } = value;
  if (typeof asOf !== 'string' || typeof dateFormat !== 'string') {
    throw invalid('"features" needs asOf and dateFormat');
  }
  if (typeof customers !== 'number' || typeof transactions !== 'number') {
    throw invalid('"features" needs the customers and transactions counts');
  }
  return {
    asOf,
    dateFormat,
    names: strings(value['names'], 'features.names'),
    attributes: strings(value['attributes'], 'features.attributes'),
    customers,
    transactions,
    ...(value['categories'] === undefined
      ? {}
      : { categories: strings(value['categories'], 'features.categories') }),
  };
}

/** Type guard for JSON values, used by callers that embed the model in larger documents. */
export function isPipelineModelJSON(value: unknown): value is PipelineModelJSON {
  return isObject(value) && value['format'] === PIPELINE_FORMAT;
}
