/**
 * The two ways dialects chain query stages (common table expressions, or nested subqueries for databases without them).
 *
 * @module
 */
import type { QueryStage } from '../dialect.js';
import { indentSql } from '../indent.js';
import { sqlCommentLines } from '../safe-text.js';

// Stage comments are the generators' own text; they are made safe all the same, so that no
// future comment naming a column can end early.
const commentLines = sqlCommentLines;

/**
 * `WITH a AS (…), b AS (…) <last stage>`: every stage but the last a named CTE reading the one
 * before; the last stage is the outer query.
 */
export function composeWithCtes(source: string, stages: readonly QueryStage[]): string {
  let from = source;
  const ctes = stages.slice(0, -1).map((stage) => {
    const text = `${commentLines(stage.comment, '')}\n${stage.name} AS (\n${indentSql(stage.select(from), '  ', 'doubled', true)}\n)`;
    from = stage.name;
    return text;
  });
  const last = stages[stages.length - 1];
  if (last === undefined) return `SELECT * FROM ${source}`;
  const outer = `${commentLines(last.comment, '')}\n${last.select(from)}`;
  return ctes.length === 0 ? outer : `WITH\n${ctes.join(',\n')}\n${outer}`;
}

/**
 * Nested subqueries: each stage reads `(previous stage) AS previous_name`; the last stage is
 * the outer query.
 */
export function composeNested(source: string, stages: readonly QueryStage[]): string {
  let from = source;
  stages.slice(0, -1).forEach((stage) => {
    const body = `${commentLines(stage.comment, '')}\n${stage.select(from)}`;
    from = `(\n${indentSql(body, '  ', 'backslash', true)}\n) AS ${stage.name}`;
  });
  const last = stages[stages.length - 1];
  if (last === undefined) return `SELECT * FROM ${source}`;
  return `${commentLines(last.comment, '')}\n${last.select(from)}`;
}
