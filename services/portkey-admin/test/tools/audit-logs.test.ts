import { afterEach, describe, expect, it } from 'vitest';
import { call, callsTo, type Harness, startHarness } from '../harness.js';
import { auditLogs } from '../fixtures.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const RANGE = { start_time: '2026-02-23T00:00:00Z', end_time: '2026-02-24T00:00:00Z' };

describe('audit_logs', () => {
  it('returns records without request bodies or headers, with the organisation from the env', async () => {
    harness = await startHarness({
      env: { PORTKEY_ADMIN_ORGANISATION_ID: '472d2804-d054-4226-b4ae-9d4e2e61e69e' },
      routes: (app) => app.get('/audit-logs', (c) => c.json(auditLogs)),
    });
    const result = await call(harness, 'audit_logs', { ...RANGE, method: 'PUT', resource_type: 'config' });
    expect(result.isError).toBe(false);
    expect(result.data).toEqual({
      records: [
        {
          timestamp: '2026-02-23T10:15:00.000Z',
          method: 'PUT',
          uri: '/v1/configs/pc-pplx-c-ca7a87',
          action: 'update',
          resource_type: 'config',
          response_status_code: 200,
          user_id: '61e08f60-4822-465e-ba23-39f85cd741cb',
          user_type: 'user',
          workspace_id: 'ws-myworkspace',
          request_id: 'b1c2d3e4-0000-4000-8000-000000000001',
          client_ip: '203.0.113.7',
          country: 'DE',
        },
      ],
      total: 1,
      current_page: 0,
    });
    expect(result.text).not.toContain('sk-live-should-never-leak');
    expect(callsTo(harness, '/audit-logs')[0]?.query).toEqual({
      ...RANGE,
      organisation_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      method: 'PUT',
      resource_type: 'config',
      current_page: '0',
      page_size: '50',
    });
  });

  it('needs an organisation and a valid time range, checked before calling', async () => {
    harness = await startHarness();
    expect((await call(harness, 'audit_logs', RANGE)).text).toContain('PORTKEY_ADMIN_ORGANISATION_ID');
    expect((await call(harness, 'audit_logs', { start_time: RANGE.end_time, end_time: RANGE.start_time, organisation_id: 'org' })).text).toContain(
      'must be before',
    );
    expect((await call(harness, 'audit_logs', { start_time: 'yesterday', end_time: RANGE.end_time, organisation_id: 'org' })).isError).toBe(true);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('a 403 names audit_logs.list', async () => {
    harness = await startHarness({ routes: (app) => app.get('/audit-logs', (c) => c.json({ success: false, data: { message: 'Forbidden' } }, 403)) });
    const result = await call(harness, 'audit_logs', { ...RANGE, organisation_id: 'org' });
    expect(result.text).toContain('"audit_logs.list"');
  });
});
