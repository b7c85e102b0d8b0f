import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createEdgelakeService } from '../src/server.js';
import { type Harness, startHarness, textOf } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return {
    status: res.status,
    body: (await res.json()) as { status: string; components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }> },
  };
}

describe('edgelake service', () => {
  it('is healthy against a running node, the probe naming it', async () => {
    h = await startHarness();
    const { status, body } = await healthOf(h.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe?.metadata).toMatchObject({ circuit: 'closed', node: 'edgelake-query' });
  });

  it('a node that does not report itself running makes health degraded', async () => {
    h = await startHarness({
      node: {
        routes: (app) =>
          app.get('/', async (c, next) =>
            c.req.header('command') === 'get status' ? c.json({ Status: 'edgelake-query@127.0.0.1:32348 not running' }) : next(),
          ),
      },
    });
    const { body } = await healthOf(h.service);
    expect(body.components.upstream_probe).toMatchObject({ status: 'degraded', message: 'node reports: edgelake-query@127.0.0.1:32348 not running' });
    expect((await h.call('health_check')).structuredContent).toMatchObject({ ok: false });
  });

  it('half-configured basic auth starts degraded naming the missing variable', async () => {
    const service = createEdgelakeService({ LOG_LEVEL: 'silent', EDGELAKE_USERNAME: 'ops' });
    const client = await connectInProcess(service);
    try {
      const { body } = await healthOf(service);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('EDGELAKE_PASSWORD');
      const result = await client.callTool({ name: 'list_databases', arguments: {} });
      expect(textOf(result)).toContain('EDGELAKE_PASSWORD');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createEdgelakeService({ LOG_LEVEL: 'silent', EDGELAKE_DEFAULT_DBMS: 'bad name' }).init()).rejects.toThrow(
      /^Invalid configuration: EDGELAKE_DEFAULT_DBMS is invalid/,
    );
    await expect(createEdgelakeService({ LOG_LEVEL: 'silent', EDGELAKE_TIMEOUT_MS: 'soon' }).init()).rejects.toThrow(
      /^Invalid configuration: EDGELAKE_TIMEOUT_MS is invalid/,
    );
  });

  it('every tool is read-only, so EDGELAKE_READ_ONLY keeps them all', async () => {
    h = await startHarness({ env: { EDGELAKE_READ_ONLY: 'true' } });
    const { tools } = await h.client.listTools();
    expect(tools).toHaveLength(8);
    for (const tool of tools) expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });
});
