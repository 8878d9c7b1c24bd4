/**
 * Test harness: throwaway ClickHouse servers on loopback (spoken to over HTTP), each with its own config, data path
 * and ports under a temporary folder, always stopped (afterAll, and process exit/signal
 * handlers as a safety net). One server, or a cluster of two shards (`remote_servers`) for
 * Distributed tables.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The server binary, or undefined where ClickHouse is not installed (tests skip). */
export const CLICKHOUSE_SERVER: string | undefined = (() => {
  const found = spawnSync('sh', ['-c', 'command -v clickhouse-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path !== '' ? path : undefined;
})();

/** Name of the two-shard cluster in `remote_servers`. */
export const CLUSTER = 'cohortlab_shards';

interface Ports {
  readonly http: number;
  readonly tcp: number;
  readonly interserver: number;
}

/** A free loopback port (bound once, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A second user, `analyst`, has this password (for the authentication tests). */
export const ANALYST_PASSWORD = 'cohortlab-analyst';

/** Per-server limits: threads per query and memory per query. */
export interface ClickHouseLimits {
  /** Threads per query on each server (default 1: the test machine has 2 cores). */
  readonly maxThreads?: number;
  /** Bytes per query (default 2 GB). */
  readonly maxMemoryUsage?: number;
}

const LOOPBACK =
  '<networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota>';

const users = (limits: ClickHouseLimits): string => `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_threads>${limits.maxThreads ?? 1}</max_threads><max_memory_usage>${limits.maxMemoryUsage ?? 2_000_000_000}</max_memory_usage></default></profiles>
  <users><default><password></password>${LOOPBACK}</default><analyst><password>${ANALYST_PASSWORD}</password>${LOOPBACK}</analyst></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;

function config(dir: string, ports: Ports, shards: readonly Ports[]): string {
  const shardXml = shards
    .map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><size>10M</size><count>1</count></logger>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>16</max_concurrent_queries>
  <remote_servers><${CLUSTER}>${shardXml}</${CLUSTER}></remote_servers>
</yandex>
`;
}

/** Servers started and not yet stopped, for the exit handlers. */
const running = new Set<ChildProcess>();
let handlersInstalled = false;

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Last resort if afterAll never ran: kill what this process started (by our own handles).
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running) child.kill('SIGKILL');
      process.exit(130);
    });
  }
}

/** One running server and how to talk to it over HTTP. */
export interface ClickHouseServer {
  readonly ports: Ports;
  /** The HTTP endpoint, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Runs a statement or query; the response body as text. Throws with the server's message. */
  query(sql: string, settings?: Readonly<Record<string, string | number>>): Promise<string>;
  /** Inserts a RowBinary body into `table`. */
  insertRowBinary(
    table: string,
    body: Uint8Array,
    settings?: Readonly<Record<string, string | number>>,
  ): Promise<void>;
}

/** Servers started together; `stop` ends them all and removes their folder. */
export interface ClickHouseCluster {
  readonly servers: readonly ClickHouseServer[];
  /** The temporary folder holding configs, data and logs (server1/, server2/…). */
  readonly folder: string;
  stop(): Promise<void>;
}

function client(ports: Ports): ClickHouseServer {
  const url = (settings: Readonly<Record<string, string | number>>): string => {
    const params = new URLSearchParams(
      Object.entries(settings).map(([k, v]): [string, string] => [k, String(v)]),
    );
    return `http://127.0.0.1:${ports.http}/?${params.toString()}`;
  };
  // A fresh connection per request (no keep-alive): ClickHouse closes idle connections
  // after 3 s, and reusing one it is closing fails with "other side closed".
  const send = (target: string, body: string | Uint8Array): Promise<string> =>
    new Promise((resolve, reject) => {
      const request = httpRequest(target, { method: 'POST', agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode === 200) resolve(text);
          else reject(new Error(`ClickHouse: ${text.trim()}`));
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  return {
    ports,
    url: `http://127.0.0.1:${ports.http}`,
    query: (sql, settings = {}) => send(url(settings), sql),
    insertRowBinary: async (table, body, settings = {}) => {
      await send(url({ ...settings, query: `INSERT INTO ${table} FORMAT RowBinary` }), body);
    },
  };
}

async function waitUntilUp(
  server: ClickHouseServer,
  child: ChildProcess,
  log: string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`clickhouse-server exited (${child.exitCode}); see ${log}`);
    try {
      if ((await server.query('SELECT 1')).trim() === '1') return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`clickhouse-server did not start; see ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      resolve();
      return;
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      running.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `count` servers (1, or 2 for a two-shard cluster named {@link CLUSTER}) on free
 * loopback ports, each with config, data and logs under one temporary folder.
 */
export async function startClickHouse(
  count: number,
  limits: ClickHouseLimits = {},
): Promise<ClickHouseCluster> {
  if (CLICKHOUSE_SERVER === undefined) throw new Error('clickhouse-server is not installed');
  installExitHandlers();
  const root = mkdtempSync(join(tmpdir(), 'cohortlab-clickhouse-'));
  const ports: Ports[] = [];
  for (let i = 0; i < count; i++) {
    ports.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() });
  }
  const children: ChildProcess[] = [];
  const servers: ClickHouseServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(children.map(stopChild));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const [i, p] of ports.entries()) {
      const dir = join(root, `server${i + 1}`);
      for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) {
        mkdirSync(join(dir, sub), { recursive: true });
      }
      writeFileSync(join(dir, 'users.xml'), users(limits));
      writeFileSync(join(dir, 'config.xml'), config(dir, p, ports));
      const child = spawn(CLICKHOUSE_SERVER, [`--config-file=${join(dir, 'config.xml')}`], {
        cwd: dir,
        stdio: 'ignore',
      });
      running.add(child);
      children.push(child);
      const server = client(p);
      await waitUntilUp(server, child, join(dir, 'error.log'));
      servers.push(server);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, folder: root, stop };
}
