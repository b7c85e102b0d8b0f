import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, call, callsTo, type Harness, startHarness } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('health_check', () => {
  it('proves the key with GET /configs, sending x-portkey-api-key and the workspace', async () => {
    harness = await startHarness({ env: { PORTKEY_ADMIN_WORKSPACE_ID: 'ws-myworkspace' } });
    const result = await call(harness, 'health_check');
    expect(result.isError).toBe(false);
    expect(result.data).toMatchObject({ ok: true, identity: 'PORTKEY_ADMIN_API_KEY', workspace: 'ws-myworkspace', configs: 2 });
    const sent = callsTo(harness, '/configs')[0];
    expect(sent?.headers['x-portkey-api-key']).toBe(API_KEY);
    expect(sent?.query).toEqual({ workspace_id: 'ws-myworkspace' });
  });

  it('falls back to PORTKEY_API_KEY and says so', async () => {
    harness = await startHarness({ env: { PORTKEY_ADMIN_API_KEY: undefined, PORTKEY_API_KEY: 'pk-fallback-9876' } });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: true, identity: 'PORTKEY_API_KEY' });
    expect(callsTo(harness, '/configs')[0]?.headers['x-portkey-api-key']).toBe('pk-fallback-9876');
  });

  it('a 401 gives ok: false naming the variable that holds the key', async () => {
    harness = await startHarness({ routes: (app) => app.get('/configs', (c) => c.json({ success: false, data: { message: 'Invalid API Key' } }, 401)) });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: false, error: expect.stringContaining('PORTKEY_ADMIN_API_KEY') });
    expect((result.data as { error: string }).error).not.toContain(API_KEY);
  });

  it('a 403 names the configs.list scope', async () => {
    harness = await startHarness({
      routes: (app) => app.get('/configs', (c) => c.json({ success: false, data: { message: 'You do not have enough permissions' } }, 403)),
    });
    const result = await call(harness, 'health_check');
    expect((result.data as { error: string }).error).toContain('"configs.list"');
  });

  it('a 503 gives ok: false, without retrying', async () => {
    harness = await startHarness({ routes: (app) => app.get('/configs', (c) => c.text('maintenance', 503)) });
    const result = await call(harness, 'health_check');
    expect(result.data).toMatchObject({ ok: false, error: expect.stringMatching(/503/) });
    expect(callsTo(harness, '/configs')).toHaveLength(1);
  });
});
