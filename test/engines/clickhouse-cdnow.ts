/**
 * CDNOW loaded into DuckDB (the reference) and into a two-shard ClickHouse cluster (a
 * Distributed table `cdnow_all` over `cdnow_shard` on each server, sharded by
 * cityHash64(customer_id)), shipped bit for bit as RowBinary.
 */
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { ClickHouseClient, type ShardTable } from '../../src/engines/index.js';
import {
  CLUSTER,
  startClickHouse,
  type ClickHouseCluster,
  type ClickHouseServer,
} from './clickhouse-cluster.js';
import { rowBinary } from './clickhouse-row-binary.js';

/** The ClickHouse columns of the CDNOW table, as mapped for the remote functions. */
export const CDNOW_COLUMNS = { customerId: 'customer_id', date: 'day', amount: 'amount' } as const;

/** Everything the engine tests share. */
export interface CdnowOnClickHouse {
  readonly engine: Engine;
  readonly tx: Transactions;
  readonly cluster: ClickHouseCluster;
  /** Talks to the first server, which holds the Distributed table `cdnow_all`. */
  readonly client: ClickHouseClient;
  /** Each server's `cdnow_shard`. */
  readonly shards: readonly ShardTable[];
  stop(): Promise<void>;
}

/** Loads CDNOW into DuckDB and into a fresh two-shard cluster. */
export async function cdnowOnClickHouse(): Promise<CdnowOnClickHouse> {
  const engine = await Engine.open({ threads: 1 });
  const tx = await loadTransactions('data/cdnow_master.txt', {
    engine,
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
  const rows = await engine.columns(
    `SELECT customer_id, CAST(day AS VARCHAR) AS day, amount FROM ${tx.table} ORDER BY __row`,
  );
  const ids = rows['customer_id'] as string[];
  const days = rows['day'] as string[];
  const amounts = rows['amount'] as Float64Array;
  const body = rowBinary(
    ['String', 'Date', 'Float64'],
    ids.map((id, i) => [id, days[i] as string, amounts[i] as number]),
  );
  const cluster = await startClickHouse(2);
  try {
    const servers = cluster.servers;
    const first = servers[0] as ClickHouseServer;
    const columns = 'customer_id String, day Date, amount Float64';
    for (const server of servers) {
      await server.query(
        `CREATE TABLE cdnow_shard (${columns}) ENGINE = MergeTree() ORDER BY customer_id`,
      );
    }
    await first.query(
      `CREATE TABLE cdnow_all AS cdnow_shard ENGINE = Distributed(${CLUSTER}, default, cdnow_shard, cityHash64(customer_id))`,
    );
    await first.insertRowBinary('cdnow_all', body, { insert_distributed_sync: 1 });
    return {
      engine,
      tx,
      cluster,
      client: new ClickHouseClient({ url: first.url }),
      shards: servers.map((s) => ({
        client: new ClickHouseClient({ url: s.url }),
        table: 'cdnow_shard',
      })),
      stop: async () => {
        await cluster.stop();
        engine.close();
      },
    };
  } catch (error) {
    await cluster.stop();
    engine.close();
    throw error;
  }
}
