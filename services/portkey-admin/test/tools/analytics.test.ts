import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, type Harness, startHarness } from '../harness.js';
import { cacheSummary, costGraph, userGroups } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const RANGE = { time_of_generation_min: '2026-02-23T00:00:00Z', time_of_generation_max: '2026-02-25T00:00:00+00:00' };

describe('analytics', () => {
  it('reads a cost graph with filters, as the spec encodes them', async () => {
    harness = await startHarness({
      env: { PORTKEY_ADMIN_WORKSPACE_ID: 'ws-myworkspace' },
      routes: (app) => app.get('/analytics/graphs/cost', (c) => c.json(costGraph)),
    });
    const result = await call(harness, 'analytics', {
      metric: 'cost',
      ...RANGE,
      virtual_keys: ['vk-slug-1', 'vk-slug-2'],
      ai_org_models: ['openai__gpt-4o'],
      status_codes: [429, 500],
      metadata: { _user: 'user_1', env: 'staging' },
    });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({
      metric: 'cost',
      endpoint: '/analytics/graphs/cost',
      units: 'cost in cents (total and avg per request)',
      time_range: { min: RANGE.time_of_generation_min, max: RANGE.time_of_generation_max, days: 2 },
      workspace_slug: 'ws-myworkspace',
      summary: { total: 12345, avg: 3 },
      data_points: costGraph.data_points,
    });
    expect(callsTo(harness, '/analytics/graphs/cost')[0]?.query).toEqual({
      ...RANGE,
      workspace_slug: 'ws-myworkspace',
      virtual_keys: 'vk-slug-1,vk-slug-2',
      ai_org_model: 'openai__gpt-4o',
      status_code: '429,500',
      metadata: '{"_user":"user_1","env":"staging"}',
    });
  });

  it('maps metrics to their endpoints (cache_summary has no data points)', async () => {
    harness = await startHarness({ routes: (app) => app.get('/analytics/summary/cache', (c) => c.json(cacheSummary)) });
    const result = await call(harness, 'analytics', { metric: 'cache_summary', ...RANGE });
    expect(result.data).toMatchObject({ endpoint: '/analytics/summary/cache', summary: { hits: 120, cache_speedup: 93 }, data_points: [] });
  });

  it('validates the required time range before calling Portkey', async () => {
    harness = await startHarness();
    const missing = await call(harness, 'analytics', { metric: 'requests' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('time_of_generation_min');
    const noZone = await call(harness, 'analytics', {
      metric: 'requests',
      time_of_generation_min: '2026-02-23T00:00:00',
      time_of_generation_max: '2026-02-24T00:00:00Z',
    });
    expect(noZone.isError).toBe(true);
    const reversed = await call(harness, 'analytics', {
      metric: 'requests',
      time_of_generation_min: RANGE.time_of_generation_max,
      time_of_generation_max: RANGE.time_of_generation_min,
    });
    expect(reversed.text).toContain('must be before');
    const future = await call(harness, 'analytics', {
      metric: 'requests',
      time_of_generation_min: '2999-01-01T00:00:00Z',
      time_of_generation_max: '2999-01-02T00:00:00Z',
    });
    expect(future.text).toContain('in the future');
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('a 403 names analytics.view; a 5xx is retried then reported', async () => {
    harness = await startHarness({
      routes: (app) => {
        app.get('/analytics/graphs/latency', (c) => c.json({ success: false, data: { message: 'Forbidden' } }, 403));
        app.get('/analytics/graphs/tokens', (c) => c.text('upstream timeout', 504));
      },
    });
    expect((await call(harness, 'analytics', { metric: 'latency', ...RANGE })).text).toContain('"analytics.view"');
    const down = await call(harness, 'analytics', { metric: 'tokens', ...RANGE });
    expect(down.text).toMatch(/504/);
    expect(callsTo(harness, '/analytics/graphs/tokens').length).toBe(4);
  });
});

describe('analytics_groups', () => {
  it('groups by user with paging, dropping the per-row object tag', async () => {
    harness = await startHarness({ routes: (app) => app.get('/analytics/groups/users', (c) => c.json(userGroups)) });
    const result = await call(harness, 'analytics_groups', { group_by: 'users', ...RANGE, page_size: 2 });
    expect(result.data).toEqual({
      group_by: 'users',
      endpoint: '/analytics/groups/users',
      groups: [
        { user: 'user_1', requests: '120', cost: '450' },
        { user: 'user_2', requests: '80', cost: '300' },
      ],
      total: 3,
      current_page: 0,
      next_page: 1,
    });
    expect(callsTo(harness, '/analytics/groups/users')[0]?.query).toMatchObject({ current_page: '0', page_size: '2' });
  });

  it('groups by a metadata key, which is required for that grouping', async () => {
    harness = await startHarness({ routes: (app) => app.get('/analytics/groups/metadata/env', (c) => c.json({ object: 'list', total: 0, data: [] })) });
    expect((await call(harness, 'analytics_groups', { group_by: 'metadata', ...RANGE })).text).toContain('metadata_key');
    const result = await call(harness, 'analytics_groups', { group_by: 'metadata', metadata_key: 'env', ...RANGE });
    expect(result.data).toMatchObject({ endpoint: '/analytics/groups/metadata/env', groups: [], total: 0 });
  });
});
