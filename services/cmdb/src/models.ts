import * as z from 'zod';

/**
 * The CMDB's records as the store returns them and tools hand them out
 * (snake_case, as the data model's columns). Names, attributes and history
 * come from people and discovery feeds: untrusted text.
 */
export const ENVIRONMENTS = ['prod', 'staging', 'dev', 'test'] as const;
export const CI_STATUSES = ['planned', 'active', 'maintenance', 'retired'] as const;
export const RELATIONSHIP_TYPES = ['depends_on', 'runs_on', 'hosted_on', 'connects_to', 'part_of', 'uses', 'backed_up_by', 'managed_by'] as const;
export const HISTORY_OPS = ['create', 'update', 'retire', 'relate', 'unrelate', 'purge'] as const;

export const environmentSchema = z.enum(ENVIRONMENTS);
export const ciStatusSchema = z.enum(CI_STATUSES);
export const relationshipTypeSchema = z.enum(RELATIONSHIP_TYPES);
export type RelationshipType = z.infer<typeof relationshipTypeSchema>;

export const ciIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'a CI id (26-character ULID)');
export const typeNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'snake_case, starting with a letter');

export const tagSchema = z.object({ key: z.string().min(1).max(64), value: z.string().max(256) });
export type Tag = z.infer<typeof tagSchema>;

export const ciSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  environment: environmentSchema.nullable(),
  status: ciStatusSchema,
  owner: z.string().nullable(),
  team: z.string().nullable(),
  criticality: z.number().int().describe('1 (low) … 5 (critical)'),
  attributes: z.record(z.string(), z.unknown()),
  source: z.string().describe('Where the record comes from: manual, azure, gcp, k8s, vmware, …'),
  external_id: z.string().nullable().describe('Its id in that source; (source, external_id) is unique'),
  version: z.number().int().describe('Optimistic-lock version: pass it as expected_version to update safely'),
  created_at: z.string(),
  updated_at: z.string(),
  retired_at: z.string().nullable(),
  tags: z.array(tagSchema),
});
export type Ci = z.infer<typeof ciSchema>;

export const ciRefSchema = z.object({ id: z.string(), type: z.string(), name: z.string(), status: ciStatusSchema });
export type CiRef = z.infer<typeof ciRefSchema>;

export const relationshipSchema = z.object({
  id: z.string(),
  source_ci_id: z.string(),
  target_ci_id: z.string(),
  type: relationshipTypeSchema,
  weight: z.number().describe('0–1: how much the source relies on the target'),
  attributes: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type Relationship = z.infer<typeof relationshipSchema>;

export const relationshipViewSchema = relationshipSchema.extend({
  direction: z.enum(['outgoing', 'incoming']).describe('outgoing: this CI is the source'),
  other: ciRefSchema.describe('The CI at the other end'),
});
export type RelationshipView = z.infer<typeof relationshipViewSchema>;

export const historySchema = z.object({
  id: z.number().int(),
  ci_id: z.string(),
  changed_at: z.string(),
  actor: z.string(),
  op: z.enum(HISTORY_OPS),
  diff: z.array(z.record(z.string(), z.unknown())).describe('RFC 6902 JSON Patch from the previous state'),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historySchema>;

export const ciTypeSchema = z.object({
  name: z.string(),
  attribute_schema: z.record(z.string(), z.unknown()).describe('JSON Schema the attributes of this type must satisfy'),
  icon: z.string().nullable(),
  description: z.string().nullable(),
  ci_count: z.number().int(),
});
export type CiType = z.infer<typeof ciTypeSchema>;

export const storeHealthSchema = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  version: z.string(),
  identity: z.string().describe('The database file (SQLite) or current_user@database (PostgreSQL)'),
  schema_version: z.number().int(),
  full_text: z.boolean(),
  integrity: z.string().describe('"ok", or what PRAGMA quick_check found'),
  counts: z.object({
    ci_types: z.number().int(),
    configuration_items: z.number().int(),
    active_items: z.number().int().describe('Not retired'),
    relationships: z.number().int(),
  }),
});
export type StoreHealth = z.infer<typeof storeHealthSchema>;
