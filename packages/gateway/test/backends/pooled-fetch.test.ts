import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createPooledFetch, type PooledFetch } from '../../src/backends/pooled-fetch.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  remotePort: number | undefined;
}

/** A loopback HTTP server that records each request and answers with `handle`. */
async function serve(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, remotePort: req.socket.remotePort });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function pooled(origin: string): PooledFetch {
  const p = createPooledFetch(origin);
  cleanups.push(() => p.close());
  return p;
}

describe('pooled fetch (the gateway → backend HTTP path)', () => {
  it('sends method, path, headers and body, and answers like fetch over one kept-alive connection', async () => {
    const srv = await serve((_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': 'a' });
      res.end(JSON.stringify({ got: JSON.parse(body) }));
    });
    const { fetch } = pooled(srv.url);
    const headers = new Headers({ 'content-type': 'application/json', 'mcp-method': 'tools/call', authorization: 'Bearer k' });
    const first = await fetch(`${srv.url}/mcp?x=1`, { method: 'POST', headers, body: JSON.stringify({ n: 1 }) });
    expect(first.status).toBe(200);
    expect(first.ok).toBe(true);
    expect(first.headers.get('Content-Type')).toBe('application/json');
    expect(first.headers.has('x-echo')).toBe(true);
    expect(first.headers.get('x-missing')).toBeNull();
    expect(await first.json()).toEqual({ got: { n: 1 } });
    for (let n = 2; n <= 6; n++) {
      const next = await fetch(`${srv.url}/mcp`, { method: 'POST', headers, body: `{"n":${n}}` });
      expect(await next.text()).toBe(`{"got":{"n":${n}}}`);
    }

    expect(srv.seen.slice(0, 2).map((s) => [s.method, s.url, s.headers['mcp-method'], s.headers.authorization])).toEqual([
      ['POST', '/mcp?x=1', 'tools/call', 'Bearer k'],
      ['POST', '/mcp', 'tools/call', 'Bearer k'],
    ]);
    // Keep-alive: six requests, one after the other, on at most two connections
    // (a request sent in the same tick as the previous body ends may open a second).
    expect(new Set(srv.seen.map((s) => s.remotePort)).size).toBeLessThanOrEqual(2);
  });

  it('streams an SSE answer through `body` as it arrives', async () => {
    let finish: (() => void) | undefined;
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message\ndata: {"first":true}\n\n');
      finish = () => res.end('event: message\ndata: {"last":true}\n\n');
    });
    const { fetch } = pooled(srv.url);
    const res = await fetch(`${srv.url}/mcp`, { method: 'POST', body: '{}' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    // The first event is readable before the server ends the stream.
    expect(decoder.decode((await reader.read()).value)).toContain('"first":true');
    finish?.();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
    expect(rest).toContain('"last":true');
  });

  it('decodes a gzip-encoded body as fetch does', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { ok: true } })));
    });
    const { fetch } = pooled(srv.url);
    const res = await fetch(`${srv.url}/mcp`, { method: 'POST', body: '{}' });
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
    // The gateway asks for no encoding: a backend that follows HTTP never encodes.
    expect(srv.seen[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('never follows a redirect: the 3xx and its Location reach the caller, which decides', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    });
    const { fetch } = pooled(srv.url);
    const res = await fetch(`${srv.url}/mcp`, { method: 'POST', body: '{}', redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.ok).toBe(false);
    expect(res.headers.get('location')).toBe('/elsewhere');
    await res.text();
    expect(srv.seen).toHaveLength(1);
  });

  it('rejects like fetch: TypeError "fetch failed" when nothing listens, the signal reason when aborted', async () => {
    const srv = await serve(() => {
      // Never answers: only the abort ends the request.
    });
    const { fetch } = pooled(srv.url);
    const controller = new AbortController();
    const pending = fetch(`${srv.url}/mcp`, { method: 'POST', body: '{}', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    const reason = new Error('caller went away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const dead = pooled('http://127.0.0.1:1');
    await expect(dead.fetch('http://127.0.0.1:1/mcp', { method: 'POST', body: '{}' })).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });

  it('hands what it cannot carry (another origin, a non-string body) to the global fetch', async () => {
    const own = await serve((_req, res) => res.end('own'));
    const other = await serve((_req, res, body) => res.end(`other:${body}`));
    const { fetch } = pooled(own.url);
    expect(await (await fetch(`${other.url}/x`)).text()).toBe('other:');
    expect(await (await fetch(`${own.url}/x`, { method: 'POST', body: new TextEncoder().encode('bytes') })).text()).toBe('own');
    expect(own.seen[0]?.body).toBe('bytes');
    expect(other.seen).toHaveLength(1);
  });
});
