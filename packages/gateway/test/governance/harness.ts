import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectHttp } from '@mcp/testing';
import { createGateway } from '../../src/server.js';
import { createFixtureService } from './fixture-service.js';

export const ADMIN = 'admin-key-for-governance-tests';

/** Two namespaces (github, slack) on fixture backends, behind one gateway. */
export async function startGovernedGateway(extraEnv: Record<string, string> = {}, backendUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'gw-gov-e2e-'));
  const fixture = backendUrl ? undefined : createFixtureService();
  const url = backendUrl ?? (await fixture!.start({ port: 0, host: '127.0.0.1' })).url;
  const configPath = join(dir, '.mcp.json');
  writeFileSync(configPath, JSON.stringify({ mcpServers: { github: { type: 'http', url }, slack: { type: 'http', url } } }));
  const gateway = createGateway({
    LOG_LEVEL: 'silent',
    MCP_CONFIG: configPath,
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_ADMIN_API_KEYS: ADMIN,
    GATEWAY_WATCH: 'false',
    MCP_LIST_CACHE_TTL_SECONDS: '0',
    MCP_SHUTDOWN_DRAIN_MS: '200',
    ...extraEnv,
  });
  const gatewayUrl = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
  const base = gatewayUrl.replace(/\/mcp$/, '');
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { 'x-api-key': ADMIN, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const connectAs = (key?: string, header: 'bearer' | 'x-api-key' = 'bearer') =>
    connectHttp(gatewayUrl, {
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        if (key) header === 'bearer' ? headers.set('authorization', `Bearer ${key}`) : headers.set('x-api-key', key);
        return fetch(input, { ...init, headers });
      },
    });
  const createKey = async (name: string, scopes: Record<string, unknown>) => {
    const res = await admin('/api/v1/keys', { method: 'POST', body: JSON.stringify({ name, scopes }) });
    if (res.status !== 201) throw new Error(`create key: ${res.status} ${await res.text()}`);
    return (await res.json()) as { key: string; id: string };
  };
  return {
    gateway,
    gatewayUrl,
    fixtureUrl: url,
    admin,
    connectAs,
    createKey,
    stop: async () => {
      await gateway.stop();
      await fixture?.stop();
    },
  };
}

export const textOf = (r: unknown) => ((r as { content: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join(' ');
