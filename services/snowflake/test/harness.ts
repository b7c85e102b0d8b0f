import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type Env, type ServiceHarness, startServiceHarness } from '@mcp/testing';
import { HEALTH_STATEMENT } from '../src/client.js';
import { createSnowflakeService } from '../src/server.js';
import { type FakeOptions, type FakeSnowflake, startSnowflake, text } from './fake-snowflake.js';

export { textOf, type ToolResult } from '@mcp/testing';

/** One RSA key pair per test file: the service signs with the private key, the fake verifies with the public one. */
let keys: { privatePem: string; publicKey: KeyObject; privateKey: KeyObject } | undefined;
export function testKeys() {
  if (!keys) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = { privatePem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKey: pair.publicKey, privateKey: pair.privateKey };
  }
  return keys;
}

/** Settings of a fully configured key-pair service pointed at a fake Snowflake. */
export function testEnv(fake: FakeSnowflake, extra: Env = {}): Env {
  return {
    LOG_LEVEL: 'silent',
    SNOWFLAKE_BASE_URL: fake.upstream.url,
    SNOWFLAKE_ACCOUNT: 'xy12345.us-east-1',
    SNOWFLAKE_USER: 'fleet_bot',
    SNOWFLAKE_PRIVATE_KEY: testKeys().privatePem,
    SNOWFLAKE_WAREHOUSE: 'ANALYTICS_WH',
    SNOWFLAKE_ROLE: 'READER',
    ...extra,
  };
}

/** A fake Snowflake that answers the health statement like a real account. */
export async function startFake(options: FakeOptions = {}): Promise<FakeSnowflake> {
  const fake = await startSnowflake({ publicKey: testKeys().publicKey, ...options });
  fake.on(HEALTH_STATEMENT, {
    kind: 'result',
    rowType: [text('CURRENT_ACCOUNT()'), text('CURRENT_USER()'), text('CURRENT_ROLE()'), text('CURRENT_WAREHOUSE()')],
    partitions: [[['XY12345', 'FLEET_BOT', 'READER', 'ANALYTICS_WH']]],
  });
  return fake;
}

export type Harness = ServiceHarness<ReturnType<typeof createSnowflakeService>, FakeSnowflake> & { fake: FakeSnowflake };

/** The service in-process (no socket), driven by the SDK client, against a fake Snowflake. */
export async function startHarness(options: { env?: Env; fake?: FakeOptions } = {}): Promise<Harness> {
  const h = await startServiceHarness({ upstream: () => startFake(options.fake), createService: (fake) => createSnowflakeService(testEnv(fake, options.env)) });
  return { ...h, fake: h.upstream };
}
