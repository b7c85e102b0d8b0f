import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ToolError, UpstreamUnavailableError } from '../../src/errors/tool-errors.js';
import { createUpstreamClient, type UpstreamClient, type UpstreamClientOptions } from '../../src/upstream/index.js';
import { createTestPki, leaf, type TestPki } from '@mcp/testing';

let pki: TestPki;
let server: Server;
let url: string;
let hits = 0;
let client: UpstreamClient | undefined;

/** An HTTPS upstream that demands a client certificate signed by the test CA (mTLS). */
beforeAll(async () => {
  pki = await createTestPki();
  server = createServer({ ...pki.server, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    hits += 1;
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ path: req.url, clientCn: peer.subject?.CN }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

function connect(tls: UpstreamClientOptions['tls'], extra: Partial<UpstreamClientOptions> = {}): UpstreamClient {
  client = createUpstreamClient({ service: 'tls-test', name: 'secure', baseUrl: url, retryBaseDelayMs: 10, timeoutMs: 3000, tls, ...extra });
  return client;
}

async function failure(promise: Promise<unknown>): Promise<ToolError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  return error as ToolError;
}

describe('upstream TLS options', () => {
  it('talks mTLS with the right CA and client certificate', async () => {
    const body = await connect({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key }).get<{ path: string; clientCn: string }>('/v1/ping');
    expect(body).toEqual({ path: '/v1/ping', clientCn: 'mcp-agent' });
  });

  it('a wrong CA is a clear upstream_unavailable naming TLS, tried once, and the client keeps working', async () => {
    const before = hits;
    const bad = connect({ ca: pki.otherCa.cert, cert: pki.client.cert, key: pki.client.key });
    const error = await failure(bad.get('/v1/ping'));
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect(error.message).toMatch(/secure failed the TLS handshake \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/);
    expect(error.message).not.toMatch(/after \d+ attempts/);
    expect(hits).toBe(before);
    // Same failure again: the process and the pool are fine, nothing crashed.
    await expect(bad.get('/v1/ping')).rejects.toBeInstanceOf(UpstreamUnavailableError);
  });

  it('decrypts an encrypted client key with the passphrase', async () => {
    const locked = await leaf(pki.ca, 'locked-agent', { clientAuth: true }, 's3cret');
    expect(locked.key).toContain('ENCRYPTED PRIVATE KEY');
    const body = await connect({ ca: pki.ca.cert, ...locked, passphrase: 's3cret' }).get<{ clientCn: string }>('/');
    expect(body.clientCn).toBe('locked-agent');
  });

  it('without a client certificate the server refuses the connection', async () => {
    const error = await failure(connect({ ca: pki.ca.cert }, { retries: 0 }).get('/v1/ping'));
    expect(error.code).toBe('upstream_unavailable');
  });

  it('servername verifies the certificate against another name than the URL host', async () => {
    const body = await connect({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, servername: 'localhost' }).get<{ clientCn: string }>('/');
    expect(body.clientCn).toBe('mcp-agent');
    const error = await failure(connect({ ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, servername: 'k8s.example.com' }).get('/'));
    expect(error.message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it('disabling verification works only when asked, and warns once per upstream', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_obj: unknown, msg: string) => warnings.push(msg) } as unknown as UpstreamClientOptions['logger'];
    const insecure = { cert: pki.client.cert, key: pki.client.key, rejectUnauthorized: false };
    expect(await connect(insecure, { logger, name: 'insecure' }).get<{ clientCn: string }>('/')).toMatchObject({ clientCn: 'mcp-agent' });
    await client?.close();
    connect(insecure, { logger, name: 'insecure' });
    expect(warnings).toEqual([expect.stringContaining('TLS certificate verification is DISABLED for upstream insecure')]);
  });

  it('a certificate without its key is refused at construction', () => {
    expect(() => createUpstreamClient({ service: 'tls-test', name: 'half', baseUrl: url, tls: { cert: pki.client.cert } })).toThrow(
      /needs both cert and key \(got only cert\)/,
    );
  });
});
