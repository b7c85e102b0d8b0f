import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_STATEMENT } from '../../src/client.js';
import { type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('health_check', () => {
  it('runs the metadata-only statement and reports who the credentials are', async () => {
    harness = await startHarness();
    const result = await harness.call('health_check');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      ok: true,
      identity: 'FLEET_BOT in XY12345',
      role: 'READER',
      warehouse: 'ANALYTICS_WH',
      authMode: 'keypair',
    });
    expect(textOf(result)).toMatch(/answered in \d+ ms as FLEET_BOT in XY12345, role READER, warehouse ANALYTICS_WH \(keypair auth\)/);
    expect(JSON.parse(harness.fake.upstream.requests[0]?.body ?? '{}')).toMatchObject({ statement: HEALTH_STATEMENT, timeout: 10 });
  });

  it('an upstream error gives ok: false with the status, without retrying', async () => {
    harness = await startHarness({ fake: { routes: (app) => app.post('/api/v2/statements', (c) => c.text('maintenance', 503)) } });
    const result = await harness.call('health_check');
    expect(result.structuredContent).toMatchObject({ ok: false });
    expect(String(result.structuredContent?.error)).toMatch(/503/);
    expect(harness.fake.upstream.requests).toHaveLength(1);
  });
});
