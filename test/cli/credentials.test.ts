/**
 * Credentials are never echoed (issue 17, item 4): a malformed --url (bad port, unknown
 * scheme, unclosed bracket, no scheme, odd characters), a bad --shards entry and a bad config
 * `url` are refused with one line that shows the user but never the password; the library's
 * ClickHouse client and every typed error redact the same way (one helper, src/errors/redact).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClickHouseClient } from '../../src/engines/index.js';
import { CohortlabError, isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { redactCredentials, redactUrl } from '../../src/errors/redact.js';
import { cohortlabWarning } from '../../src/errors/warnings.js';
import { cli, io, tempDir } from './helpers.js';

const SECRET = 's3cret-Pw';
const MAP = 'id=customer_id,date=day,amount=amount';

/** URLs that do not parse or are not http(s), each holding SECRET. */
const BAD_URLS = [
  `http://bob:${SECRET}@127.0.0.1:99999`,
  `ftp://bob:${SECRET}@127.0.0.1:8123`,
  `clickhouse://bob:${SECRET}@127.0.0.1:9000`,
  `http://bob:${SECRET}@[::1:8123`,
  `bob:${SECRET}@127.0.0.1:8123`,
  `http://bob:${SECRET}@127.0.0.1:port`,
  `http://bob:${SECRET} x"y@127.0.0.1:bad`,
  `http://bob:${SECRET}/x@127.0.0.1:8123`,
];

/** Asserts the refusal: exit 2, one line on stderr naming `flag`, no trace of the password. */
function expectRefused(code: number, flag: string): void {
  expect(code, io.stderr).toBe(2);
  expect(io.stderr.split('\n')).toHaveLength(2);
  expect(io.stderr).toContain(flag);
  for (const text of [io.stderr, io.stdout]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('s3cret');
  }
}

describe('no password in any message', () => {
  it('a malformed --url: refused, the user shown, the password not', async () => {
    const out = join(tempDir(), 'x');
    for (const url of BAD_URLS) {
      const code = await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        url,
        '--map',
        MAP,
        '--out',
        out,
      );
      expectRefused(code, '--url');
      if (url !== `http://bob:${SECRET}/x@127.0.0.1:8123`) expect(io.stderr).toContain('bob:***@');
    }
    expect(existsSync(out)).toBe(false);
  });

  it('a bad --shards entry (malformed or holding a password): refused without it', async () => {
    const out = join(tempDir(), 'x');
    const shards = [
      ...BAD_URLS.map((u) => `http://127.0.0.1:1/tx,${u}/tx`),
      `http://bob:${SECRET}@127.0.0.1:1/tx`,
    ];
    for (const entry of shards) {
      const code = await cli(
        'run',
        '--engine',
        'clickhouse',
        '--url',
        'http://127.0.0.1:1',
        '--shards',
        entry,
        '--map',
        MAP,
        '--out',
        out,
      );
      expectRefused(code, '--shards');
    }
    expect(existsSync(out)).toBe(false);
  });

  it('a bad url in a config file: refused, naming the file and key, not the password', async () => {
    const dir = tempDir();
    for (const [i, url] of BAD_URLS.entries()) {
      const file = join(dir, `job${i}.json`);
      writeFileSync(
        file,
        JSON.stringify({ engine: 'clickhouse', url, map: MAP, out: join(dir, 'out') }),
      );
      const code = await cli('run', '--config', file);
      expectRefused(code, 'config key "url"');
      expect(io.stderr).toContain(file);
    }
  });

  it('the library client: typed errors without the password, also for a bad %-escape', () => {
    for (const url of [...BAD_URLS, `http://bob:%zz${SECRET}@127.0.0.1:8123`]) {
      let caught: unknown;
      try {
        new ClickHouseClient({ url });
      } catch (error) {
        caught = error;
      }
      expect(isCohortlabError(caught, 'INVALID_OPTION'), url).toBe(true);
      expect((caught as Error).message).not.toContain(SECRET);
    }
  });

  it('every typed error and warning is redacted when made', () => {
    const text = `server http://bob:${SECRET}@db:8123/x and bob:${SECRET}@db failed`;
    const error = new CohortlabError('ENGINE_ERROR', text, { file: `http://u:${SECRET}@h/f.csv` });
    expect(error.message).toBe(
      'http://u:***@h/f.csv: server http://bob:***@db:8123/x and bob:***@db failed',
    );
    expect(cohortlabWarning('PART_SKIPPED', text).message).not.toContain(SECRET);
  });

  it('redactUrl / redactCredentials: the user kept, plain text untouched', () => {
    expect(redactUrl(`http://bob:${SECRET} x"y@h:1`)).toBe('http://bob:***@h:1');
    expect(redactUrl('http://127.0.0.1:8123/db')).toBe('http://127.0.0.1:8123/db');
    expect(redactUrl('http://bob@h')).toBe('http://bob@h');
    expect(redactCredentials('column "a" of file x.csv, row 3')).toBe(
      'column "a" of file x.csv, row 3',
    );
    expect(redactCredentials(`"https://bob:${SECRET}@[::1"`)).toBe('"https://bob:***@[::1"');
  });
});
