import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuth, jwtAccount, publicKeyFingerprint } from '../src/auth.js';
import { envSchema } from '../src/env.js';
import { type Harness, startHarness, testKeys } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const env = (extra: Record<string, string>) => envSchema.parse({ SNOWFLAKE_ACCOUNT: 'xy12345.us-east-1', SNOWFLAKE_USER: 'fleet_bot', ...extra });

describe('key-pair JWT', () => {
  it('uses the account without region, upper-cased, as Snowflake’s generator does', () => {
    expect(jwtAccount('xy12345.us-east-1')).toBe('XY12345');
    expect(jwtAccount('xy12345.us-east-1.aws.snowflakecomputing.com')).toBe('XY12345');
    expect(jwtAccount('myorg-myaccount')).toBe('MYORG-MYACCOUNT');
    expect(jwtAccount('myorg-myaccount.global')).toBe('MYORG');
  });

  it('the fake upstream verifies the RS256 JWT it receives: iss with the public key fingerprint, sub, exp within an hour', async () => {
    harness = await startHarness();
    const result = await harness.call('health_check');
    expect(result.structuredContent).toMatchObject({ ok: true, authMode: 'keypair' });
    const claims = harness.fake.jwtClaims[0];
    const der = createPublicKey(testKeys().privateKey).export({ type: 'spki', format: 'der' });
    const fingerprint = `SHA256:${createHash('sha256').update(der).digest('base64')}`;
    expect(claims).toMatchObject({ iss: `XY12345.FLEET_BOT.${fingerprint}`, sub: 'XY12345.FLEET_BOT' });
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBeLessThanOrEqual(3600);
    const request = harness.fake.upstream.requests.find((r) => r.path === '/api/v2/statements');
    expect(request?.headers['x-snowflake-authorization-token-type']).toBe('KEYPAIR_JWT');
    expect(request?.headers['user-agent']).toMatch(/^mcp-fleet-snowflake\//);
    expect(request?.headers.accept).toBe('application/json');
  });

  it('caches the JWT until five minutes before it expires, then mints a new one', async () => {
    let now = 1_700_000_000_000;
    const auth = createAuth(env({ SNOWFLAKE_PRIVATE_KEY: testKeys().privatePem }), () => now);
    const first = (await auth.headers()).authorization;
    expect(decodeProtectedHeader(first?.slice(7) ?? '')).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect((await auth.headers()).authorization).toBe(first);
    now += 53 * 60 * 1000;
    expect((await auth.headers()).authorization).toBe(first);
    now += 2 * 60 * 1000;
    const second = (await auth.headers()).authorization;
    expect(second).not.toBe(first);
    expect(decodeJwt(second?.slice(7) ?? '').iat).toBe(Math.floor(now / 1000));
  });

  it('reads an encrypted PKCS#8 key from SNOWFLAKE_PRIVATE_KEY_PATH with its passphrase', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' }) as string;
    const path = join(mkdtempSync(join(tmpdir(), 'sf-key-')), 'rsa_key.p8');
    writeFileSync(path, pem);
    const auth = createAuth(env({ SNOWFLAKE_PRIVATE_KEY_PATH: path, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'open sesame' }));
    const token = (await auth.headers()).authorization?.slice(7) ?? '';
    expect(decodeJwt(token).iss).toBe(`XY12345.FLEET_BOT.${publicKeyFingerprint(pair.privateKey)}`);
    expect(() => createAuth(env({ SNOWFLAKE_PRIVATE_KEY_PATH: path, SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'wrong' }))).toThrow(
      /SNOWFLAKE_PRIVATE_KEY_PATH is invalid \(not a PEM private key, or SNOWFLAKE_PRIVATE_KEY_PASSPHRASE does not decrypt it\)/,
    );
  });

  it('accepts a one-line PEM with \\n escapes', async () => {
    const auth = createAuth(env({ SNOWFLAKE_PRIVATE_KEY: testKeys().privatePem.replace(/\n/g, '\\n') }));
    expect((await auth.headers()).authorization).toMatch(/^Bearer ey/);
  });

  it('rejects a non-RSA key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(() => createAuth(env({ SNOWFLAKE_PRIVATE_KEY: ec }))).toThrow(/needs an RSA key/);
  });

  it('a rejected JWT gives a 401 message naming the variables and the registration step', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    harness = await startHarness({ fake: { publicKey: other.publicKey } });
    const result = await harness.call('run_query', { sql: 'SELECT 1' });
    expect(result.isError).toBe(true);
    const text = (result.content as Array<{ text: string }>)[0]?.text ?? '';
    expect(text).toMatch(/rejected the credentials/);
    expect(text).toContain('SNOWFLAKE_PRIVATE_KEY');
    expect(text).toContain('RSA_PUBLIC_KEY');
  });
});

describe('PAT and OAuth tokens', () => {
  it('sends a PAT with PROGRAMMATIC_ACCESS_TOKEN', async () => {
    harness = await startHarness({
      env: { SNOWFLAKE_PRIVATE_KEY: undefined, SNOWFLAKE_USER: undefined, SNOWFLAKE_PAT: 'pat-secret' },
      fake: { publicKey: undefined, token: 'pat-secret' },
    });
    expect((await harness.call('health_check')).structuredContent).toMatchObject({ ok: true, authMode: 'pat' });
    expect(harness.fake.upstream.requests[0]?.headers['x-snowflake-authorization-token-type']).toBe('PROGRAMMATIC_ACCESS_TOKEN');
  });

  it('sends an OAuth token with OAUTH, and a 401 names SNOWFLAKE_OAUTH_TOKEN', async () => {
    harness = await startHarness({
      env: { SNOWFLAKE_PRIVATE_KEY: undefined, SNOWFLAKE_OAUTH_TOKEN: 'expired' },
      fake: { publicKey: undefined, token: 'fresh' },
    });
    const result = await harness.call('health_check');
    expect(result.structuredContent).toMatchObject({ ok: false, authMode: 'oauth' });
    expect(String(result.structuredContent?.error)).toContain('SNOWFLAKE_OAUTH_TOKEN');
    expect(harness.fake.upstream.requests[0]?.headers['x-snowflake-authorization-token-type']).toBe('OAUTH');
  });
});
