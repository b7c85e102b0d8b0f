import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, type Harness, startHarness } from '../harness.js';
import { apiKeys, providers, users, workspaces } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('list_providers', () => {
  it('pages with current_page/page_size, defaulting the workspace, and computes next_page from total', async () => {
    harness = await startHarness({ env: { PORTKEY_ADMIN_WORKSPACE_ID: 'ws-myworkspace' }, routes: (app) => app.get('/providers', (c) => c.json(providers)) });
    const result = await call(harness, 'list_providers', { page_size: 1 });
    expect(result.data).toEqual({
      providers: [
        {
          name: 'Open AI Workspace',
          slug: 'first-openai-provider',
          integration_id: 'my-openai-integration',
          status: 'active',
          note: 'randomness',
          usage_limits: { credit_limit: 10, periodic_reset: 'monthly', alert_threshold: 8 },
          rate_limits: [{ type: 'requests', unit: 'rpm', value: 100 }],
          created_at: '2025-06-01T10:00:00.000Z',
          expires_at: '2026-06-01T10:00:00.000Z',
        },
      ],
      total: 3,
      current_page: 0,
      next_page: 1,
    });
    expect(callsTo(harness, '/providers')[0]?.query).toEqual({ workspace_id: 'ws-myworkspace', current_page: '0', page_size: '1' });
  });

  it('a 429 with Retry-After is a rate-limit error with the wait', async () => {
    harness = await startHarness({
      routes: (app) => app.get('/providers', (c) => c.json({ error: { message: 'Too many requests' } }, 429, { 'retry-after': '45' })),
    });
    const result = await call(harness, 'list_providers');
    expect(result.isError).toBe(true);
    expect(result._meta?.['io.mcp-fleet/error']).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 45 });
  });
});

describe('list_api_keys', () => {
  it('never returns key values, and filters the page by type', async () => {
    harness = await startHarness({ routes: (app) => app.get('/api-keys', (c) => c.json(apiKeys)) });
    const all = await call<{ api_keys: Array<Record<string, unknown>>; next_page?: number }>(harness, 'list_api_keys');
    expect(all.data.api_keys).toHaveLength(2);
    expect(JSON.stringify(all.data)).not.toContain('Xk*******S4');
    expect(all.data.api_keys[0]).toMatchObject({ name: 'Development API Key', type: 'organisation-service', scopes: ['completions.write'] });
    expect(all.data.next_page).toBeUndefined();
    const users = await call<{ api_keys: Array<{ name: string }> }>(harness, 'list_api_keys', { type: 'workspace-user', workspace_id: 'ws-myworkspace' });
    expect(users.data.api_keys.map((k) => k.name)).toEqual(['Support bot']);
    expect(callsTo(harness, '/api-keys')[1]?.query).toEqual({ workspace_id: 'ws-myworkspace', current_page: '0', page_size: '50' });
  });
});

describe('list_workspaces and list_users', () => {
  it('lists workspaces with the name filter', async () => {
    harness = await startHarness({ routes: (app) => app.get('/admin/workspaces', (c) => c.json(workspaces)) });
    const result = await call(harness, 'list_workspaces', { name: 'prod', page_size: 1 });
    expect(result.data).toMatchObject({ workspaces: [{ id: 'test-prod-ws-12345', name: 'Test prod workspace' }], total: 2, next_page: 1 });
    expect(callsTo(harness, '/admin/workspaces')[0]?.query).toEqual({ name: 'prod', current_page: '0', page_size: '1' });
  });

  it('lists users with the camelCase paging the endpoint documents', async () => {
    harness = await startHarness({ routes: (app) => app.get('/admin/users', (c) => c.json(users)) });
    const result = await call(harness, 'list_users', { role: 'member', current_page: 1, page_size: 1 });
    expect(result.data).toEqual({
      users: [
        {
          id: '61e08f60-4822-465e-ba23-39f85cd741cb',
          first_name: 'horace',
          last_name: 'slughorn',
          email: 'horace.slughorn@example.com',
          role: 'member',
          created_at: '2024-01-25 11:35:07',
          last_updated_at: '2024-01-25 11:35:07',
        },
      ],
      total: 2,
      current_page: 1,
    });
    expect(callsTo(harness, '/admin/users')[0]?.query).toEqual({ role: 'member', currentPage: '1', pageSize: '1' });
  });

  it('a workspace key on an organisation endpoint gets a 403 naming the scope and the key type', async () => {
    harness = await startHarness({ routes: (app) => app.get('/admin/users', (c) => c.json({ success: false, data: { message: 'Unauthorised' } }, 403)) });
    const result = await call(harness, 'list_users');
    expect(result.text).toContain('"organisation_users.list"');
    expect(result.text).toContain('Admin API key');
  });
});
