import { DEFAULT_BG_NBD_WEEKS } from '../pipeline/repeat-buying.js';
import { badOption, booleanValue, listValue, textValue, type RawOption } from './options.js';

/** When the snapshots of --snapshots are taken: every month or quarter start, or these dates. */
export type SnapshotSpec =
  { readonly every: 'month' | 'quarter' } | { readonly dates: readonly string[] };

/** --bgnbd-weeks N (default 52), or undefined with --no-bgnbd (both together: an error). */
export function bgNbdWeeks(o: Map<string, RawOption>): number | undefined {
  const off = o.get('no-bgnbd');
  const weeks = o.get('bgnbd-weeks');
  if (off !== undefined && booleanValue(off)) {
    if (weeks !== undefined) {
      throw badOption(weeks, '--bgnbd-weeks cannot be combined with --no-bgnbd');
    }
    return undefined;
  }
  if (weeks === undefined) return DEFAULT_BG_NBD_WEEKS;
  const text = typeof weeks.value === 'number' ? String(weeks.value) : textValue(weeks);
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1) {
    throw badOption(weeks, `--bgnbd-weeks needs a whole number ≥ 1, got "${text}"`);
  }
  return n;
}

/** `month`, `quarter`, or two or more dates `YYYY-MM-DD,YYYY-MM-DD,…` (real calendar days). */
export function parseSnapshots(option: RawOption): SnapshotSpec {
  const parts = listValue(option);
  if (parts.length === 1 && (parts[0] === 'month' || parts[0] === 'quarter')) {
    return { every: parts[0] };
  }
  for (const part of parts) {
    const date = new Date(`${part}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(part) ||
      Number.isNaN(date.getTime()) ||
      date.toISOString().slice(0, 10) !== part
    ) {
      throw badOption(
        option,
        `--snapshots needs month, quarter or dates like 1997-07-01,1998-01-01, got "${part}"`,
      );
    }
  }
  const dates = [...new Set(parts)].sort();
  if (dates.length < 2) {
    throw badOption(option, '--snapshots needs at least two different dates');
  }
  return { dates };
}
