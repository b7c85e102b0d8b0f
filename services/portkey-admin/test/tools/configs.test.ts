import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, type Harness, startHarness } from '../harness.js';
import { configDetail, configUpdated, configVersions } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('list_configs', () => {
  it('lists active configs by default, all with status=all', async () => {
    harness = await startHarness();
    const active = await call<{ configs: Array<Record<string, unknown>>; total: number }>(harness, 'list_configs');
    expect(active.data.total).toBe(1);
    expect(active.data.configs[0]).toEqual({
      id: '4e54a1a4-109c-43ee-b0f7-11e7d60b0066',
      name: 'Pplx Cache Test',
      slug: 'pc-pplx-c-ca7a87',
      workspace_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      is_default: false,
      status: 'active',
      created_at: '2024-05-12T21:37:06.000Z',
      last_updated_at: '2024-05-23T23:36:06.000Z',
    });
    const all = await call<{ total: number }>(harness, 'list_configs', { status: 'all', workspace_id: 'ws-other' });
    expect(all.data.total).toBe(2);
    expect(callsTo(harness, '/configs')[1]?.query).toEqual({ workspace_id: 'ws-other' });
  });

  it('a body with success: false is an error, and a malformed body is reported', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/configs', (c) =>
          c.req.query('workspace_id') === 'ws-bad' ? c.json({ data: 'nope' }) : c.json({ success: false, data: { message: 'Workspace not found' } }),
        );
      },
    });
    expect((await call(harness, 'list_configs')).text).toContain('success: false: Workspace not found');
    expect((await call(harness, 'list_configs', { workspace_id: 'ws-bad' })).text).toContain('unexpected response to GET /configs');
  });
});

describe('get_config', () => {
  it('returns the live JSON and the newest versions, parsing their stored JSON', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/configs/pc-pii-re-7f1051', (c) => c.json(configDetail));
        app.get('/configs/pc-pii-re-7f1051/versions', (c) => c.json(configVersions));
      },
    });
    const result = await call<{ config: Record<string, unknown>; versions: Array<Record<string, unknown>>; versions_total: number }>(harness, 'get_config', {
      slug: 'pc-pii-re-7f1051',
      versions: 1,
    });
    expect(result.isError).toBe(false);
    expect(result.data.config).toMatchObject({
      strategy: { mode: 'fallback' },
      targets: [{ virtual_key: 'main-258f4d' }, { virtual_key: 'azure-test-4110dd' }],
    });
    expect(result.data.versions_total).toBe(2);
    expect(result.data.versions).toEqual([
      {
        version_id: '1f2e3d4c-26d9-49df-82ca-ab772ba39000',
        name: 'PII Redaction Guardrail',
        status: 'active',
        created_at: '2025-10-18T08:00:00.000Z',
        updated_by: 'c4c7996d-be62-429d-b787-5d48fe94da86',
        config: { input_guardrails: ['pg-patron-1d0224'], output_guardrails: ['pg-pii-5c2e'] },
      },
    ]);
  });

  it('a 404 for an unknown slug; a malformed slug is refused before calling', async () => {
    harness = await startHarness({
      routes: (app) => app.get('/configs/:slug/*', (c) => c.json({ success: false, data: { message: 'Config not found' } }, 404)),
    });
    harness.upstream.app.get('/configs/:slug', (c) => c.json({ success: false, data: { message: 'Config not found' } }, 404));
    const missing = await call(harness, 'get_config', { slug: 'pc-missing', versions: 0 });
    expect(missing._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'not_found' });
    expect(missing.text).toContain('Config not found');
    const bad = await call(harness, 'get_config', { slug: '../admin/users' });
    expect(bad.isError).toBe(true);
    expect(harness.upstream.requests).toHaveLength(1);
  });
});

describe('update_config', () => {
  it('PUTs the complete config and returns the new version', async () => {
    harness = await startHarness({ routes: (app) => app.put('/configs/pc-pplx-c-ca7a87', (c) => c.json(configUpdated)) });
    const config = { strategy: { mode: 'fallback' }, targets: [{ virtual_key: 'openai-prod' }, { virtual_key: 'azure-backup' }] };
    const result = await call(harness, 'update_config', { slug: 'pc-pplx-c-ca7a87', name: 'testConf', config, status: 'active' });
    expect(result.data).toEqual({ slug: 'pc-pplx-c-ca7a87', version_id: 'abe447e2-f6aa-4229-93b7-8ee3183b6667' });
    const sent = callsTo(harness, '/configs/pc-pplx-c-ca7a87')[0];
    expect(sent?.method).toBe('PUT');
    expect(JSON.parse(sent?.body ?? '')).toEqual({ name: 'testConf', config, status: 'active' });
  });

  it('refuses configs that would break routing, and empty updates, without calling Portkey', async () => {
    harness = await startHarness();
    expect((await call(harness, 'update_config', { slug: 'pc-a' })).text).toContain('at least one of name, config or status');
    expect((await call(harness, 'update_config', { slug: 'pc-a', config: { strategy: { mode: 'roundrobin' }, targets: [{}] } })).text).toContain(
      'strategy.mode',
    );
    expect((await call(harness, 'update_config', { slug: 'pc-a', config: { strategy: { mode: 'fallback' } } })).text).toContain('needs targets');
    expect((await call(harness, 'update_config', { slug: 'pc-a', config: {} })).text).toContain('config is empty');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('is never retried, names configs.update on 403, and is annotated destructive', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.put('/configs/pc-down', (c) => c.text('bad gateway', 502));
        app.put('/configs/pc-denied', (c) => c.json({ success: false, data: { message: 'Forbidden' } }, 403));
      },
    });
    expect((await call(harness, 'update_config', { slug: 'pc-down', name: 'x' })).text).toMatch(/502/);
    expect(callsTo(harness, '/configs/pc-down')).toHaveLength(1);
    expect((await call(harness, 'update_config', { slug: 'pc-denied', name: 'x' })).text).toContain('"configs.update"');
    const { tools } = await harness.client.listTools();
    expect(tools.find((t) => t.name === 'update_config')?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
  });
});
