/** A cell of a printable table. */
export type Cell = string | number | null | undefined;

/**
 * Formats rows as an aligned plain-text table (numbers right-aligned, at most `digits`
 * decimals, thousands separated). Used for quality reports and class summaries on the CLI.
 * `rightAligned` overrides the alignment per column (for cells formatted by the caller).
 */
export function formatTextTable(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  digits = 2,
  rightAligned?: readonly boolean[],
): string {
  const text = rows.map((row) => row.map((cell) => formatCell(cell, digits)));
  const numeric =
    rightAligned ??
    header.map((_, j) => rows.every((row) => typeof row[j] === 'number' || row[j] == null));
  const widths = header.map((h, j) =>
    Math.max(h.length, ...text.map((row) => (row[j] ?? '').length)),
  );
  const pad = (s: string, j: number): string =>
    numeric[j] ? s.padStart(widths[j] as number) : s.padEnd(widths[j] as number);
  const line = (cells: readonly string[]): string => cells.map(pad).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...text.map(line)].join('\n');
}

/** One cell as text: integers with separators, fractions rounded, missing as empty. */
export function formatCell(cell: Cell, digits = 2): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (Number.isNaN(cell)) return '';
  if (Number.isInteger(cell)) return cell.toLocaleString('en-US');
  return cell.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
