/**
 * One SQL query that scores customers where the transactions live: features from raw
 * transactions, every fitted class scheme, the nearest k-means cluster, a decision tree.
 *
 * @module
 */
import type { Lifecycle } from '../classes/lifecycle.js';
import type { RfmScorer } from '../classes/rfm-scorer.js';
import type { RuleClassifier } from '../classes/rules/rule-classifier.js';
import type { ValueTiers } from '../classes/value-tiers.js';
import type { DecisionTreeClassifier } from '../classify/tree/decision-tree.js';
import { toRules } from '../classify/tree/rules.js';
import { toSqlCase } from '../classify/tree/sql.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import { lifecycleSql, rfmScoreSql, rfmSegmentSql, valueTierSql } from './classes.js';
import {
  centroidDistancesSql,
  nearestCentroidSql,
  scaledFeaturesSql,
  type CentroidModel,
  type SqlScaler,
} from './clusters.js';
import type { QueryStage, SqlDialect } from './dialect.js';
import { indentSql, quoteEscapesOf } from './indent.js';
import { duckdbDialect } from './dialects/duckdb.js';
import { featureStages, type SqlFeatureConfig } from './features.js';
import { classRulesSql } from './rules.js';

/** The fitted components to export; everything but `features` is optional. */
export interface ScoringParts {
  /** How features are computed from the transactions (as fitted: as-of, windows, columns). */
  readonly features: SqlFeatureConfig;
  /** → rfm_r, rfm_f, rfm_m, rfm_fm, rfm_cell, rfm_segment. */
  readonly rfm?: RfmScorer;
  /** → value_tier. */
  readonly valueTiers?: ValueTiers;
  /** → lifecycle. */
  readonly lifecycle?: Lifecycle;
  /** → custom_class. Rules may name the feature columns. */
  readonly rules?: RuleClassifier;
  /** Scaling applied before k-means (Log1p, StandardScaler, or a Pipeline of them). */
  readonly scaler?: SqlScaler;
  /** → cluster, cluster_name, cluster_distance (customers with purchases only). */
  readonly kmeans?: CentroidModel;
  /** Name of each cluster, by index (default the index as text). */
  readonly clusterNames?: readonly string[];
  /** Features k-means was fitted on, in order (default the names the model recorded). */
  readonly clusterFeatures?: readonly string[];
  /** A decision tree over feature or class columns → `treeOutput`. */
  readonly tree?: DecisionTreeClassifier;
  /** Column name of the tree's class (default `tree_class`). */
  readonly treeOutput?: string;
}

/** Options of {@link scoringSql}. */
export interface ScoringSqlOptions {
  /** SQL dialect (default {@link duckdbDialect}). */
  readonly dialect?: SqlDialect;
  /**
   * The transactions: a table name or a parenthesised subquery with an alias, inserted as
   * written (quote names that need it, e.g. with `dialect.quoteIdentifier`).
   */
  readonly table: string;
  /**
   * Output columns after `customer_id` (default all, see {@link scoringColumns}); the
   * intermediate `scaled_<feature>`, `sqdist_<j>` and `sqdist_min` may be named too.
   */
  readonly columns?: readonly string[];
}

/** What {@link scoringSql} returns. */
export interface ScoringQuery {
  /** The query: one row per customer, ordered by customer_id. */
  readonly sql: string;
  /** Its columns in order, `customer_id` first. */
  readonly columns: readonly string[];
  /** The numeric features it computes. */
  readonly featureNames: readonly string[];
}

const STAGE = {
  scores: 'scores',
  labels: 'labels',
  segments: 'segments',
  scored: 'scored',
} as const;

function sqdistName(j: number): string {
  return `sqdist_${j}`;
}

function clusterFeatureList(parts: ScoringParts, kmeans: CentroidModel): string[] {
  const features = parts.clusterFeatures ?? kmeans.learned.featureNames;
  if (features === undefined) {
    throw new CohortlabError(
      'INVALID_OPTION',
      'the k-means model recorded no feature names: pass clusterFeatures',
    );
  }
  return [...features];
}

function requireColumns(
  names: readonly string[],
  available: readonly string[],
  what: string,
): void {
  for (const name of names) {
    if (!available.includes(name)) {
      throw new CohortlabError(
        'UNKNOWN_FEATURE',
        `${what} needs a column the query does not compute; available: ${available.join(', ')}`,
        { column: name },
      );
    }
  }
}

/**
 * One SQL query that computes, from the raw transactions, everything the given fitted parts
 * compute in-process: the features of `customerFeatures`, then RFM scores and segment, value
 * tier, lifecycle stage, rule class, scaled features → nearest centroid (cluster, name,
 * distance), then the tree's class. Readable: named CTEs (nested subqueries where the
 * dialect has no CTEs), each with a comment.
 *
 * Every customer with a transaction before the as-of date gets a row (so `has_transactions`
 * is 1); customers whose scaled features are missing (a log of a value ≤ −1) get NULL
 * cluster columns, and a tree that tests a missing value gives NULL.
 */
export function scoringSql(parts: ScoringParts, options: ScoringSqlOptions): ScoringQuery {
  const d = options.dialect ?? duckdbDialect;
  const q = (name: string): string => d.quoteIdentifier(name);
  // Indents the lines after the first of a multi-line expression in a select list (never
  // inside a quoted name or label).
  const escapes = quoteEscapesOf(d);
  const indentContinuation = (expression: string): string => indentSql(expression, '  ', escapes);
  const base = featureStages(parts.features, d);
  const available = [...base.columns];
  const scores: string[] = [];
  const labels: string[] = [];
  const segments: string[] = [];
  const outputs: [name: string, expression: string][] = [];
  const add = (list: string[], name: string, expression: string): void => {
    if (available.includes(name)) {
      throw new CohortlabError('INVALID_OPTION', `two outputs are called "${name}"`);
    }
    available.push(name);
    list.push(`${indentContinuation(expression)} AS ${q(name)}`);
  };
  const featureColumns = [...base.columns];
  // Intermediate columns (scaled inputs, squared distances) that are not outputs.
  const internal = new Set<string>();

  if (parts.rfm) {
    const p = parts.rfm.params;
    requireColumns([p.recency, p.frequency, p.monetary], featureColumns, 'RfmScorer');
    const s = rfmScoreSql(parts.rfm, d);
    add(scores, 'rfm_r', s.rfm_r);
    add(scores, 'rfm_f', s.rfm_f);
    add(scores, 'rfm_m', s.rfm_m);
    const seg = rfmSegmentSql(parts.rfm, d);
    add(labels, 'rfm_fm', seg.rfm_fm);
    add(segments, 'rfm_cell', seg.rfm_cell);
    add(segments, 'rfm_segment', seg.rfm_segment);
  }
  if (parts.valueTiers) {
    requireColumns([parts.valueTiers.params.by], featureColumns, 'ValueTiers');
    add(scores, 'value_tier', valueTierSql(parts.valueTiers, d));
  }
  if (parts.lifecycle) {
    const p = parts.lifecycle.params;
    requireColumns([p.recency, p.tenure], featureColumns, 'Lifecycle');
    add(scores, 'lifecycle', lifecycleSql(parts.lifecycle, d));
  }
  if (parts.rules) {
    add(scores, 'custom_class', classRulesSql(parts.rules, d, { columns: featureColumns }));
  }
  let clusterColumns: [string, string][] = [];
  if (parts.kmeans) {
    const features = clusterFeatureList(parts, parts.kmeans);
    requireColumns(features, featureColumns, 'k-means');
    const scaled = parts.scaler
      ? scaledFeaturesSql(parts.scaler, features, d)
      : features.map((f) => q(f));
    const scaledNames = features.map((f) => `scaled_${f}`);
    const sqdists = centroidDistancesSql(parts.kmeans, scaledNames, d);
    for (const name of [...scaledNames, ...sqdists.map((_, j) => sqdistName(j)), 'sqdist_min']) {
      internal.add(name);
    }
    // Only buyers (an order of positive value) are clustered, as in clusterCustomers.
    scaled.forEach((expression, t) =>
      add(
        scores,
        scaledNames[t] as string,
        `CASE WHEN ${q('has_transactions')} = 1 AND ${q('frequency')} > 0 THEN ${expression} END`,
      ),
    );
    sqdists.forEach((expression, j) => add(labels, sqdistName(j), expression));
    const sqdistNames = sqdists.map((_, j) => sqdistName(j));
    add(segments, 'sqdist_min', d.least(sqdistNames.map(q)));
    const names = parts.clusterNames ?? sqdists.map((_, j) => String(j));
    const nearest = nearestCentroidSql(sqdistNames, 'sqdist_min', names, d);
    clusterColumns = [
      ['cluster', nearest.cluster],
      ['cluster_name', nearest.cluster_name],
      ['cluster_distance', nearest.cluster_distance],
    ];
  }
  const classColumns = available.filter((c) => !featureColumns.includes(c) && !internal.has(c));
  for (const [name, expression] of clusterColumns) {
    if (available.includes(name)) {
      throw new CohortlabError('INVALID_OPTION', `two outputs are called "${name}"`);
    }
    available.push(name);
    outputs.push([name, expression]);
  }
  if (parts.tree) {
    const output = parts.treeOutput ?? 'tree_class';
    requireColumns(
      parts.tree.features.map((f) => f.name),
      [...featureColumns, ...classColumns],
      'the tree',
    );
    if (available.includes(output)) {
      throw new CohortlabError('INVALID_OPTION', `two outputs are called "${output}"`);
    }
    available.push(output);
    // A lone root is its class (toSqlCase would write `WHEN TRUE`, unknown to old ClickHouse).
    const leaves = toRules(parts.tree);
    const lone = leaves.length === 1 ? leaves[0] : undefined;
    outputs.push([
      output,
      lone === undefined ? toSqlCase(parts.tree, { dialect: d }) : d.stringLiteral(lone.label),
    ]);
  }

  const allColumns = [
    ...featureColumns,
    ...classColumns,
    ...clusterColumns.map(([name]) => name),
    ...(parts.tree ? [parts.treeOutput ?? 'tree_class'] : []),
  ];
  const wanted = options.columns ?? allColumns.filter((c) => c !== 'customer_id');
  // Intermediate columns may be asked for too (scaled_<feature>, sqdist_<j>, sqdist_min).
  requireColumns(wanted, [...allColumns, ...internal], 'the output');
  const outputExpressions = new Map(outputs);
  const finalColumns = ['customer_id', ...wanted.filter((c) => c !== 'customer_id')];

  const extend = (name: string, comment: string, list: readonly string[]): QueryStage[] =>
    list.length === 0
      ? []
      : [{ name, comment, select: (from) => `SELECT *,\n  ${list.join(',\n  ')}\nFROM ${from}` }];
  const stages: QueryStage[] = [
    ...base.stages,
    ...extend(
      STAGE.scores,
      'Class schemes read straight from the features; scaled cluster inputs.',
      scores,
    ),
    ...extend(STAGE.labels, 'FM score; squared distance to each centroid.', labels),
    ...extend(STAGE.segments, 'RFM cell and segment; the smallest squared distance.', segments),
    {
      name: STAGE.scored,
      comment:
        'Nearest centroid (first among ties), its name and distance; the tree; the output columns.',
      select: (from) => {
        const select = finalColumns.map((c) => {
          const expression = outputExpressions.get(c);
          return expression === undefined ? q(c) : `${indentContinuation(expression)} AS ${q(c)}`;
        });
        return `SELECT ${select.join(',\n  ')}\nFROM ${from}\nORDER BY ${q('customer_id')}`;
      },
    },
  ];
  return {
    sql: d.compose(options.table, stages),
    columns: finalColumns,
    featureNames: base.featureNames,
  };
}

/**
 * Every column {@link scoringSql} can output for `parts`, `customer_id` first, without
 * building the query.
 */
export function scoringColumns(parts: ScoringParts): string[] {
  return [...scoringSql(parts, { table: 'transactions' }).columns];
}
