import { connectInProcess } from '@mcp/testing';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createService, defineTool, parseEnv, SettingsError } from '../../src/index.js';
import { createFixtureService } from './fixture.js';

describe('settings', () => {
  it('an invalid value stops start-up with one line naming the variable', async () => {
    const service = createFixtureService({ PORT: 'eighty' });
    await expect(service.init()).rejects.toThrow(SettingsError);
    await expect(service.init()).rejects.toThrow(/^Invalid configuration: PORT is invalid/);
  });

  it('a missing required service variable is named', () => {
    const schema = z.object({ SLACK_BOT_TOKEN: z.string().min(1) });
    expect(() => parseEnv(schema, {})).toThrow('Invalid configuration: SLACK_BOT_TOKEN is missing');
  });

  it('a missing credential degrades the service and its tools say which variable', async () => {
    const probe = defineTool({
      name: 'probe',
      title: 'Probe',
      description: 'd',
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      handler: async () => ({ ok: true }),
    });
    const service = createService(
      {
        name: 'needs-token',
        version: '1',
        env: z.object({ NEEDS_TOKEN_API_KEY: z.string().optional() }),
        missingConfig: (env) => (env.NEEDS_TOKEN_API_KEY ? [] : ['NEEDS_TOKEN_API_KEY']),
        tools: [probe],
      },
      { env: { LOG_LEVEL: 'silent' } },
    );
    const health = await (await service.fetch(new Request('http://localhost/health'))).json();
    expect(health.status).toBe('degraded');
    expect(health.components.configuration.message).toMatch(/NEEDS_TOKEN_API_KEY/);
    const client = await connectInProcess(service);
    const r = await client.callTool({ name: 'probe', arguments: {} });
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]?.text).toMatch(/NEEDS_TOKEN_API_KEY is not set/);
    await client.close();
    await service.stop();
  });
});

describe('tool filters', () => {
  const names = async (env: Record<string, string>) => {
    const service = createFixtureService(env);
    const client = await connectInProcess(service);
    const { tools } = await client.listTools();
    await client.close();
    await service.stop();
    return tools.map((t) => t.name).sort();
  };

  it('read-only mode keeps only read-only tools (shared and prefixed switch)', async () => {
    expect(await names({ MCP_READ_ONLY: 'true' })).not.toContain('delete_thing');
    expect(await names({ FIXTURE_READ_ONLY: 'true' })).not.toContain('delete_thing');
    expect(await names({})).toContain('delete_thing');
  });

  it('allow and deny lists, with globs', async () => {
    expect(await names({ MCP_TOOLS: 'echo,fetch_*' })).toEqual(['echo', 'fetch_item']);
    expect(await names({ MCP_EXCLUDE_TOOLS: '*_thing,slow' })).toEqual(['big_result', 'echo', 'fetch_item']);
  });
});

describe('defineTool', () => {
  const base = { title: 't', description: 'd', input: z.object({}), output: z.object({}), handler: async () => ({}) };
  it('requires all four annotations and a snake_case name', () => {
    expect(() => defineTool({ ...base, name: 'ok_name', annotations: { readOnlyHint: true } as never })).toThrow(/destructiveHint/);
    expect(() =>
      defineTool({ ...base, name: 'Bad-Name', annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } }),
    ).toThrow(/snake_case/);
    expect(() =>
      defineTool({ ...base, name: 'both', annotations: { readOnlyHint: true, destructiveHint: true, idempotentHint: true, openWorldHint: false } }),
    ).toThrow(/both read-only and destructive/);
  });
});
