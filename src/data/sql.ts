/** SQL text helpers for the DuckDB dialect. */

/** Quotes an identifier (column or table name) so any characters, Chinese included, are safe. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
