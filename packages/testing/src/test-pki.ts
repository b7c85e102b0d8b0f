/**
 * Throw-away X.509 material for TLS tests: a CA, server and client certificates
 * made at test time (selfsigned), so no key is checked in and none expires.
 */
import { generate } from 'selfsigned';

export interface Pem {
  cert: string;
  key: string;
}

export interface TestPki {
  ca: Pem;
  /** Valid for 127.0.0.1 and localhost, signed by `ca`. */
  server: Pem;
  /** A client certificate (mTLS), signed by `ca`. */
  client: Pem;
  /** Another CA that signed nothing here: trusting it alone must fail verification. */
  otherCa: Pem;
}

const SANS = [
  { type: 2 as const, value: 'localhost' },
  { type: 7 as const, ip: '127.0.0.1' },
];

async function authority(cn: string): Promise<Pem> {
  const ca = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: ca.cert, key: ca.private };
}

/** `passphrase` encrypts the private key (PKCS#8). */
export async function leaf(ca: Pem, cn: string, usage: { serverAuth?: boolean; clientAuth?: boolean }, passphrase?: string): Promise<Pem> {
  const pems = await generate([{ name: 'commonName', value: cn }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ca: { cert: ca.cert, key: ca.key },
    ...(passphrase && { passphrase }),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', ...usage },
      { name: 'subjectAltName', altNames: SANS },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A fresh CA, server and client certificate per run: nothing secret is checked in, nothing expires in the repo. */
export async function createTestPki(): Promise<TestPki> {
  const ca = await authority('mcp test CA');
  const [server, client, otherCa] = await Promise.all([
    leaf(ca, 'localhost', { serverAuth: true }),
    leaf(ca, 'mcp-agent', { clientAuth: true }),
    authority('unrelated CA'),
  ]);
  return { ca, server, client, otherCa };
}
