/**
 * Payloads as Portkey-AI/openapi documents them: the examples of
 * admin-openapi.yaml (configs, providers, users, workspaces, API keys, audit
 * logs) and the response schemas of openapi.yaml (analytics), trimmed of
 * fields the service ignores.
 */

export const configList = {
  success: true,
  data: [
    {
      id: '4e54a1a4-109c-43ee-b0f7-11e7d60b0066',
      name: 'Pplx Cache Test',
      slug: 'pc-pplx-c-ca7a87',
      organisation_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      workspace_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      is_default: 0,
      status: 'active',
      owner_id: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      updated_by: '439268ba-94a2-4031-9ca7-ca88ddda5096',
      created_at: '2024-05-12T21:37:06.000Z',
      last_updated_at: '2024-05-23T23:36:06.000Z',
    },
    {
      id: 'daab995b-8d3b-42c5-a490-47217fbf4e0e',
      name: 'PII Redaction Guardrail',
      slug: 'pc-pii-re-7f1051',
      organisation_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      workspace_id: '8610029e-692a-4df6-9052-3fa3eff69911',
      is_default: 1,
      status: 'archived',
      owner_id: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      updated_by: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      created_at: '2025-10-17T19:11:47.000Z',
      last_updated_at: '2025-10-17T19:11:47.000Z',
    },
  ],
};

export const configDetail = {
  success: true,
  data: {
    config: {
      retry: { attempts: 5, on_status_codes: [429, 529] },
      cache: { mode: 'simple', max_age: 3600 },
      strategy: { mode: 'fallback' },
      targets: [
        { provider: 'openai', virtual_key: 'main-258f4d' },
        { provider: 'azure-openai', virtual_key: 'azure-test-4110dd' },
      ],
    },
  },
};

export const configVersions = {
  object: 'list',
  total: 2,
  data: [
    {
      id: 'daab995b-8d3b-42c5-a490-47217fbf4e0e',
      name: 'PII Redaction Guardrail',
      workspace_id: '8610029e-692a-4df6-9052-3fa3eff69911',
      slug: 'pc-pii-re-7f1051',
      organisation_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      is_default: 0,
      status: 'active',
      owner_id: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      updated_by: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      created_at: '2025-10-17T19:11:47.000Z',
      last_updated_at: '2025-10-17T19:11:47.000Z',
      config: '{"input_guardrails":["pg-patron-1d0224"]}',
      format: 'json',
      type: 'ORG_CONFIG',
      version_id: '8c1a4fbf-26d9-49df-82ca-ab772ba397d2',
      object: 'config',
    },
    {
      id: 'daab995b-8d3b-42c5-a490-47217fbf4e0e',
      name: 'PII Redaction Guardrail',
      slug: 'pc-pii-re-7f1051',
      status: 'active',
      updated_by: 'c4c7996d-be62-429d-b787-5d48fe94da86',
      created_at: '2025-10-18T08:00:00.000Z',
      last_updated_at: '2025-10-18T08:00:00.000Z',
      config: '{"input_guardrails":["pg-patron-1d0224"],"output_guardrails":["pg-pii-5c2e"]}',
      format: 'json',
      type: 'ORG_CONFIG',
      version_id: '1f2e3d4c-26d9-49df-82ca-ab772ba39000',
      object: 'config',
    },
  ],
};

export const configUpdated = { success: true, data: { version_id: 'abe447e2-f6aa-4229-93b7-8ee3183b6667' } };

export const providers = {
  object: 'list',
  total: 3,
  data: [
    {
      name: 'Open AI Workspace',
      integration_id: 'my-openai-integration',
      note: 'randomness',
      status: 'active',
      usage_limits: { credit_limit: 10, periodic_reset: 'monthly', alert_threshold: 8 },
      reset_usage: 0,
      created_at: '2025-06-01T10:00:00.000Z',
      slug: 'first-openai-provider',
      rate_limits: [{ type: 'requests', unit: 'rpm', value: 100 }],
      expires_at: '2026-06-01T10:00:00.000Z',
      object: 'provider',
    },
  ],
};

export const apiKeys = {
  total: 2,
  object: 'list',
  data: [
    {
      id: 'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      key: 'Xk*******S4',
      name: 'Development API Key',
      description: 'API key for development environment',
      type: 'organisation-service',
      organisation_id: 'a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d',
      workspace_id: 'ws-myworkspace',
      user_id: 'c3d4e5f6-a7b8-6c7d-0e1f-2a3b4c5d6e7f',
      status: 'active',
      created_at: '2023-09-15T10:30:00Z',
      last_updated_at: '2023-09-15T10:30:00Z',
      creation_mode: 'ui',
      rate_limits: [{ type: 'requests', unit: 'rpm', value: 100 }],
      usage_limits: { credit_limit: 10, periodic_reset: 'monthly', alert_threshold: 8 },
      reset_usage: 0,
      scopes: ['completions.write'],
      defaults: { metadata: { environment: 'development', team: 'backend' }, config_id: 'config-abc' },
      alert_emails: ['foo@bar.com'],
      object: 'api-key',
    },
    {
      id: 'a9b8c7d6-58cc-4372-a567-0e02b2c3d000',
      key: 'Ab*******Z9',
      name: 'Support bot',
      type: 'workspace-user',
      workspace_id: 'ws-myworkspace',
      status: 'exhausted',
      scopes: ['completions.write', 'logs.view'],
      object: 'api-key',
    },
  ],
};

export const workspaces = {
  total: 2,
  object: 'list',
  data: [
    {
      id: 'test-prod-ws-12345',
      name: 'Test prod workspace',
      description: 'This is a production workspace',
      created_at: '2023-07-13 13:51:27',
      last_updated_at: '2023-07-13 14:51:27',
      object: 'workspace',
    },
  ],
};

export const users = {
  total: 2,
  object: 'list',
  data: [
    {
      object: 'user',
      id: '61e08f60-4822-465e-ba23-39f85cd741cb',
      first_name: 'horace',
      last_name: 'slughorn',
      role: 'member',
      email: 'horace.slughorn@example.com',
      created_at: '2024-01-25 11:35:07',
      last_updated_at: '2024-01-25 11:35:07',
    },
  ],
};

export const costGraph = {
  summary: { total: 12345, avg: 3 },
  data_points: [
    { timestamp: '2026-02-23T00:00:00.000Z', total: 6000, avg: 3 },
    { timestamp: '2026-02-24T00:00:00.000Z', total: 6345, avg: 3 },
  ],
  object: 'analytics-graph',
};

export const cacheSummary = { summary: { hits: 120, avg_latency: 45, total_requests: 1000, cache_speedup: 93 }, object: 'analytics-summary' };

export const userGroups = {
  object: 'list',
  total: 3,
  data: [
    { user: 'user_1', requests: '120', cost: '450', object: 'analytics-group' },
    { user: 'user_2', requests: '80', cost: '300', object: 'analytics-group' },
  ],
};

export const auditLogs = {
  total: 1,
  object: 'analytics-graph',
  records: [
    {
      timestamp: '2026-02-23T10:15:00.000Z',
      method: 'PUT',
      uri: '/v1/configs/pc-pplx-c-ca7a87',
      request_id: 'b1c2d3e4-0000-4000-8000-000000000001',
      request_body: '{"config":{"virtual_key":"sk-live-should-never-leak"}}',
      query_params: '{}',
      request_headers: '{"x-portkey-api-key":"pk-***"}',
      user_id: '61e08f60-4822-465e-ba23-39f85cd741cb',
      user_type: 'user',
      organisation_id: '472d2804-d054-4226-b4ae-9d4e2e61e69e',
      workspace_id: 'ws-myworkspace',
      response_status_code: 200,
      resource_type: 'config',
      action: 'update',
      client_ip: '203.0.113.7',
      country: 'DE',
    },
  ],
};
