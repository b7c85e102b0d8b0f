import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAiMemoryService } from '@mcp/ai-memory/dist/server.js';
import { createCmdbService } from '@mcp/cmdb/dist/server.js';
import { createEdgelakeService } from '@mcp/edgelake/dist/server.js';
import { createGateway } from '@mcp/gateway/dist/server.js';
import { createGithubService } from '@mcp/github/dist/server.js';
import { createK8sService } from '@mcp/k8s/dist/server.js';
import { createLinuxCliService } from '@mcp/linux-cli/dist/server.js';
import { createPortkeyAdminService } from '@mcp/portkey-admin/dist/server.js';
import { createSecretsService } from '@mcp/secrets/dist/server.js';
import { createSlackService } from '@mcp/slack/dist/server.js';
import { createSnowflakeService } from '@mcp/snowflake/dist/server.js';
import { connectHttp, runConformance } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The ten first-wave services as an operator runs them: each on its own port,
 * all behind the real gateway. Local services get working storage; upstream
 * services run unconfigured (no network here), so their tools must answer with
 * the message naming the missing variable — through the gateway.
 */
const dir = mkdtempSync(join(tmpdir(), 'fleet-'));
const quiet = { LOG_LEVEL: 'silent' };
const factories: Record<string, () => { start(o: { port: number; host: string }): Promise<{ url: string }>; stop(): Promise<void> }> = {
  'ai-memory': () => createAiMemoryService({ ...quiet, AI_MEMORY_DB_PATH: join(dir, 'ai-memory.sqlite'), DATABASE_URL: '' }),
  cmdb: () => createCmdbService({ ...quiet, CMDB_DB_PATH: join(dir, 'cmdb.sqlite'), DATABASE_URL: '' }),
  'linux-cli': () => createLinuxCliService({ ...quiet, LINUX_CLI_ROOTS: dir }),
  secrets: () => createSecretsService({ ...quiet }),
  github: () => createGithubService({ ...quiet }),
  slack: () => createSlackService({ ...quiet }),
  'portkey-admin': () => createPortkeyAdminService({ ...quiet }),
  snowflake: () => createSnowflakeService({ ...quiet }),
  k8s: () => createK8sService({ ...quiet }),
  edgelake: () => createEdgelakeService({ ...quiet, EDGELAKE_BASE_URL: 'http://127.0.0.1:9' }),
};
const running: Array<{ stop(): Promise<void> }> = [];
const urls: Record<string, string> = {};
let gateway: ReturnType<typeof createGateway>;
let gatewayUrl: string;

beforeAll(async () => {
  for (const [name, make] of Object.entries(factories)) {
    const service = make();
    running.push(service);
    urls[name] = (await service.start({ port: 0, host: '127.0.0.1' })).url;
  }
  const registry = Object.fromEntries(Object.entries(urls).map(([name, url]) => [name, { type: 'http', url }]));
  writeFileSync(join(dir, '.mcp.json'), JSON.stringify({ mcpServers: registry }));
  gateway = createGateway({
    ...quiet,
    MCP_CONFIG: join(dir, '.mcp.json'),
    GATEWAY_SQLITE_PATH: join(dir, 'gateway.sqlite'),
    GATEWAY_WATCH: 'false',
    MCP_SHUTDOWN_DRAIN_MS: '500',
  });
  gatewayUrl = (await gateway.start({ port: 0, host: '127.0.0.1' })).url;
});
afterAll(async () => {
  await gateway?.stop();
  for (const s of running) await s.stop();
});

const text = (r: { content?: unknown }) => ((r.content as Array<{ text?: string }>) ?? []).map((c) => c.text ?? '').join('\n');
const ns = (name: string) => name.replace(/[^a-z0-9-]/g, '-');

describe('the first wave behind the gateway', () => {
  it('lists every service’s tools through the gateway, namespaced', async () => {
    const client = await connectHttp(gatewayUrl);
    const names = (await client.listTools()).tools.map((t) => t.name);
    await client.close();
    for (const name of Object.keys(factories)) {
      const direct = await connectHttp(urls[name] as string);
      const own = (await direct.listTools()).tools.map((t) => t.name);
      await direct.close();
      expect(own.length, name).toBeGreaterThan(1);
      for (const tool of own) expect(names, `${name}: ${tool}`).toContain(`${ns(name)}_${tool}`);
    }
  });

  it('calls each service’s tools through the gateway', async () => {
    const client = await connectHttp(gatewayUrl);
    const stored = await client.callTool({
      name: 'ai-memory_memory_store',
      arguments: { namespace: 'user:1', content: 'The deploy window is Tuesday 14:00 UTC', kind: 'fact' },
    });
    expect(stored.isError, text(stored)).toBeFalsy();
    const found = await client.callTool({ name: 'ai-memory_memory_search', arguments: { namespace: 'user:1', query: 'deploy window' } });
    expect(text(found)).toMatch(/Tuesday/);

    const ci = await client.callTool({ name: 'cmdb_ci_upsert', arguments: { type: 'service', name: 'checkout-api', attributes: {} } });
    expect(ci.isError, text(ci)).toBeFalsy();
    const search = await client.callTool({ name: 'cmdb_ci_search', arguments: { query: 'checkout' } });
    expect(text(search)).toMatch(/checkout-api/);

    writeFileSync(join(dir, 'hello.txt'), 'hello fleet\n');
    const cat = await client.callTool({ name: 'linux-cli_run_command', arguments: { command: `cat ${join(dir, 'hello.txt')}` } });
    expect(text(cat), text(cat)).toMatch(/hello fleet/);
    const refused = await client.callTool({ name: 'linux-cli_run_command', arguments: { command: 'rm -rf /' } });
    expect(refused.isError).toBe(true);

    // Upstream services without credentials: the call reaches the service and names the variable.
    const expectations: Record<string, RegExp> = {
      github: /GITHUB_TOKEN/,
      slack: /SLACK_BOT_TOKEN/,
      'portkey-admin': /PORTKEY_(ADMIN_)?API_KEY/,
      snowflake: /SNOWFLAKE_/,
      k8s: /K8S_/,
      secrets: /SECRETS_|KDBX|VAULT|AZURE/,
    };
    for (const [name, pattern] of Object.entries(expectations)) {
      const r = await client.callTool({ name: `${ns(name)}_health_check`, arguments: {} });
      expect(text(r), name).toMatch(pattern);
    }
    const edge = await client.callTool({ name: 'edgelake_health_check', arguments: {} });
    expect(text(edge)).toMatch(/edgelake|EDGELAKE|unreachable|refused|connect/i);
    await client.close();
  });

  it('each service passes the conformance suite’s generic server scenarios', async () => {
    for (const [name, url] of Object.entries(urls)) {
      for (const scenario of ['server-initialize', 'tools-list', 'ping']) {
        const outcome = await runConformance({ url, scenario, timeoutMs: 60_000 });
        expect(outcome.exitCode, `${name} ${scenario}:\n${outcome.output}`).toBe(0);
      }
    }
  }, 600_000);
});
