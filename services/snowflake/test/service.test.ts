import { connectInProcess } from '@mcp/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createSnowflakeService } from '../src/server.js';
import { type Harness, startHarness, textOf } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface HealthBody {
  status: string;
  components: Record<string, { status: string; message?: string; metadata?: Record<string, unknown> }>;
}

async function healthOf(service: { fetch(request: Request): Promise<Response> }) {
  const res = await service.fetch(new Request('http://localhost/health'));
  return { status: res.status, body: (await res.json()) as HealthBody };
}

describe('snowflake service', () => {
  it('is healthy against a working account, the probe naming who the credentials are', async () => {
    harness = await startHarness();
    const { status, body } = await healthOf(harness.service);
    expect(status).toBe(200);
    expect(body.status).toBe('healthy');
    expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed', identity: 'FLEET_BOT in XY12345' } });
    expect(body.components['upstream:snowflake']?.metadata).toMatchObject({ circuit: 'closed' });
  });

  it('without configuration it starts degraded, and tools name the missing variables', async () => {
    const service = createSnowflakeService({ LOG_LEVEL: 'silent' });
    const client = await connectInProcess(service);
    try {
      const { status, body } = await healthOf(service);
      expect(status).toBe(200);
      expect(body.status).toBe('degraded');
      expect(body.components.configuration?.message).toContain('SNOWFLAKE_ACCOUNT');
      expect(body.components.configuration?.message).toContain('SNOWFLAKE_PRIVATE_KEY_PATH');
      const result = await client.callTool({ name: 'run_query', arguments: { sql: 'SELECT 1' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('SNOWFLAKE_ACCOUNT');
    } finally {
      await client.close();
      await service.stop();
    }
  });

  it('key-pair mode without a user names SNOWFLAKE_USER', async () => {
    const service = createSnowflakeService({ LOG_LEVEL: 'silent', SNOWFLAKE_ACCOUNT: 'myorg-acct', SNOWFLAKE_PRIVATE_KEY_PATH: '/nonexistent' });
    try {
      const { body } = await healthOf(service);
      expect(body.components.configuration?.message).toBe('Missing configuration: SNOWFLAKE_USER');
    } finally {
      await service.stop();
    }
  });

  it('an invalid setting stops start-up with one line naming the variable', async () => {
    await expect(createSnowflakeService({ LOG_LEVEL: 'silent', SNOWFLAKE_TIMEOUT_MS: 'soon' }).init()).rejects.toThrow(
      /^Invalid configuration: SNOWFLAKE_TIMEOUT_MS is invalid/,
    );
    await expect(createSnowflakeService({ LOG_LEVEL: 'silent', SNOWFLAKE_AUTH: 'password' }).init()).rejects.toThrow(
      /^Invalid configuration: SNOWFLAKE_AUTH is invalid/,
    );
  });

  it('an unreadable or invalid private key stops start-up naming the variable', async () => {
    const base = { LOG_LEVEL: 'silent', SNOWFLAKE_ACCOUNT: 'myorg-acct', SNOWFLAKE_USER: 'bot' };
    await expect(createSnowflakeService({ ...base, SNOWFLAKE_PRIVATE_KEY_PATH: '/nonexistent/key.p8' }).init()).rejects.toThrow(
      /^Invalid configuration: SNOWFLAKE_PRIVATE_KEY_PATH is invalid \(cannot read the file: ENOENT\)/,
    );
    await expect(createSnowflakeService({ ...base, SNOWFLAKE_PRIVATE_KEY: 'not a key' }).init()).rejects.toThrow(
      /^Invalid configuration: SNOWFLAKE_PRIVATE_KEY is invalid \(not a PEM private key/,
    );
  });

  it('is read-only by default: only read-only tools are listed', async () => {
    harness = await startHarness();
    const { tools } = await harness.client.listTools();
    expect(tools.map((t) => t.name)).not.toContain('execute_statement');
    expect(tools.map((t) => t.name)).not.toContain('cancel_statement');
    for (const tool of tools) expect(tool.annotations?.readOnlyHint).toBe(true);
  });

  it('SNOWFLAKE_READ_ONLY=false lists execute_statement (destructive) and cancel_statement (write, not destructive)', async () => {
    harness = await startHarness({ env: { SNOWFLAKE_READ_ONLY: 'false' } });
    const { tools } = await harness.client.listTools();
    const execute = tools.find((t) => t.name === 'execute_statement');
    expect(execute?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(tools.find((t) => t.name === 'cancel_statement')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
  });
});
