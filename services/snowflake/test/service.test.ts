import { healthOf, serviceContractSuite } from '@mcp/testing';
import { describe, expect, it } from 'vitest';
import { createSnowflakeService } from '../src/server.js';
import { startHarness } from './harness.js';

describe('snowflake service', () => {
  serviceContractSuite({
    createService: createSnowflakeService,
    startHarness: (env) => startHarness({ env }),
    healthy: {
      title: 'is healthy against a working account, the probe naming who the credentials are',
      check: (body) => {
        expect(body.components.upstream_probe).toMatchObject({ status: 'healthy', metadata: { circuit: 'closed', identity: 'FLEET_BOT in XY12345' } });
        expect(body.components['upstream:snowflake']?.metadata).toMatchObject({ circuit: 'closed' });
      },
    },
    missingConfig: {
      mentions: ['SNOWFLAKE_ACCOUNT', 'SNOWFLAKE_PRIVATE_KEY_PATH'],
      tools: [{ name: 'run_query', arguments: { sql: 'SELECT 1' } }],
      toolMentions: 'SNOWFLAKE_ACCOUNT',
    },
    invalidSettings: [
      { name: 'SNOWFLAKE_TIMEOUT_MS', value: 'soon', error: /^Invalid configuration: SNOWFLAKE_TIMEOUT_MS is invalid/ },
      { name: 'SNOWFLAKE_AUTH', value: 'password', error: /^Invalid configuration: SNOWFLAKE_AUTH is invalid/ },
      {
        name: 'SNOWFLAKE_PRIVATE_KEY_PATH',
        value: '/nonexistent/key.p8',
        env: { SNOWFLAKE_ACCOUNT: 'myorg-acct', SNOWFLAKE_USER: 'bot' },
        error: /^Invalid configuration: SNOWFLAKE_PRIVATE_KEY_PATH is invalid \(cannot read the file: ENOENT\)/,
      },
      {
        name: 'SNOWFLAKE_PRIVATE_KEY',
        value: 'not a key',
        env: { SNOWFLAKE_ACCOUNT: 'myorg-acct', SNOWFLAKE_USER: 'bot' },
        error: /^Invalid configuration: SNOWFLAKE_PRIVATE_KEY is invalid \(not a PEM private key/,
      },
    ],
    readOnly: { title: 'is read-only by default: only read-only tools are listed', env: {}, excludes: ['execute_statement', 'cancel_statement'] },
    annotations: {
      title: 'SNOWFLAKE_READ_ONLY=false lists execute_statement (destructive) and cancel_statement (write, not destructive)',
      env: { SNOWFLAKE_READ_ONLY: 'false' },
      tools: {
        execute_statement: { readOnlyHint: false, destructiveHint: true, idempotentHint: false },
        cancel_statement: { readOnlyHint: false, destructiveHint: false },
      },
    },
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
});
