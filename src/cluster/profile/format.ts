/**
 * Plain-text rendering of cluster profiles, for the terminal and notebooks.
 *
 * @module
 */
import { formatTextTable } from '../../util/text-table.js';
import { describeCategory } from './categories.js';
import type { ClusterProfile } from './profiles.js';

/** Options of {@link formatProfiles}. */
export interface FormatProfilesOptions {
  /** Decimals of means and medians (default 2); z-scores always get 2. */
  readonly digits?: number;
  /** Add a median column per feature (default false). */
  readonly medians?: boolean;
}

/**
 * Renders profiles as a plain-text table: a header line, a rule line and one line per
 * cluster with its label, name, size, share of customers and (when known) of revenue as
 * percentages with one decimal, then per feature the mean in original units with its z-score
 * in parentheses, e.g. `1234.50 (+1.20)`. Label and name are left-aligned, the rest
 * right-aligned; NaN shows as "-". Feature columns are those of the first profile. When the
 * profiles describe categorical attributes, a last column lists each cluster's distinguishing
 * categories ("62 % Germany, 3.1× the base rate"; "-" for none).
 */
export function formatProfiles(
  profiles: readonly ClusterProfile[],
  options: FormatProfilesOptions = {},
): string {
  const digits = options.digits ?? 2;
  const medians = options.medians ?? false;
  const features =
    profiles.length === 0 ? [] : Object.keys((profiles[0] as ClusterProfile).features);
  const withRevenue = profiles.some((p) => p.revenueShare !== null);
  const withCategories = profiles.some((p) => Object.keys(p.categories).length > 0);
  const header = [
    'cluster',
    'name',
    'customers',
    'customers %',
    ...(withRevenue ? ['revenue %'] : []),
    ...features.flatMap((f) => (medians ? [`${f} mean (z)`, `${f} median`] : [`${f} mean (z)`])),
    ...(withCategories ? ['categories'] : []),
  ];
  const body = profiles.map((p) => [
    String(p.cluster),
    p.name,
    String(p.size),
    fixed(p.customerShare * 100, 1),
    ...(withRevenue ? [fixed((p.revenueShare ?? NaN) * 100, 1)] : []),
    ...features.flatMap((f) => {
      const stats = p.features[f];
      const cell = stats === undefined ? '-' : `${fixed(stats.mean, digits)} (${signed(stats.z)})`;
      return medians ? [cell, fixed(stats?.median ?? NaN, digits)] : [cell];
    }),
    ...(withCategories ? [p.distinguishingCategories.map(describeCategory).join('; ') || '-'] : []),
  ]);
  return formatTextTable(
    header,
    body,
    digits,
    header.map((_, j) => j > 1 && !(withCategories && j === header.length - 1)),
  );
}

function fixed(value: number, digits: number): string {
  return Number.isNaN(value) ? '-' : value.toFixed(digits);
}

function signed(z: number): string {
  if (Number.isNaN(z)) return '-';
  const text = z.toFixed(2);
  if (text === '-0.00') return '+0.00';
  return text.startsWith('-') ? text : `+${text}`;
}
