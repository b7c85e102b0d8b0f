import * as models from '@kubernetes/client-node/dist/gen/models/all.js';

/**
 * Validation of rendered manifests:
 *   1. against the Kubernetes OpenAPI schemas (kubernetes-models; the Prometheus Operator
 *      CRDs from @kubernetes-models/prometheus-operator): types, required fields, enums;
 *   2. strictly, like the API server's `fieldValidation=Strict`: every field must exist in
 *      the object's type (from @kubernetes/client-node's models, generated from the same
 *      OpenAPI spec), which the schemas in 1 do not check (they allow unknown fields, so a
 *      typo such as `readinesProbe` would pass them and be dropped by the cluster).
 */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}

const CRD_GROUPS: Record<string, string> = { 'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1' };

export async function validateSchema(manifest: Manifest): Promise<void> {
  const module = CRD_GROUPS[manifest.apiVersion] ?? `kubernetes-models/${manifest.apiVersion}`;
  const exports = (await import(module)) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = exports[manifest.kind];
  if (!Model) throw new Error(`${module} has no ${manifest.kind}`);
  new Model(manifest).validate();
}

type AttributeMap = { baseName: string; type: string }[];
const registry = models as unknown as Record<string, { getAttributeTypeMap?: () => AttributeMap }>;
const SCALARS = new Set(['string', 'number', 'boolean', 'Date', 'IntOrString', 'object', 'any']);

/** Unknown fields of a built-in object, as paths (empty when every field is known). */
export function unknownFields(manifest: Manifest): string[] {
  const version = manifest.apiVersion.split('/').pop()!;
  const type = `${version[0]!.toUpperCase()}${version.slice(1)}${manifest.kind}`;
  if (!registry[type]?.getAttributeTypeMap) return [`(no model ${type} to check ${manifest.apiVersion} ${manifest.kind} against)`];
  const out: string[] = [];
  walk(manifest, type, manifest.kind, out);
  return out;
}

function walk(value: unknown, type: string, path: string, out: string[]): void {
  if (value === null || value === undefined || SCALARS.has(type)) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(item, array[1]!, `${path}[${i}]`, out);
    }
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value as object)) walk(v, map[1]!, `${path}.${k}`, out);
    return;
  }
  const attributes = registry[type]?.getAttributeTypeMap?.();
  if (!attributes || typeof value !== 'object') return;
  const known = new Map(attributes.map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value as object)) {
    const childType = known.get(key);
    if (childType === undefined) out.push(`${path}.${key}`);
    else walk(child, childType, `${path}.${key}`, out);
  }
}
