import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:PORT` — set it as the service's `<PREFIX>_BASE_URL`. */
  url: string;
  port: number;
  app: Hono;
  /** Every request received, in order, for assertions on what the client sent. */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local stand-in for an upstream API, serving the payload shapes the real
 * API documents. Define routes on `app` (before or after start), then point
 * the service's base URL at `url`.
 */
export async function startFakeUpstream(configure?: (app: Hono) => void, options: { port?: number } = {}): Promise<FakeUpstream> {
  const app = new Hono();
  const requests: RecordedRequest[] = [];
  app.use('*', async (c, next) => {
    const body = ['GET', 'HEAD'].includes(c.req.method) ? '' : await c.req.raw.clone().text();
    requests.push({ method: c.req.method, path: c.req.path, query: c.req.query(), headers: Object.fromEntries(c.req.raw.headers), body });
    await next();
  });
  configure?.(app);
  const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' });
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('listening', () => resolve(server.address() as AddressInfo));
    server.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    app,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
