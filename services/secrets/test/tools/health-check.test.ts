import { afterEach, describe, expect, it } from 'vitest';
import { HEALTH_PATH } from '../../src/client.js';
import { EXPECTED_AUTH, type Harness, startHarness, textOf } from '../harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('health_check', () => {
  it('reports ok, the identity and the quota left, sending the credentials', async () => {
    harness = await startHarness();
    const result = await harness.client.callTool({ name: 'health_check', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ ok: true, identity: 'fleet-bot', rateLimit: { limit: 5000, remaining: 4999 } });
    expect(textOf(result)).toMatch(/answered in \d+ ms as fleet-bot; 4999 requests left/);
    const call = harness.upstream.requests.find((r) => r.path === HEALTH_PATH);
    expect(call?.method).toBe('GET');
    if (EXPECTED_AUTH) expect(call?.headers[EXPECTED_AUTH.header]).toBe(EXPECTED_AUTH.value);
  });

  it('an upstream error gives ok: false with the status, without retrying', async () => {
    harness = await startHarness({ routes: (app) => app.get(HEALTH_PATH, (c) => c.text('maintenance', 503)) });
    const result = await harness.client.callTool({ name: 'health_check', arguments: {} });
    expect(result.structuredContent).toMatchObject({ ok: false });
    expect((result.structuredContent as { error: string }).error).toMatch(/503/);
    expect(harness.upstream.requests.filter((r) => r.path === HEALTH_PATH)).toHaveLength(1);
  });
});
