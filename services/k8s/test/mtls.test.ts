import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withService } from '@mcp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSchema } from '../src/env.js';
import { loadKubeConfig } from '../src/kubeconfig.js';
import { createK8sService } from '../src/server.js';
import { TOKEN } from './fake-apiserver.js';
import { textOf } from './harness.js';
import { type MtlsApiServer, startMtlsApiServer } from './mtls-apiserver.js';
import { createTestPki, type Pem, type TestPki } from '@mcp/testing';

let pki: TestPki;
let server: MtlsApiServer;

beforeAll(async () => {
  pki = await createTestPki();
  server = await startMtlsApiServer(pki);
});

afterAll(async () => {
  await server?.close();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** The common kubeconfig shape: cluster CA inline, client certificate as files, plus a token. */
function kubeconfig(ca: Pem, extraCluster = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-mtls-'));
  writeFileSync(join(dir, 'client.crt'), pki.client.cert);
  writeFileSync(join(dir, 'client.key'), pki.client.key);
  const path = join(dir, 'config');
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters:
- name: mtls
  cluster:
    server: ${server.url}
    certificate-authority-data: ${b64(ca.cert)}
${extraCluster}
users:
- name: admin
  user:
    client-certificate: ${join(dir, 'client.crt')}
    client-key: ${join(dir, 'client.key')}
    token: ${TOKEN}
contexts:
- name: mtls
  context: { cluster: mtls, user: admin, namespace: default }
current-context: mtls
`,
  );
  return path;
}

describe('k8s over mTLS (cluster CA + client certificate from the kubeconfig)', () => {
  it('maps the kubeconfig TLS material onto the runtime pool', () => {
    const loaded = loadKubeConfig(envSchema.parse({ K8S_KUBECONFIG: kubeconfig(pki.ca) }));
    expect(loaded?.needsSdkTls).toBe(false);
    expect(loaded?.tls?.ca?.toString()).toBe(pki.ca.cert);
    expect(loaded?.tls?.cert?.toString()).toBe(pki.client.cert);
    expect(loaded?.tls?.key?.toString()).toBe(pki.client.key);
  });

  it('an unreadable client certificate file stops start-up naming the field and the variable', () => {
    const path = kubeconfig(pki.ca);
    rmSync(join(dirname(path), 'client.key'));
    expect(() => loadKubeConfig(envSchema.parse({ KUBECONFIG: path }))).toThrow(/KUBECONFIG is invalid \(cannot read client-key .*client\.key: ENOENT\)/);
  });

  it('lists deployments through the runtime pool, presenting the client certificate', async () => {
    const before = server.clients.length;
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: kubeconfig(pki.ca) }), async (service, client) => {
      const result = await client.callTool({ name: 'list_deployments', arguments: {} });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ namespace: 'default', deployments: [{ name: 'web' }, { name: 'api' }] });
      const health = await client.callTool({ name: 'health_check', arguments: {} });
      expect(health.structuredContent).toMatchObject({ ok: true, transport: 'runtime-pool' });
      const metrics = await (await service.fetch(new Request('http://127.0.0.1/metrics'))).text();
      expect(metrics).toMatch(/mcp_upstream_requests_total\{[^}]*upstream="kubernetes"[^}]*status="200"[^}]*\} [1-9]/);
    });
    expect(server.clients.slice(before)).toContain('mcp-agent');
  });

  it('a CA that did not sign the API server certificate gives a clear TLS error, not a crash', async () => {
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: kubeconfig(pki.otherCa) }), async (_service, client) => {
      const result = await client.callTool({ name: 'list_pods', arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/failed the TLS handshake \(SELF_SIGNED_CERT_IN_CHAIN\).*context "mtls"/);
      const again = await client.callTool({ name: 'list_pods', arguments: {} });
      expect(again.isError).toBe(true);
    });
  });

  it('insecure-skip-tls-verify still presents the client certificate', async () => {
    const path = kubeconfig(pki.otherCa, '    insecure-skip-tls-verify: true');
    await withService(createK8sService({ LOG_LEVEL: 'silent', K8S_KUBECONFIG: path }), async (_service, client) => {
      const result = await client.callTool({ name: 'list_deployments', arguments: {} });
      expect(result.isError).toBeFalsy();
    });
  });
});
