import * as z from 'zod';

/**
 * Shapes of Portkey Admin API payloads (Portkey-AI/openapi: admin-openapi.yaml
 * for configs, providers, users, workspaces, API keys and audit logs;
 * openapi.yaml for analytics), parsed once at the client boundary. Only the
 * fields the tools use are required; names, notes and descriptions are
 * untrusted text.
 */

const str = z.string().nullable().optional();

export const configSummaryPayload = z.looseObject({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  organisation_id: str,
  workspace_id: str,
  is_default: z.number().optional(),
  status: str,
  owner_id: str,
  updated_by: str,
  created_at: str,
  last_updated_at: str,
});
export const configListPayload = z.looseObject({ success: z.boolean().optional(), data: z.array(configSummaryPayload) });

/** GET /configs/{slug}: `{ success, data: { config, … } }`; `config` is an object (or a JSON string on some versions). */
export const configDetailPayload = z.looseObject({
  success: z.boolean().optional(),
  data: z.looseObject({
    id: z.string().optional(),
    name: z.string().optional(),
    slug: z.string().optional(),
    status: str,
    config: z.union([z.record(z.string(), z.unknown()), z.string()]).optional(),
    created_at: str,
    last_updated_at: str,
  }),
});

export const configVersionsPayload = z.looseObject({
  total: z.number().optional(),
  data: z.array(
    configSummaryPayload.partial().extend({
      version_id: z.string().optional(),
      config: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
      format: str,
      type: str,
    }),
  ),
});

export const configUpdatePayload = z.looseObject({ success: z.boolean().optional(), data: z.looseObject({ version_id: z.string().optional() }).optional() });

const usageLimits = z
  .looseObject({ credit_limit: z.number().nullable().optional(), type: str, alert_threshold: z.number().nullable().optional(), periodic_reset: str })
  .nullable()
  .optional();
const rateLimits = z
  .array(z.looseObject({ type: str, unit: str, value: z.number().nullable().optional() }))
  .nullable()
  .optional();

export const providerPayload = z.looseObject({
  name: z.string(),
  slug: z.string(),
  integration_id: str,
  note: str,
  status: str,
  usage_limits: usageLimits,
  rate_limits: rateLimits,
  created_at: str,
  expires_at: str,
});
export const listOf = <T extends z.ZodType>(item: T) => z.looseObject({ object: z.string().optional(), total: z.number().optional(), data: z.array(item) });

export const apiKeyPayload = z.looseObject({
  id: z.string(),
  name: str,
  description: str,
  type: str,
  organisation_id: str,
  workspace_id: str,
  user_id: str,
  status: str,
  created_at: str,
  last_updated_at: str,
  creation_mode: str,
  scopes: z.array(z.string()).nullable().optional(),
  rate_limits: rateLimits,
  usage_limits: usageLimits,
  expires_at: str,
});

export const workspacePayload = z.looseObject({
  id: z.string(),
  slug: str,
  name: z.string(),
  description: str,
  created_at: str,
  last_updated_at: str,
});

export const userPayload = z.looseObject({
  id: z.string(),
  first_name: str,
  last_name: str,
  role: str,
  email: str,
  created_at: str,
  last_updated_at: str,
});

export const auditLogsPayload = z.looseObject({
  total: z.number().optional(),
  records: z.array(
    z.looseObject({
      timestamp: z.string(),
      method: str,
      uri: str,
      request_id: str,
      user_id: str,
      user_type: str,
      organisation_id: str,
      workspace_id: str,
      response_status_code: z.number().nullable().optional(),
      resource_type: str,
      action: str,
      client_ip: str,
      country: str,
    }),
  ),
});

/** Every /analytics/graphs/* answer: `{ summary, data_points, object: "analytics-graph" }`; /analytics/summary/* has no data_points. */
export const analyticsGraphPayload = z.looseObject({
  summary: z.record(z.string(), z.unknown()),
  data_points: z.array(z.record(z.string(), z.unknown())).optional(),
  object: z.string().optional(),
});

/** /analytics/groups/*: `{ object: "list", total, data: [{ …, object: "analytics-group" }] }`. */
export const analyticsGroupsPayload = z.looseObject({ total: z.number(), data: z.array(z.record(z.string(), z.unknown())) });
