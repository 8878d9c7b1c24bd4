import { describe, expect, it } from 'vitest';
import {
  decodeNumber,
  decodeNumbers,
  encodeNumbers,
  readStrings,
  restoring,
} from '../../src/preprocess/state-json.js';
import { CohortlabError } from '../../src/errors/cohortlab-error.js';
import { expectError } from './helpers.js';

describe('state JSON numbers', () => {
  it('round-trips NaN, infinities, finite values and extremes exactly', () => {
    const values = [
      0,
      1.5,
      -2.25e-300,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      0.1 + 0.2,
      NaN,
      Infinity,
      -Infinity,
    ];
    const encoded = encodeNumbers(values);
    expect(encoded.slice(6)).toEqual([null, 'Infinity', '-Infinity']);
    const decoded = decodeNumbers(JSON.parse(JSON.stringify(encoded)), values.length, 'x', 'T');
    decoded.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
  });

  it('refuses malformed fields as INVALID_MODEL', () => {
    expectError(() => decodeNumber('NaN', 'x', 'T'), 'INVALID_MODEL');
    expectError(() => decodeNumbers([1, 2], 3, 'x', 'T'), 'INVALID_MODEL');
    expectError(() => decodeNumbers({ 0: 1 }, 1, 'x', 'T'), 'INVALID_MODEL');
    expectError(() => readStrings(['a', 1], 'x', 'T'), 'INVALID_MODEL');
  });

  it('reports bad saved options as INVALID_MODEL and lets other errors through', () => {
    expectError(
      () =>
        restoring('T', () => {
          throw new CohortlabError('INVALID_OPTION', 'bad');
        }),
      'INVALID_MODEL',
    );
    expectError(
      () =>
        restoring('T', () => {
          throw new CohortlabError('NOT_FITTED', 'later');
        }),
      'NOT_FITTED',
    );
  });
});
