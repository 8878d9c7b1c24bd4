/**
 * The segments of {@link segmentAttributes} as one SQL query: the scaling as arithmetic, the
 * k-prototypes cost (squared differences + γ × category mismatches, plain CASE expressions)
 * or the k-means squared distance, and the cheapest segment with its name, so a warehouse can
 * label its customer table where it lives.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import type { SqlDialect } from '../../sql/dialect.js';
import { duckdbDialect } from '../../sql/dialects/duckdb.js';
import { KPrototypes } from '../kprototypes/kprototypes.js';
import type { AttributeSegments } from './segment-attributes.js';

/** Options of {@link segmentsSql}. */
export interface SegmentsSqlOptions {
  /** The customer table to read (a table name, quoted as an identifier). */
  readonly from: string;
  /** SQL dialect (default DuckDB). */
  readonly dialect?: SqlDialect;
}

/** A number for arithmetic: negatives in parentheses. */
function operand(value: number, dialect: SqlDialect): string {
  const text = dialect.numberLiteral(value);
  return value < 0 ? `(${text})` : text;
}

/**
 * `SELECT *, segment, segment_name FROM from`: each row's cheapest segment (the lowest index
 * among exact ties, as `predict`), −1 and NULL for a row with a missing feature value. A
 * category not seen at fit matches no mode, as in-process. The arithmetic follows the
 * in-process order (`(x' − mean) / std`, costs summed feature by feature), so labels agree
 * except on ties within a rounding error.
 */
export function segmentsSql(segments: AttributeSegments, options: SegmentsSqlOptions): string {
  const dialect = options.dialect ?? duckdbDialect;
  const q = (name: string): string => dialect.quoteIdentifier(name);
  const scaled = segments.scaling.map((s) => {
    const x = q(s.feature);
    const value = s.log ? `CASE WHEN ${x} > -1 THEN ${dialect.log1p(x)} END` : x;
    return `((${value} - ${operand(s.mean, dialect)}) / ${operand(s.std, dialect)})`;
  });
  const { model } = segments;
  let costs: string[];
  if (model instanceof KPrototypes) {
    const { means, modes, gamma } = model.learned;
    const numericColumn = new Map(segments.features.map((f) => [f.feature, f.column]));
    costs = means.map((mean, j) => {
      const squares = mean.map((m, t) => {
        const d = `(${scaled[t] as string} - ${operand(m, dialect)})`;
        return `${d} * ${d}`;
      });
      const mismatches = segments.categorical.map((name, t) => {
        const mode = modes[j]?.[t] as string;
        const literal =
          numericColumn.get(name) === 'numeric' && Number.isFinite(Number(mode)) && mode !== ''
            ? operand(Number(mode), dialect)
            : dialect.stringLiteral(mode);
        return `CASE WHEN ${q(name)} = ${literal} THEN 0 ELSE 1 END`;
      });
      const categorical =
        mismatches.length === 0 ? [] : [`${operand(gamma, dialect)} * (${mismatches.join(' + ')})`];
      return [...squares, ...categorical].join(' + ') || '0';
    });
  } else {
    const { data, rows, cols } = model.centroids;
    if (cols !== scaled.length) {
      throw new CohortlabError('INVALID_OPTION', 'the k-means model does not match the scaling');
    }
    costs = Array.from({ length: rows }, (_, j) =>
      scaled
        .map((z, t) => {
          const d = `(${z} - ${operand(data[j * cols + t] as number, dialect)})`;
          return `${d} * ${d}`;
        })
        .join(' + '),
    );
  }
  const k = costs.length;
  const cost = (j: number): string => `(${costs[j] as string})`;
  // Segment j wins when it is strictly cheaper than every earlier one and no dearer than
  // every later one: the lowest index among ties.
  const wins = (j: number): string =>
    Array.from({ length: k }, (_, i) => i)
      .filter((i) => i !== j)
      .map((i) => `${cost(j)} ${i < j ? '<' : '<='} ${cost(i)}`)
      .join(' AND ') || 'TRUE';
  const missing = [...segments.scaling.map((s) => s.feature), ...segments.categorical]
    .map((name) => `${q(name)} IS NULL`)
    .join(' OR ');
  const names = new Map(segments.profiles.map((p) => [p.cluster, p.name]));
  const whens = (value: (j: number) => string): string =>
    Array.from({ length: k }, (_, j) => `WHEN ${wins(j)} THEN ${value(j)}`).join(' ');
  const segment = `CASE WHEN ${missing} THEN -1 ${whens(String)} END`;
  const name = `CASE WHEN ${missing} THEN NULL ${whens((j) => dialect.stringLiteral(names.get(j) ?? String(j)))} END`;
  return `SELECT *, ${segment} AS ${q('segment')}, ${name} AS ${q('segment_name')} FROM ${q(options.from)}`;
}
