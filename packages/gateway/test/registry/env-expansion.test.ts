// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are the registry syntax under test, not template literals.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createExampleService } from '@mcp/example/dist/server.js';
import { connectHttp } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../../src/server.js';

// A backend that requires a key: the registry names it as ${SVC_TOKEN}, the
// gateway's environment holds it. Proves the expanded value reaches the
// backend and never comes back out of the admin API.
const SECRET = 'svc-key-from-the-environment-0123456789';
const ADMIN = 'admin-key-for-tests-123456';
const dir = mkdtempSync(join(tmpdir(), 'gw-env-'));
const service = createExampleService({ LOG_LEVEL: 'silent', MCP_API_KEYS: SECRET });
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;

beforeAll(async () => {
  const url = (await service.start({ port: 0, host: '127.0.0.1' })).url;
  const registry = { mcpServers: { locked: { type: 'http', url, namespace: 'locked', headers: { authorization: 'Bearer ${SVC_TOKEN}' } } } };
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify(registry));
  gateway = createGateway({
    LOG_LEVEL: 'silent',
    SVC_TOKEN: SECRET,
    MCP_CONFIG: join(dir, '.mcp.json'),
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_ADMIN_API_KEYS: ADMIN,
    GATEWAY_WATCH: 'false',
    MCP_SHUTDOWN_DRAIN_MS: '200',
  });
  gatewayUrl = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
});
afterAll(async () => {
  await gateway.stop();
  await service.stop();
});

describe('registry ${VAR} expansion', () => {
  it('authenticates to the backend with the expanded header', async () => {
    const client = await connectHttp(gatewayUrl);
    const names = (await client.listTools()).tools.map((t) => t.name);
    await client.close();
    expect(names.filter((n) => n.startsWith('locked_')).length).toBeGreaterThan(0);
  });

  it('the admin API shows the effective config with header values redacted', async () => {
    const res = await fetch(gatewayUrl.replace(/\/mcp$/, '/api/v1/mcp/configs'), { headers: { 'x-api-key': ADMIN } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(SECRET);
    const body = JSON.parse(text) as { effective: { name: string; config: { headers: Record<string, string> } }[] };
    expect(body.effective.find((c) => c.name === 'locked')?.config.headers).toEqual({ authorization: '[redacted]' });
  });
});
