import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCohortlabError } from '../../src/errors/cohortlab-error.js';
import { ClickHouseClient, remoteFeatures } from '../../src/engines/index.js';
import {
  ANALYST_PASSWORD,
  CLICKHOUSE_SERVER,
  startClickHouse,
  type ClickHouseCluster,
  type ClickHouseServer,
} from './clickhouse-cluster.js';

// Typed errors from a real ClickHouse 18.16 server: what each failure reads as.
const COLUMNS = { customerId: 'customer_id', date: 'day', amount: 'amount' };

let cluster: ClickHouseCluster;
let server: ClickHouseServer;
let client: ClickHouseClient;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isCohortlabError(error)) return error;
    throw error;
  }
  throw new Error('expected a CohortlabError');
}

/** A loopback port with nothing listening. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}

describe.skipIf(CLICKHOUSE_SERVER === undefined)('ClickHouse client errors', () => {
  beforeAll(async () => {
    cluster = await startClickHouse(1);
    server = cluster.servers[0] as ClickHouseServer;
    client = new ClickHouseClient({ url: server.url });
    await client.command(
      'CREATE TABLE tx (customer_id String, day Date, amount Float64) ENGINE = Memory',
    );
    await client.command("INSERT INTO tx VALUES ('a', '2024-01-02', 10.5), ('b', '2024-01-03', 4)");
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('reads a table through the client when everything is right', async () => {
    const features = await remoteFeatures(client, { table: 'tx', columns: COLUMNS });
    expect(features.asOf).toBe('2024-01-04');
    expect(features.table['customer_id']).toEqual(['a', 'b']);
    expect(Array.from(features.table['monetary'] as Float64Array)).toEqual([10.5, 4]);
  });

  it('ENGINE_UNREACHABLE for a port nobody listens on, naming the URL', async () => {
    const port = await closedPort();
    const error = await failure(
      remoteFeatures(new ClickHouseClient({ url: `http://127.0.0.1:${port}` }), {
        table: 'tx',
        columns: COLUMNS,
      }),
    );
    expect(error.code).toBe('ENGINE_UNREACHABLE');
    expect(error.message).toBe(
      `ClickHouse http://127.0.0.1:${port}, table tx: cannot reach the server (ECONNREFUSED)`,
    );
  });

  it('ENGINE_UNREACHABLE when the server does not answer in time', async () => {
    const slow = new ClickHouseClient({ url: server.url, timeoutMs: 200 });
    const error = await failure(slow.text('SELECT sleep(2)'));
    expect(error.code).toBe('ENGINE_UNREACHABLE');
    expect(error.message).toBe(`ClickHouse ${server.url}: no answer within 0.2 s`);
  });

  it('MISSING_TABLE naming the server and the table', async () => {
    const error = await failure(remoteFeatures(client, { table: 'nope', columns: COLUMNS }));
    expect(error.code).toBe('MISSING_TABLE');
    expect(error.message).toBe(
      `ClickHouse ${server.url}, table nope: no such table (Code 60: Table default.nope doesn't exist)`,
    );
    const database = new ClickHouseClient({ url: server.url, database: 'nodb' });
    expect((await failure(database.version())).code).toBe('MISSING_TABLE');
  });

  it('MISSING_COLUMN naming the column', async () => {
    const error = await failure(
      remoteFeatures(client, { table: 'tx', columns: { ...COLUMNS, amount: 'amt' } }),
    );
    expect(error.code).toBe('MISSING_COLUMN');
    expect(error.column).toBe('amt');
    expect(error.message).toMatch(
      new RegExp(`^ClickHouse ${server.url}, table tx, column "amt": no such column \\(Code 47: `),
    );
  });

  it('ENGINE_AUTH_FAILED for a wrong password or an unknown user, without the password', async () => {
    const right = new ClickHouseClient({
      url: server.url,
      user: 'analyst',
      password: ANALYST_PASSWORD,
    });
    expect(await right.version()).toMatch(/^18\.16\./);
    const inUrl = new ClickHouseClient({
      url: server.url.replace('//', `//analyst:${ANALYST_PASSWORD}@`),
    });
    expect(inUrl.server).toBe(server.url);
    expect(await inUrl.version()).toMatch(/^18\.16\./);
    const wrong = await failure(
      remoteFeatures(
        new ClickHouseClient({ url: server.url, user: 'analyst', password: 'hunter2' }),
        {
          table: 'tx',
          columns: COLUMNS,
        },
      ),
    );
    expect(wrong.code).toBe('ENGINE_AUTH_FAILED');
    expect(wrong.message).toBe(
      `ClickHouse ${server.url}, table tx: user "analyst" was refused (Code 193: Wrong password for user analyst)`,
    );
    expect(wrong.message).not.toContain('hunter2');
    const unknown = await failure(new ClickHouseClient({ url: server.url, user: 'bob' }).version());
    expect(unknown.code).toBe('ENGINE_AUTH_FAILED');
    expect(unknown.message).toContain('Unknown user bob');
  });

  it('ENGINE_ERROR for a syntax error, on one short line', async () => {
    const error = await failure(client.text('SELEC 1'));
    expect(error.code).toBe('ENGINE_ERROR');
    expect(error.message).toMatch(
      new RegExp(
        `^ClickHouse ${server.url}: the query has a syntax error \\(Code 62: Syntax error: failed at position 1`,
      ),
    );
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThan(400);
  });
});
