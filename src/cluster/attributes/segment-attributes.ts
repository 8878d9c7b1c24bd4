/**
 * Segmenting a customer table on any attributes (demographics, geography, product mix):
 * numeric and categorical together, no transactions needed.
 *
 * @module
 */
import { CohortlabError } from '../../errors/cohortlab-error.js';
import { cohortlabWarning, type CohortlabWarning } from '../../errors/warnings.js';
import {
  getColumn,
  isNumericColumn,
  rowCount,
  takeRows,
  type ColumnTable,
} from '../../table/column-table.js';
import { chooseK } from '../choose-k.js';
import { KMeans } from '../kmeans/kmeans.js';
import { createMatrix } from '../kmeans/matrix.js';
import type { GammaOption } from '../kprototypes/gamma.js';
import { KPrototypes } from '../kprototypes/kprototypes.js';
import { clusterProfiles, type ClusterProfile } from '../profile/profiles.js';
import { chooseKMixed } from './choose-k-mixed.js';
import {
  chooseTransforms,
  resolveFeatures,
  type FeatureTransform,
  type SelectedFeature,
} from './select-features.js';

/** Options of {@link segmentAttributes}. */
export interface SegmentAttributesOptions {
  /** Columns to segment on: names or globs (`'share_*'`, `'Annual*'`). */
  readonly features: readonly string[];
  /**
   * Number of segments, or `'auto'`: the best Gower silhouette among `ks` with categorical
   * features (see {@link chooseKMixed}), `chooseK`'s vote with numbers only.
   */
  readonly k: number | 'auto';
  /** Candidate k for `'auto'` (default 2…6). */
  readonly ks?: readonly number[];
  /** Transform overrides per feature (see {@link chooseTransforms} for the defaults). */
  readonly transforms?: Readonly<Record<string, FeatureTransform>>;
  /** Weight of a categorical mismatch (default `'auto'`, see `kprototypes/gamma.ts`). */
  readonly gamma?: GammaOption;
  /** Restarts (default 10). */
  readonly nInit?: number;
  /** Seed (default 0): same seed and data, same segments. */
  readonly seed?: number;
}

/** How a numeric feature was scaled: z = (x' − mean) / std with x' = log1p(x) when logged. */
export interface NumericScaling {
  readonly feature: string;
  readonly log: boolean;
  readonly mean: number;
  readonly std: number;
}

/** The segments of {@link segmentAttributes}. */
export interface AttributeSegments {
  /** Every requested feature with its transform and the reason for it. */
  readonly features: readonly SelectedFeature[];
  /** Scaling of the numeric features used (constant ones are left out, with a warning). */
  readonly scaling: readonly NumericScaling[];
  /** Categorical features used. */
  readonly categorical: readonly string[];
  /** k-prototypes when any feature is categorical, else k-means on the z-scores. */
  readonly model: KPrototypes | KMeans;
  /** Segment of each row of the table; −1 for rows left out (a missing value). */
  readonly labels: Int32Array;
  /** Segment name per row ('' for rows left out). */
  readonly names: string[];
  /** One profile per segment: numeric means and z, category shares and indices, names. */
  readonly profiles: readonly ClusterProfile[];
  /** Decisions taken on the way (rows left out, constant features dropped). */
  readonly warnings: readonly CohortlabWarning[];
  /** With `k: 'auto'`: the k chosen, why, and the silhouette of each candidate. */
  readonly choice:
    | {
        readonly k: number;
        readonly reason: string;
        readonly rows: readonly { readonly k: number; readonly silhouette: number }[];
      }
    | undefined;
}

/** Rows where every chosen feature has a value. */
function completeRows(table: ColumnTable, features: readonly string[]): number[] {
  const n = rowCount(table);
  const ok = new Uint8Array(n).fill(1);
  for (const name of features) {
    const column = getColumn(table, name);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v === null || (typeof v === 'number' && !Number.isFinite(v))) ok[i] = 0;
    }
  }
  const rows: number[] = [];
  ok.forEach((v, i) => v === 1 && rows.push(i));
  return rows;
}

/**
 * Segments the rows of a customer table on the chosen attributes: numeric ones logged when
 * skewed and z-scored, text ones native categorical (k-prototypes with the balanced default γ;
 * k-means when every feature is numeric), then profiled with category shares and named.
 * Rows with a missing value in a feature are left out (label −1) with a `ROWS_DROPPED` warning.
 *
 * ```ts
 * const mall = await readTable('data/mall_customers.csv'); // gender, age, income, score
 * const seg = segmentAttributes(mall, { features: ['Genre', 'Age', 'Annual*', 'Spending*'], k: 5 });
 * seg.profiles.map((p) => p.name);
 * ```
 */
export function segmentAttributes(
  table: ColumnTable,
  options: SegmentAttributesOptions,
): AttributeSegments {
  const owner = 'segmentAttributes';
  if (typeof options !== 'object' || options === null) {
    throw new CohortlabError('INVALID_OPTION', `${owner} needs options { features, k }`);
  }
  const features = chooseTransforms(
    table,
    resolveFeatures(table, options.features),
    options.transforms ?? {},
  );
  const warnings: CohortlabWarning[] = [];
  const n = rowCount(table);
  const kept = completeRows(
    table,
    features.map((f) => f.feature),
  );
  if (kept.length < n) {
    const gap = kept.findIndex((row, i) => row !== i);
    const first = gap < 0 ? kept.length : gap;
    warnings.push(
      cohortlabWarning(
        'ROWS_DROPPED',
        `${n - kept.length} rows have a missing value in a segmentation feature and were not segmented`,
        { count: n - kept.length, example: `row ${first + 1}`, stage: 'segments' },
      ),
    );
  }
  const rows = takeRows(table, kept);
  const scaling: NumericScaling[] = [];
  const columns: Float64Array[] = [];
  for (const f of features) {
    if (f.transform === 'categorical') continue;
    const raw = getColumn(rows, f.feature) as Float64Array;
    const values = f.transform === 'log' ? raw.map(Math.log1p) : Float64Array.from(raw);
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    const std = Math.sqrt(variance / values.length);
    if (!(std > 0)) {
      warnings.push(
        cohortlabWarning(
          'TRANSFORM_CHANGED',
          `feature "${f.feature}" is constant and was left out`,
          {
            example: f.feature,
            stage: 'segments',
          },
        ),
      );
      continue;
    }
    scaling.push({ feature: f.feature, log: f.transform === 'log', mean, std });
    columns.push(values.map((v) => (v - mean) / std));
  }
  const categorical = features.filter((f) => f.transform === 'categorical').map((f) => f.feature);
  if (scaling.length === 0 && categorical.length === 0) {
    throw new CohortlabError('INVALID_INPUT', `${owner}: every feature is constant`);
  }
  const numeric =
    scaling.length === 0
      ? undefined
      : createMatrix(
          kept.length,
          scaling.length,
          scaling.map((s) => s.feature),
        );
  if (numeric !== undefined) {
    const p = scaling.length;
    columns.forEach((column, t) => column.forEach((v, i) => (numeric.data[i * p + t] = v)));
  }
  const common = { nInit: options.nInit ?? 10, seed: options.seed ?? 0 };
  const ks = options.ks ?? [2, 3, 4, 5, 6];
  let model: KPrototypes | KMeans;
  let own: Int32Array;
  let choice: AttributeSegments['choice'];
  if (categorical.length > 0) {
    const input = {
      ...(numeric === undefined ? {} : { numeric }),
      categorical: Object.fromEntries(
        categorical.map((name) => {
          const column = getColumn(rows, name);
          return [name, isNumericColumn(column) ? Array.from(column) : column];
        }),
      ),
    };
    const gamma = options.gamma ?? 'auto';
    let kp: KPrototypes;
    if (options.k === 'auto') {
      const chosen = chooseKMixed(input, { ...common, gamma, ks });
      kp = chosen.models.get(chosen.k) as KPrototypes;
      choice = { k: chosen.k, reason: chosen.reason, rows: chosen.rows };
    } else kp = new KPrototypes({ ...common, k: options.k, gamma }).fit(input);
    model = kp;
    own = kp.labels;
  } else {
    const x = numeric as NonNullable<typeof numeric>;
    let km: KMeans;
    if (options.k === 'auto') {
      const chosen = chooseK(x, { ks, seed: common.seed, nInit: common.nInit });
      km = chosen.models.get(chosen.k) as KMeans;
      choice = {
        k: chosen.k,
        reason: chosen.reasons.join('; '),
        rows: chosen.rows.map((r) => ({ k: r.k, silhouette: r.silhouette })),
      };
    } else km = new KMeans({ ...common, k: options.k }).fit(x);
    model = km;
    own = km.labels;
  }
  const profiles = clusterProfiles(rows, own, {
    features: scaling.map((s) => s.feature),
    categorical,
    revenue: null,
  });
  const nameOf = new Map(profiles.map((p) => [p.cluster, p.name]));
  const labels = new Int32Array(n).fill(-1);
  const names = new Array<string>(n).fill('');
  kept.forEach((row, i) => {
    labels[row] = own[i] as number;
    names[row] = nameOf.get(own[i] as number) as string;
  });
  return { features, scaling, categorical, model, labels, names, profiles, warnings, choice };
}
