import { afterEach, describe, expect, it } from 'vitest';
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '../../src/errors/tool-errors.js';
import { createUpstreamClient } from '../../src/upstream/index.js';
import type { UpstreamClient, UpstreamClientOptions } from '../../src/upstream/index.js';
import { type FakeUpstream, freePort, json, startFakeUpstream, type Handler } from './fake-upstream.js';

let upstream: FakeUpstream | undefined;
let client: UpstreamClient | undefined;

afterEach(async () => {
  await client?.close();
  await upstream?.close();
  client = undefined;
  upstream = undefined;
});

async function setup(handler: Handler, options: Partial<UpstreamClientOptions> = {}): Promise<UpstreamClient> {
  upstream = await startFakeUpstream(handler);
  client = createUpstreamClient({
    service: 'test-client',
    name: 'acme',
    baseUrl: `${upstream.url}/api/v3`,
    retryBaseDelayMs: 10,
    timeoutMs: 2000,
    ...options,
  });
  return client;
}

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('upstream client requests', () => {
  it('sends JSON with per-request auth, base path, query and parses the reply', async () => {
    let n = 0;
    const c = await setup((req, res) => json(res, 200, { ok: true, echo: JSON.parse(req.body || 'null') }), {
      headers: () => ({ Authorization: `Bearer token-${++n}` }),
    });
    const data = await c.post<{ ok: boolean; echo: unknown }>('/items', { a: 1 }, { query: { q: 'x y', tag: ['a', 'b'], skip: undefined } });
    await c.get('/items');
    expect(data).toEqual({ ok: true, echo: { a: 1 } });
    expect(upstream?.seen[0]?.url).toBe('/api/v3/items?q=x+y&tag=a&tag=b');
    expect(upstream?.seen[0]?.headers['content-type']).toBe('application/json');
    // The provider runs per request, so a rotated token is picked up at once.
    expect(upstream?.seen.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('reads rate-limit headers into the response and lastRateLimit', async () => {
    const c = await setup((_req, res) =>
      json(res, 200, {}, { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1900000000', 'x-ratelimit-resource': 'core' }),
    );
    const res = await c.request({ method: 'GET', path: '/rate' });
    expect(res.rateLimit).toEqual({ limit: 5000, remaining: 4999, resetAt: new Date(1_900_000_000_000).toISOString(), resource: 'core' });
    expect(c.lastRateLimit?.remaining).toBe(4999);
  });

  it('retries a GET on 503 and succeeds', async () => {
    const c = await setup((_req, res, i) => (i < 2 ? json(res, 503, { message: 'busy' }) : json(res, 200, { ok: 1 })));
    await expect(c.get('/flaky')).resolves.toEqual({ ok: 1 });
    expect(upstream?.seen).toHaveLength(3);
  });

  it('waits for Retry-After before retrying', async () => {
    const c = await setup((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '1' }) : json(res, 200, { ok: 1 })));
    await expect(c.get('/limited')).resolves.toEqual({ ok: 1 });
    const [first, second] = upstream?.seen ?? [];
    const waited = (second?.at ?? 0) - (first?.at ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(1500);
  });

  it('does not wait for a Retry-After beyond retryMaxDelayMs: reports it instead', async () => {
    const c = await setup((_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '120', 'x-ratelimit-resource': 'search' }), {
      retryMaxDelayMs: 1000,
    });
    const error = await failure(c.get('/search'));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toContain('search');
    expect(upstream?.seen).toHaveLength(1);
  });

  it('never retries a POST', async () => {
    const c = await setup((_req, res) => json(res, 503, { message: 'busy' }));
    const error = await failure(c.post('/create', { a: 1 }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(503);
    expect(upstream?.seen).toHaveLength(1);
  });

  it('maps 401 to UnauthorizedError naming the variable, without leaking the token', async () => {
    const c = await setup((req, res) => json(res, 401, { message: `Bad credentials ${req.headers.authorization}` }), {
      headers: { authorization: 'Bearer ghp_supersecret123' },
      describeAuthError: (status) => (status === 401 ? 'Set a valid token in ACME_TOKEN.' : 'The token needs the repo scope.'),
    });
    const error = await failure(c.get('/me'));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toContain('ACME_TOKEN');
    expect(error.toText()).not.toContain('ghp_supersecret123');
    expect(JSON.stringify(error.details)).not.toContain('ghp_supersecret123');
    expect(upstream?.seen).toHaveLength(1);
  });

  it('maps 403 to ForbiddenError, or to RateLimitedError when the quota is exhausted', async () => {
    const c = await setup(
      (req, res) =>
        req.url.includes('quota')
          ? json(res, 403, {}, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) })
          : json(res, 403, { message: 'Resource not accessible' }),
      { describeAuthError: () => 'The token needs the repo scope.' },
    );
    const forbidden = await failure(c.get('/admin'));
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(forbidden.message).toContain('repo scope');
    const limited = await failure(c.get('/quota'));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfterSeconds).toBeGreaterThan(50);
  });

  it('maps 404 to NotFoundError with the body truncated and no query string', async () => {
    const c = await setup((_req, res) => json(res, 404, { message: 'x'.repeat(2000) }));
    const error = await failure(c.get('/repos/nope', { query: { api_key: 'k3y-in-query' } }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('GET /api/v3/repos/nope');
    expect(error.message).not.toContain('k3y-in-query');
    expect(String(error.details?.body).length).toBeLessThanOrEqual(500);
    expect(error.message.length).toBeLessThan(700);
  });

  it('maps 500 to UpstreamError with status and does not retry it', async () => {
    const c = await setup((_req, res) => json(res, 500, { message: 'boom' }));
    const error = await failure(c.get('/broken'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(500);
    expect(error.message).toContain('boom');
    expect(upstream?.seen).toHaveLength(1);
  });

  it('reports exhausted retries on 502 with the attempt count', async () => {
    const c = await setup((_req, res) => json(res, 502, {}), { retries: 2 });
    const error = await failure(c.get('/gw'));
    expect((error as UpstreamError).status).toBe(502);
    expect(error.message).toContain('after 3 attempts');
    expect(upstream?.seen).toHaveLength(3);
  });

  it('maps a malformed JSON body to UpstreamError', async () => {
    const c = await setup((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"truncated":');
    });
    const error = await failure(c.get('/bad'));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error.message).toContain('acme returned a malformed response');
  });

  it('returns text, buffers, empty bodies and okStatuses as data', async () => {
    const c = await setup((req, res) => {
      if (req.url.endsWith('/empty')) return void res.writeHead(204).end();
      if (req.url.endsWith('/missing')) return json(res, 404, { message: 'nope' });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    expect((await c.request({ method: 'GET', path: '/t', parse: 'text' })).data).toBe('hello');
    expect(Buffer.isBuffer((await c.request({ method: 'GET', path: '/t', parse: 'buffer' })).data)).toBe(true);
    expect(await c.delete('/empty')).toBeUndefined();
    const missing = await c.request({ method: 'GET', path: '/missing', okStatuses: [200, 404] });
    expect(missing.status).toBe(404);
  });

  it('maps a slow upstream to TimeoutError without retrying it', async () => {
    const c = await setup((_req, res) => setTimeout(() => json(res, 200, {}), 500), { timeoutMs: 100 });
    const error = await failure(c.get('/slow'));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('100 ms');
    expect(upstream?.seen).toHaveLength(1);
  });

  it("respects the caller's abort signal", async () => {
    const c = await setup((_req, res) => setTimeout(() => json(res, 200, {}), 500));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failure(c.get('/slow', { signal: controller.signal }));
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(400);
  });

  it('maps a refused connection to UpstreamUnavailableError after retrying', async () => {
    const port = await freePort();
    client = createUpstreamClient({ service: 'test-client', name: 'acme', baseUrl: `http://127.0.0.1:${port}`, retries: 1, retryBaseDelayMs: 5 });
    const error = await failure(client.get('/x'));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('after 2 attempts');
  });
});
