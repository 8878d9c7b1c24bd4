import { CohortlabError } from '../errors/cohortlab-error.js';
import type { RawColumn, RawRelation } from './raw-relation.js';

/**
 * The source column called `name`, or a MISSING_COLUMN error that lists the available
 * columns and suggests a near match (same name ignoring case and spaces).
 */
export function requireColumn(relation: RawRelation, name: string): RawColumn {
  const found = relation.columns.find((c) => c.name === name);
  if (found) return found;
  const fold = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');
  const names = relation.available ?? relation.columns.map((c) => c.name);
  const near = names.find((n) => fold(n) === fold(name));
  const hint = near !== undefined ? `did you mean "${near}"? ` : '';
  const available = names.join(', ');
  throw new CohortlabError('MISSING_COLUMN', `mapped column not found; ${hint}available: ${available}`, {
    file: relation.label,
    column: name,
  });
}
