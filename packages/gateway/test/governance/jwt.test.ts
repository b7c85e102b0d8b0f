import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGovernedGateway, textOf } from './harness.js';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'https://gateway.test/mcp';

type Key = { kid: string; alg: 'RS256' | 'ES256'; privateKey: CryptoKey; jwk: JWK };
async function newKey(kid: string, alg: Key['alg']): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The issuer's JWKS endpoint: serves whichever keys the test publishes, counts fetches. */
async function startJwks(initial: Key[]) {
  let keys = initial;
  let fetches = 0;
  const server: Server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    publish: (next: Key[]) => {
      keys = next;
    },
    fetches: () => fetches,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const sign = (key: Key, claims: Record<string, unknown>, options: { iss?: string; aud?: string; exp?: string | number; sub?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject(options.sub ?? 'alice')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(key.privateKey);

/** A raw MCP POST: authentication answers before the body is read. */
const post = (url: string, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
  });

describe('JWT bearer tokens (OAuth resource-server mode)', () => {
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let h: Awaited<ReturnType<typeof startGovernedGateway>>;
  let rsa: Key;
  let ec: Key;

  beforeAll(async () => {
    rsa = await newKey('rsa-1', 'RS256');
    ec = await newKey('ec-1', 'ES256');
    jwks = await startJwks([rsa, ec]);
    h = await startGovernedGateway({
      GATEWAY_JWT_JWKS_URL: jwks.url,
      GATEWAY_JWT_ISSUER: ISSUER,
      GATEWAY_JWT_AUDIENCE: AUDIENCE,
      GATEWAY_JWT_JWKS_COOLDOWN_MS: '0',
      GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS: '5',
    });
  });
  afterAll(async () => {
    await h?.stop();
    await jwks?.close();
  });

  it('without credentials: 401 whose challenge points at the Protected Resource Metadata, which names the issuer', async () => {
    const res = await post(h.gatewayUrl);
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate')!;
    const base = h.gatewayUrl.replace(/\/mcp$/, '');
    expect(challenge).toBe(`Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"`);
    const prm = await fetch(`${base}/.well-known/oauth-protected-resource/mcp`);
    expect(prm.status).toBe(200);
    expect(await prm.json()).toMatchObject({ resource: h.gatewayUrl, authorization_servers: [ISSUER], bearer_methods_supported: ['header'] });
  });

  it('a valid token is an identity with the scopes of its claim: listing filtered, calls outside refused and audited', async () => {
    const token = await sign(rsa, { scope: 'openid ns:github read-only', client_id: 'agent-1' });
    const client = await h.connectAs(token);
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['github_read_item']);
    expect(textOf(await client.callTool({ name: 'github_read_item', arguments: { id: '3' } }))).toContain('3');
    const denied = await client.callTool({ name: 'slack_read_item', arguments: { id: '3' } });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toMatch(/Not allowed to call slack_read_item: this key is limited to namespaces github/);
    await client.close();
    const audit = (await (await h.admin('/api/v1/audit?identity=jwt:alice')).json()) as { entries: { tool: string; outcome: string }[] };
    expect(audit.entries.map((e) => [e.tool, e.outcome])).toEqual([
      ['slack_read_item', 'denied'],
      ['github_read_item', 'success'],
    ]);
  });

  it('an `scp` array claim and tool globs work too (ES256); a token granting nothing sees nothing', async () => {
    const token = await sign(ec, { scp: ['tool:slack_*_item'] }, { sub: 'bob' });
    const client = await h.connectAs(token);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['slack_delete_item', 'slack_read_item', 'slack_write_item']);
    await client.close();
    const nothing = await h.connectAs(await sign(ec, { scope: 'openid profile' }, { sub: 'carol' }));
    expect((await nothing.listTools()).tools).toEqual([]);
    const refused = await nothing.callTool({ name: 'github_read_item', arguments: {} });
    expect(textOf(refused)).toMatch(/granted no namespace or tool/);
    await nothing.close();
  });

  it('expired, wrong audience, wrong issuer, not-yet-valid, unknown kid, forbidden algorithm: 401 invalid_token with the reason', async () => {
    const now = Math.floor(Date.now() / 1000);
    const other = await newKey('not-published', 'RS256');
    const hs = await new SignJWT({ scope: 'ns:*' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a shared secret that must never be accepted'));
    const cases: [string, string][] = [
      [await sign(rsa, { scope: 'ns:*' }, { exp: now - 60 }), 'the token has expired'],
      [await sign(rsa, { scope: 'ns:*' }, { aud: 'https://other.test' }), 'the token is meant for another audience'],
      [await sign(rsa, { scope: 'ns:*' }, { iss: 'https://evil.test' }), 'the token was issued by another issuer'],
      [await sign(rsa, { scope: 'ns:*', nbf: now + 600 }), 'the token is not valid yet'],
      [await sign(other, { scope: 'ns:*' }), "no key of the issuer's key set matches the token's key id"],
      [hs, 'the token is signed with an algorithm this gateway does not accept'],
    ];
    for (const [token, reason] of cases) {
      const res = await post(h.gatewayUrl, token);
      expect(res.status, reason).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain(`error="invalid_token", error_description="${reason.replace(/"/g, '')}"`);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(reason);
    }
    // Within the clock tolerance (5 s) a just-expired token still passes.
    expect((await post(h.gatewayUrl, await sign(rsa, { scope: 'ns:*' }, { exp: now - 2 }))).status).toBe(200);
  });

  it('key rotation: a token with a new kid makes the gateway refetch the key set; the retired key stops working', async () => {
    const next = await newKey('rsa-2', 'RS256');
    const before = jwks.fetches();
    jwks.publish([next, ec]);
    const client = await h.connectAs(await sign(next, { scope: 'ns:github' }, { sub: 'dave' }));
    expect((await client.listTools()).tools.length).toBe(3);
    await client.close();
    expect(jwks.fetches()).toBeGreaterThan(before);
    const retired = await post(h.gatewayUrl, await sign(rsa, { scope: 'ns:github' }));
    expect(retired.status).toBe(401);
  });

  it('API keys keep working beside tokens', async () => {
    const { key } = await h.createKey('ops', { namespaces: ['slack'] });
    const client = await h.connectAs(key);
    expect((await client.listTools()).tools.map((t) => t.name).sort()).toEqual(['slack_delete_item', 'slack_read_item', 'slack_write_item']);
    await client.close();
    expect((await post(h.gatewayUrl, 'mcpgw_not-a-real-key')).headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('JWT mode with the key set unreachable', () => {
  let h: Awaited<ReturnType<typeof startGovernedGateway>>;
  let key: Key;
  beforeAll(async () => {
    key = await newKey('k', 'RS256');
    // A port that was just free: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    h = await startGovernedGateway({
      GATEWAY_JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      GATEWAY_JWT_ISSUER: ISSUER,
      GATEWAY_RESOURCE_URL: AUDIENCE,
      GATEWAY_JWT_JWKS_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => h?.stop());

  it('answers 503 with Retry-After (not a 401, not a crash) and keeps serving', async () => {
    const res = await post(h.gatewayUrl, await sign(key, { scope: 'ns:*' }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/key set \(GATEWAY_JWT_JWKS_URL\) could not be fetched/);
    const base = h.gatewayUrl.replace(/\/mcp$/, '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // GATEWAY_RESOURCE_URL is the resource (and the default audience) the metadata names.
    const prm = (await (await fetch(`${base}/.well-known/oauth-protected-resource`)).json()) as { resource: string };
    expect(prm.resource).toBe(AUDIENCE);
    expect((await post(h.gatewayUrl)).headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="https://gateway.test/.well-known/oauth-protected-resource/mcp"',
    );
  });
});
