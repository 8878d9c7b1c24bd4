/**
 * The segments of {@link segmentAttributes} as a model file: the features, their scaling, the
 * k-prototypes or k-means model and the segment names — everything needed to label another
 * customer table the same way.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { modelJSON, readModelJSON, type ModelJSON } from '../../model/estimator.js';
import { readArray, readObject, readStrings } from '../../preprocess/state-json.js';
import {
  getColumn,
  isNumericColumn,
  rowCount,
  type ColumnTable,
} from '../../table/column-table.js';
import { KMeans } from '../kmeans/kmeans.js';
import { KPrototypes } from '../kprototypes/kprototypes.js';
import type { AttributeSegments, NumericScaling } from './segment-attributes.js';

const TYPE = 'AttributeSegments';

/** What labelling new rows needs. */
export interface SegmentsModel {
  readonly scaling: readonly NumericScaling[];
  readonly categorical: readonly string[];
  /** Name of each segment, by index. */
  readonly names: readonly string[];
  readonly model: KPrototypes | KMeans;
}

/** The segments as a model JSON (type `AttributeSegments`, version 1). */
export function segmentsModelJSON(segments: AttributeSegments): ModelJSON {
  const names = [...segments.profiles].sort((a, b) => a.cluster - b.cluster).map((p) => p.name);
  return modelJSON(
    TYPE,
    1,
    {},
    {
      scaling: segments.scaling.map((s) => ({ ...s })),
      categorical: [...segments.categorical],
      names,
      model: segments.model.toJSON(),
    },
  ) as unknown as ModelJSON;
}

/** Reads {@link segmentsModelJSON} output (object or string); `INVALID_MODEL` if malformed. */
export function readSegmentsModel(json: unknown): SegmentsModel {
  const doc = readModelJSON<unknown, unknown>(json, TYPE, 1);
  const state = readObject(doc.state, 'state', TYPE);
  const scaling = readArray(state['scaling'], 'scaling', TYPE).map((entry) => {
    const s = readObject(entry, 'scaling', TYPE);
    const ok =
      typeof s['feature'] === 'string' &&
      typeof s['log'] === 'boolean' &&
      Number.isFinite(s['mean']) &&
      typeof s['std'] === 'number' &&
      s['std'] > 0;
    if (!ok)
      throw new CohortlabError('INVALID_MODEL', `${TYPE} model field "scaling" is malformed`);
    return s as unknown as NumericScaling;
  });
  const inner = readObject(state['model'], 'model', TYPE);
  const model = inner['type'] === 'KMeans' ? KMeans.fromJSON(inner) : KPrototypes.fromJSON(inner);
  return {
    scaling,
    categorical: readStrings(state['categorical'], 'categorical', TYPE),
    names: readStrings(state['names'], 'names', TYPE),
    model,
  };
}

/**
 * Labels the rows of `table` with a segments model: the segment index (−1 for a row with a
 * missing feature value) and name ('' then). Categories not seen at fit match no mode.
 */
export function predictSegments(
  model: SegmentsModel,
  table: ColumnTable,
): { labels: Int32Array; names: string[] } {
  const n = rowCount(table);
  const p = model.scaling.length;
  const ok = new Uint8Array(n).fill(1);
  const numeric = model.scaling.map((s) => {
    const column = getColumn(table, s.feature);
    if (!isNumericColumn(column)) {
      throw new CohortlabError('INVALID_INPUT', `segment feature is not numeric`, {
        column: s.feature,
      });
    }
    return Float64Array.from(column, (x, i) => {
      const v = s.log ? Math.log1p(x) : x;
      if (!Number.isFinite(v)) ok[i] = 0;
      return (v - s.mean) / s.std;
    });
  });
  const categorical = model.categorical.map((name) => {
    const column = getColumn(table, name);
    const values = isNumericColumn(column)
      ? Array.from(column, (v) => (Number.isNaN(v) ? null : v))
      : column;
    values.forEach((v, i) => {
      if (v === null) ok[i] = 0;
    });
    return values;
  });
  const rows = [...ok.keys()].filter((i) => ok[i] === 1);
  const data = new Float64Array(rows.length * p);
  rows.forEach((row, r) =>
    numeric.forEach((column, t) => (data[r * p + t] = column[row] as number)),
  );
  const matrix = { data, rows: rows.length, cols: p, names: model.scaling.map((s) => s.feature) };
  let own: Int32Array;
  if (model.model instanceof KPrototypes) {
    own = model.model.predict({
      ...(p === 0 ? {} : { numeric: matrix }),
      categorical: Object.fromEntries(
        model.categorical.map((name, a) => [name, rows.map((row) => categorical[a]?.[row])]),
      ),
    });
  } else own = model.model.predict(matrix);
  const labels = new Int32Array(n).fill(-1);
  const names = new Array<string>(n).fill('');
  rows.forEach((row, r) => {
    labels[row] = own[r] as number;
    names[row] = model.names[own[r] as number] ?? String(own[r]);
  });
  return { labels, names };
}
