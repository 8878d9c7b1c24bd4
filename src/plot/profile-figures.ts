/**
 * Cluster centroids in the original units of the features, from `clusterProfiles`: a radar
 * chart, parallel coordinates and a heatmap of z-scores.
 *
 * @module
 */
import type { ClusterProfile } from '../cluster/profile/profiles.js';
import { CohortlabError } from '../errors/cohortlab-error.js';
import {
  axis,
  baseLayout,
  formatNumber,
  type HeatmapTrace,
  type ParcoordsTrace,
  type PlotlyFigure,
  type ScatterPolarTrace,
} from './figure.js';
import { scaleFor, type ColorScale } from './palette.js';

/** Options shared by the profile figures. */
export interface ProfileFigureOptions {
  /** Profiles from `clusterProfiles`, one per cluster. */
  readonly profiles: readonly ClusterProfile[];
  /** Features to show, in order (default: every profiled feature of the first profile). */
  readonly features?: readonly string[];
  readonly colors?: ColorScale;
  readonly title?: string;
}

/** Options of {@link centroidRadarFigure}. */
export interface CentroidRadarOptions extends ProfileFigureOptions {
  /**
   * Radius of each spoke: `'max'` (default) the cluster mean divided by the largest |cluster
   * mean| of that feature, so features in dollars and in days share one radial axis; `'none'`
   * the raw means (only sensible when all features share a unit). Hover text always shows
   * the mean in original units.
   */
  readonly scale?: 'max' | 'none';
}

function featuresOf(options: ProfileFigureOptions): string[] {
  const first = options.profiles[0];
  if (first === undefined) {
    throw new CohortlabError('INVALID_INPUT', 'profile figures need at least one cluster profile');
  }
  const features = options.features ?? Object.keys(first.features);
  for (const p of options.profiles) {
    for (const f of features) {
      if (p.features[f] === undefined) {
        throw new CohortlabError(
          'UNKNOWN_FEATURE',
          `cluster ${p.cluster} has no profile of "${f}"`,
        );
      }
    }
  }
  return [...features];
}

const meanOf = (p: ClusterProfile, f: string): number => p.features[f]?.mean ?? NaN;

/**
 * Radar (scatterpolar) chart of cluster means: one closed, filled trace per cluster in the
 * profiles' order, spokes = features. See {@link CentroidRadarOptions.scale}.
 */
export function centroidRadarFigure(options: CentroidRadarOptions): PlotlyFigure {
  const features = featuresOf(options);
  const { profiles } = options;
  const colors = scaleFor(
    options.colors,
    profiles.map((p) => p.cluster),
  );
  const scale = options.scale ?? 'max';
  const divisor = features.map((f) =>
    scale === 'none' ? 1 : Math.max(...profiles.map((p) => Math.abs(meanOf(p, f)))) || 1,
  );
  // Closing the polygon: the first spoke repeats at the end.
  const theta = [...features, features[0] as string];
  const data: ScatterPolarTrace[] = profiles.map((p) => {
    const means = features.map((f) => meanOf(p, f));
    const r = means.map((m, j) => (Number.isFinite(m) ? m / (divisor[j] as number) : null));
    const text = means.map((m, j) => `${features[j]}: ${formatNumber(m)}`);
    return {
      type: 'scatterpolar',
      name: `${p.cluster}: ${p.name}`,
      r: [...r, r[0] ?? null],
      theta,
      text: [...text, text[0] as string],
      fill: 'toself',
      mode: 'lines+markers',
      line: { color: colors.color(p.cluster), width: 2 },
      marker: { color: colors.color(p.cluster), size: 6 },
      opacity: 0.8,
      hovertemplate: `${p.name}<br>%{text}<extra></extra>`,
    };
  });
  // Negative means (e.g. net returns) need the radial axis to reach below 0.
  const lowest = Math.min(
    0,
    ...data.flatMap((t) => t.r.filter((v): v is number => v !== null)).map(Number),
  );
  return {
    data,
    layout: baseLayout(
      options.title ??
        (scale === 'max'
          ? 'Cluster means (share of the largest cluster mean per feature)'
          : 'Cluster means'),
      {
        polar: {
          radialaxis: { visible: true, ...(scale === 'max' ? { range: [lowest, 1] } : {}) },
        },
      },
    ),
  };
}

/**
 * Parallel coordinates of cluster means in original units: one axis per feature (range from
 * the smallest to the largest cluster mean), one line per cluster coloured with its palette
 * colour (a stepped colour scale over the cluster index).
 */
export function centroidParallelFigure(options: ProfileFigureOptions): PlotlyFigure {
  const features = featuresOf(options);
  const { profiles } = options;
  const colors = scaleFor(
    options.colors,
    profiles.map((p) => p.cluster),
  );
  const k = profiles.length;
  // Colour index i maps to [i/(k-1)]: a stepped scale with each cluster's colour on its own stop.
  const colorscale: [number, string][] =
    k === 1
      ? [
          [0, colors.color((profiles[0] as ClusterProfile).cluster)],
          [1, colors.color((profiles[0] as ClusterProfile).cluster)],
        ]
      : profiles.map((p, i) => [i / (k - 1), colors.color(p.cluster)]);
  const trace: ParcoordsTrace = {
    type: 'parcoords',
    name: 'cluster means',
    dimensions: features.map((f) => {
      const values = profiles.map((p) => meanOf(p, f));
      const finite = values.filter(Number.isFinite);
      const lo = Math.min(...finite);
      const hi = Math.max(...finite);
      return { label: f, values, range: [lo, hi === lo ? lo + 1 : hi] as const };
    }),
    line: {
      color: profiles.map((_, i) => i),
      colorscale,
      cmin: 0,
      cmax: Math.max(1, k - 1),
      showscale: false,
    },
  };
  return {
    data: [trace],
    layout: baseLayout(options.title ?? 'Cluster means in original units', {
      annotations: profiles.map((p, i) => ({
        text: `■ ${p.cluster}: ${p.name}`,
        font: { color: colors.color(p.cluster) },
        xref: 'paper',
        yref: 'paper',
        x: 1,
        y: -0.08 - 0.06 * i,
        xanchor: 'right',
        showarrow: false,
      })),
      margin: { l: 70, r: 70, t: 80, b: 60 + 22 * k },
    }),
  };
}

/**
 * Heatmap of z-scores, clusters × features: `z[i][j]` is profile i's z of feature j (the
 * cluster mean's distance from the population mean in population standard deviations), on a
 * diverging scale centred at 0; cell text shows the z and the mean in original units.
 */
export function profileHeatmapFigure(options: ProfileFigureOptions): PlotlyFigure {
  const features = featuresOf(options);
  const { profiles } = options;
  const z = profiles.map((p) => features.map((f) => finite(p.features[f]?.z ?? NaN)));
  const text = profiles.map((p) =>
    features.map((f) => {
      const fp = p.features[f];
      return fp === undefined ? '' : `z ${fp.z.toFixed(2)}<br>${formatNumber(fp.mean)}`;
    }),
  );
  const limit = Math.max(1, ...z.flat().map((v) => Math.abs(v ?? 0)));
  const trace: HeatmapTrace = {
    type: 'heatmap',
    x: features,
    y: profiles.map((p) => `${p.cluster}: ${p.name}`),
    z,
    text,
    texttemplate: '%{text}',
    colorscale: DIVERGING,
    zmid: 0,
    zmin: -limit,
    zmax: limit,
    xgap: 2,
    ygap: 2,
    colorbar: { title: { text: 'z' } },
    hovertemplate: '%{y}<br>%{x}: %{text}<extra></extra>',
  };
  return {
    data: [trace],
    layout: baseLayout(options.title ?? 'Cluster profiles: z-scores of cluster means', {
      xaxis: axis('', { showgrid: false }),
      yaxis: axis('', { showgrid: false, autorange: 'reversed' }),
    }),
  };
}

/** Blue (below the mean) – white – red (above), for z-scores. */
export const DIVERGING: readonly (readonly [number, string])[] = [
  [0, '#2166ac'],
  [0.25, '#92c5de'],
  [0.5, '#f7f7f7'],
  [0.75, '#f4a582'],
  [1, '#b2182b'],
];

function finite(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
