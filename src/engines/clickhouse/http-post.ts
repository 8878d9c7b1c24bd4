/**
 * One HTTP(S) POST with node:http, for the ClickHouse client.
 *
 * Not `fetch`: Node's fetch (undici) gives up when response headers take more than 300 s, and
 * ClickHouse sends its headers only when a statement such as `CREATE TABLE … AS SELECT` over
 * billions of rows has finished. Here the only limit is the caller's `timeoutMs`.
 *
 * @module
 */
import http from 'node:http';
import https from 'node:https';

/** The status and the whole body of an answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * POSTs `body` to `url` and collects the answer. Rejects with the socket's error (its `code`,
 * e.g. ECONNREFUSED) or, after `timeoutMs`, with an error named 'TimeoutError'.
 */
export function httpPost(
  url: URL,
  headers: Readonly<Record<string, string>>,
  body: string | Uint8Array,
  timeoutMs: number,
): Promise<HttpAnswer> {
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(payload.byteLength) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) });
        });
        response.on('error', fail);
      },
    );
    const timer = setTimeout(() => {
      const error = new Error(`no answer within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      request.destroy(error);
    }, timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end(payload);
  });
}
