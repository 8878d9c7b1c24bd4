import type { ColumnTable } from '../table/column-table.js';
import { formatTextTable, type Cell } from '../util/text-table.js';
import { own } from '../util/own.js';

/** What the final summary of a command shows. */
export interface CommandSummary {
  readonly customers: number;
  /** Per class column: its labels, one per customer. */
  readonly schemes: Readonly<Record<string, readonly string[]>>;
  /** Number of clusters, or undefined when there are none. */
  readonly k: number | undefined;
  /** Cluster per customer (NaN when not clustered) and its name. */
  readonly clusters: { readonly ids: Float64Array; readonly names: readonly (string | null)[] };
  /** BG/NBD columns when present: P(alive) and expected purchases per customer. */
  readonly repeatBuying?: RepeatBuyingSummary | undefined;
  readonly files: readonly {
    readonly path: string;
    readonly bytes: number;
    readonly note?: string;
  }[];
  readonly seconds: number;
  /** Rows shown before the files (a run in a database engine: the engine, the inertias). */
  readonly extra?: readonly Cell[][] | undefined;
}

/** The BG/NBD columns of a cohort table, for the summary. */
export interface RepeatBuyingSummary {
  readonly pAlive: Float64Array;
  /** Name of the expected-purchases column (expected_purchases_52w). */
  readonly column: string;
  readonly expected: Float64Array;
  /** The value ahead (`clv_<H>`) when the run has it. */
  readonly value?: { readonly column: string; readonly values: Float64Array } | undefined;
}

/** The BG/NBD columns of a cohort table (p_alive and expected_purchases_*), if it has them. */
export function repeatBuyingOf(cohorts: ColumnTable): RepeatBuyingSummary | undefined {
  const pAlive = cohorts['p_alive'];
  const column = Object.keys(cohorts).find((name) => /^expected_purchases_\d+w$/.test(name));
  if (!(pAlive instanceof Float64Array) || column === undefined) return undefined;
  const expected = own(cohorts, column);
  if (!(expected instanceof Float64Array)) return undefined;
  const clv = Object.keys(cohorts).find((name) => /^clv_\d+$/.test(name));
  const values = clv === undefined ? undefined : own(cohorts, clv);
  return {
    pAlive,
    column,
    expected,
    ...(clv !== undefined && values instanceof Float64Array
      ? { value: { column: clv, values } }
      : {}),
  };
}

/** Bytes as B, kB, MB (powers of 1,000, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The final summary table: customers, the number of classes each scheme used, k and every
 * cluster with its size and name, BG/NBD's mean P(alive) and expected purchases, the total
 * value ahead (clv_<H>), each file written with its size, and the total time.
 */
export function formatSummary(summary: CommandSummary): string {
  const rows: Cell[][] = [['customers', summary.customers.toLocaleString('en-US'), '']];
  for (const [scheme, labels] of Object.entries(summary.schemes)) {
    const counts = new Map<string, number>();
    for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
    const [top, size] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    const share = labels.length === 0 ? 0 : (100 * size) / labels.length;
    rows.push([scheme, `${counts.size} classes`, `largest: ${top} (${share.toFixed(1)}%)`]);
  }
  rows.push(['k', summary.k === undefined ? 'no clusters' : String(summary.k), '']);
  const sizes = new Map<number, { name: string; size: number }>();
  summary.clusters.ids.forEach((id, i) => {
    if (Number.isNaN(id)) return;
    const entry = sizes.get(id) ?? { name: summary.clusters.names[i] ?? '', size: 0 };
    entry.size++;
    sizes.set(id, entry);
  });
  for (const [id, { name, size }] of [...sizes].sort((a, b) => a[0] - b[0])) {
    rows.push([`cluster ${id}`, `${size.toLocaleString('en-US')} customers`, name]);
  }
  const bg = summary.repeatBuying;
  if (bg) {
    let n = 0;
    let alive = 0;
    let expected = 0;
    bg.pAlive.forEach((p, i) => {
      if (Number.isNaN(p)) return;
      n++;
      alive += p;
      expected += bg.expected[i] as number;
    });
    rows.push([
      'BG/NBD',
      n === 0 ? '–' : `mean p_alive ${(alive / n).toFixed(3)}`,
      `${bg.column}: ${Math.round(expected).toLocaleString('en-US')} in all`,
    ]);
    if (bg.value !== undefined) {
      let total = 0;
      let valued = 0;
      for (const v of bg.value.values) {
        if (Number.isNaN(v)) continue;
        total += v;
        valued++;
      }
      rows.push([
        'value ahead',
        `${bg.value.column}: ${Math.round(total).toLocaleString('en-US')}`,
        valued === 0 ? '' : `mean ${(total / valued).toFixed(2)} per customer`,
      ]);
    }
  }
  rows.push(...(summary.extra ?? []));
  for (const file of summary.files) {
    const detail = file.note === undefined ? file.path : `${file.path}: ${file.note}`;
    rows.push(['file', formatBytes(file.bytes), detail]);
  }
  rows.push(['total time', `${summary.seconds.toFixed(1)} s`, '']);
  return formatTextTable(['summary', 'value', 'detail'], rows, 2, [false, true, false]);
}
