import type { RelationshipType } from './models.js';

/**
 * The CI types the CMDB starts with (migration 1 seeds them; ci_type_upsert
 * adds or changes types later). Attribute schemas describe the usual fields
 * and allow others: discovery feeds carry more than any list foresees.
 * Released seed data is part of a migration: change it through a new one.
 */
const s = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  properties,
  ...(required.length && { required }),
  additionalProperties: true,
});
const str = { type: 'string', maxLength: 512 };
const int = (minimum = 0, maximum?: number) => ({ type: 'integer', minimum, ...(maximum !== undefined && { maximum }) });
const num = { type: 'number', minimum: 0 };

export const BUILTIN_TYPES: ReadonlyArray<{ name: string; icon: string; description: string; attribute_schema: Record<string, unknown> }> = [
  {
    name: 'server',
    icon: 'server',
    description: 'Physical host',
    attribute_schema: s({ hostname: str, ip: str, os: str, cpu_cores: int(1), memory_gb: num, location: str }),
  },
  {
    name: 'vm',
    icon: 'vm',
    description: 'Virtual machine',
    attribute_schema: s({ hostname: str, ip: str, os: str, cpu_cores: int(1), memory_gb: num, hypervisor: str, region: str }),
  },
  {
    name: 'container',
    icon: 'container',
    description: 'Container (outside Kubernetes)',
    attribute_schema: s({ image: str, registry: str, ports: { type: 'array', items: int(1, 65535) } }),
  },
  { name: 'k8s_cluster', icon: 'k8s', description: 'Kubernetes cluster', attribute_schema: s({ version: str, provider: str, region: str, node_count: int() }) },
  {
    name: 'k8s_workload',
    icon: 'k8s-workload',
    description: 'Kubernetes workload',
    attribute_schema: s({ namespace: str, kind: { enum: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] }, replicas: int(), image: str }),
  },
  { name: 'service', icon: 'service', description: 'Network service or API', attribute_schema: s({ url: str, port: int(1, 65535), protocol: str }) },
  { name: 'application', icon: 'app', description: 'Application', attribute_schema: s({ version: str, repository: str, language: str }) },
  { name: 'database', icon: 'database', description: 'Database', attribute_schema: s({ engine: str, version: str, port: int(1, 65535), size_gb: num }) },
  { name: 'queue', icon: 'queue', description: 'Message queue or topic', attribute_schema: s({ engine: str, topic: str }) },
  {
    name: 'load_balancer',
    icon: 'lb',
    description: 'Load balancer',
    attribute_schema: s({ dns_name: str, listeners: { type: 'array', items: int(1, 65535) } }),
  },
  { name: 'network_device', icon: 'network', description: 'Switch, router, firewall', attribute_schema: s({ vendor: str, model: str, mgmt_ip: str }) },
  { name: 'storage', icon: 'storage', description: 'Storage system, bucket or volume', attribute_schema: s({ kind: str, capacity_gb: num }) },
  {
    name: 'dns_record',
    icon: 'dns',
    description: 'DNS record',
    attribute_schema: s({ fqdn: str, record_type: { enum: ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'CAA', 'PTR'] }, value: str, ttl: int() }),
  },
  { name: 'saas_integration', icon: 'saas', description: 'External SaaS dependency', attribute_schema: s({ vendor: str, url: str }) },
  { name: 'business_service', icon: 'business', description: 'Business service offered to users', attribute_schema: s({ description: str, sla: str }) },
];

const BUILTIN = new Set(BUILTIN_TYPES.map((t) => t.name));
const COMPUTE = ['vm', 'server', 'k8s_cluster'];

/**
 * Which built-in types may sit at each end of a relationship (custom types are
 * not constrained). E.g. `runs_on`: application|service|container|… → vm|server|k8s_cluster.
 */
export const RELATIONSHIP_CONSTRAINTS: Partial<Record<RelationshipType, { source?: readonly string[]; target?: readonly string[] }>> = {
  runs_on: { source: ['application', 'service', 'container', 'k8s_workload', 'database', 'queue'], target: COMPUTE },
  hosted_on: { source: [...BUILTIN].filter((t) => t !== 'business_service'), target: [...COMPUTE, 'storage', 'saas_integration'] },
  part_of: { target: ['business_service', 'application', 'service', 'k8s_cluster'] },
  backed_up_by: { target: ['storage', 'service', 'saas_integration'] },
};

/** Why a relationship of this type between these types is not allowed, or undefined when it is. */
export function relationshipViolation(type: RelationshipType, sourceType: string, targetType: string): string | undefined {
  const rule = RELATIONSHIP_CONSTRAINTS[type];
  if (!rule) return undefined;
  if (rule.source && BUILTIN.has(sourceType) && !rule.source.includes(sourceType)) {
    return `a ${sourceType} cannot be the source of ${type} (allowed: ${rule.source.join(', ')})`;
  }
  if (rule.target && BUILTIN.has(targetType) && !rule.target.includes(targetType)) {
    return `${type} cannot point at a ${targetType} (allowed: ${rule.target.join(', ')})`;
  }
  return undefined;
}

/**
 * Impact semantics: which way failure flows along each relationship type.
 * `A depends_on|runs_on|hosted_on|uses B`: B failing impacts A (target → source).
 * `A part_of B`: A failing impacts B (source → target: child → parent).
 * `connects_to` counts only with weight ≥ 0.5. backed_up_by and managed_by
 * are informational: traversed only when asked for explicitly.
 */
export const IMPACT_EDGE_TYPES: readonly RelationshipType[] = ['depends_on', 'runs_on', 'hosted_on', 'uses', 'part_of', 'connects_to'];
export const FORWARD_FLOW: ReadonlySet<RelationshipType> = new Set(['part_of']);
export const CONNECTS_TO_MIN_WEIGHT = 0.5;
/** Score decay per hop beyond the first. */
export const DEPTH_DECAY = 0.8;
