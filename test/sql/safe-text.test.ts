import { describe, expect, it } from 'vitest';
import { scoringSqlText } from '../../src/cli/sql-command.js';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { fitPipeline } from '../../src/pipeline/fit-pipeline.js';
import { indentSql, quoteEscapesOf } from '../../src/sql/indent.js';
import {
  printableText,
  refuseNul,
  sqlCommentLines,
  sqlCommentText,
} from '../../src/sql/safe-text.js';
import { clickhouseDialect, duckdbDialect } from '../../src/sql/index.js';
import { hostileCorpus } from './hostile-names.js';

/** Every character some SQL lexer or editor takes as the end of a line. */
// eslint-disable-next-line no-control-regex -- the control characters are the point
const LINE_ENDS = /[\n\r\u000b\u000c\u0085\u2028\u2029]/;

describe('sqlCommentText', () => {
  it('leaves no line end, NUL, block-comment delimiter or other control in any hostile text', () => {
    const corpus = [...hostileCorpus(5, 200), '\u0000; DROP TABLE t', 'a*/b/*c', '\ud800 lone'];
    for (const text of corpus) {
      const safe = sqlCommentText(text);
      expect(safe, JSON.stringify(text)).not.toMatch(LINE_ENDS);
      expect(safe).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
      expect(safe).not.toContain('*/');
      expect(safe).not.toContain('/*');
    }
  });

  it('shows what it escaped and keeps plain text as it is', () => {
    expect(sqlCommentText('a\nb')).toBe('a\\u{A}b');
    expect(sqlCommentText('x\u2028y\u0000z')).toBe('x\\u{2028}y\\u{0}z');
    expect(sqlCommentText('*/ DROP /*')).toBe('* / DROP / *');
    expect(sqlCommentText('Output: "customer_id", \'é\' 客户 -- ok')).toBe(
      'Output: "customer_id", \'é\' 客户 -- ok',
    );
    expect(printableText('a\r\nb')).toBe('a\\u{D}\\u{A}b');
  });

  it('sqlCommentLines: one comment line per \\n of the text, each starting with --', () => {
    expect(sqlCommentLines('one\ntwo\u2028three')).toBe('-- one\n-- two\\u{2028}three');
  });
});

describe('refuseNul', () => {
  it('refuses a NUL with INVALID_INPUT, never printing the raw character', () => {
    expect(refuseNul('plain', 'name')).toBe('plain');
    for (const quote of [
      (s: string) => duckdbDialect.quoteIdentifier(s),
      (s: string) => duckdbDialect.stringLiteral(s),
      (s: string) => clickhouseDialect.quoteIdentifier(s),
      (s: string) => clickhouseDialect.stringLiteral(s),
    ]) {
      let caught: unknown;
      try {
        quote('a\u0000b');
      } catch (error) {
        caught = error;
      }
      expect(isCohortlabError(caught, 'INVALID_INPUT')).toBe(true);
      expect((caught as Error).message).toContain('a\\u{0}b');
    }
  });
});

describe('indentSql', () => {
  it('indents outside quotes only, in both escape styles', () => {
    const duck = `SELECT 'a\nb' AS "x\ny",\n  'it''s\n' AS z`;
    expect(indentSql(duck, '  ', 'doubled')).toBe(`SELECT 'a\nb' AS "x\ny",\n    'it''s\n' AS z`);
    const ch = "SELECT 'a\\'\nb' AS `x\\`\ny`,\n1";
    expect(indentSql(ch, '  ', 'backslash', true)).toBe("  SELECT 'a\\'\nb' AS `x\\`\ny`,\n  1");
    // A quote inside a comment opens nothing.
    expect(indentSql("-- it's\nSELECT 1\n\nFROM t", '  ', 'doubled')).toBe(
      "-- it's\n  SELECT 1\n\n  FROM t",
    );
  });

  it('reads the escape style from the dialect', () => {
    expect(quoteEscapesOf(duckdbDialect)).toBe('doubled');
    expect(quoteEscapesOf(clickhouseDialect)).toBe('backslash');
  });
});

describe('the score.sql header', () => {
  it('shows a name with a newline on one comment line, escaped', async () => {
    const engine = await Engine.open({ threads: 1 });
    try {
      const id = 'id\n; DROP TABLE t; --';
      const rows = Array.from({ length: 24 }, (_, i) => ({
        [id]: `c${i % 8}`,
        day: `2024-0${1 + (i % 9)}-1${i % 10}`,
        amount: 5 + (i % 7),
      }));
      const tx = await loadTransactions(rows, {
        engine,
        map: { customerId: id, date: 'day', amount: 'amount' },
      });
      const fit = await fitPipeline(tx, { seed: 1, k: 2 });
      const text = scoringSqlText(fit.pipeline, { dialect: duckdbDialect, table: 'transactions' });
      const header = text.split('\n').slice(0, 4);
      expect(header.every((line) => line.startsWith('-- '))).toBe(true);
      expect(header[1]).toContain('customerId = "id\\u{A}; DROP TABLE t; --"');
      expect(text.split('\n')[4]).not.toMatch(/^-- |DROP/);
    } finally {
      engine.close();
    }
  });
});
