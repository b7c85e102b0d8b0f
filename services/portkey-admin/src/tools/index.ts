import { analytics } from './analytics.js';
import { analyticsGroups } from './analytics-groups.js';
import { auditLogs } from './audit-logs.js';
import { getConfig } from './get-config.js';
import { healthCheck } from './health-check.js';
import { listApiKeys } from './list-api-keys.js';
import { listConfigs } from './list-configs.js';
import { listProviders } from './list-providers.js';
import { listUsers } from './list-users.js';
import { listWorkspaces } from './list-workspaces.js';
import { updateConfig } from './update-config.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool portkey-admin <tool_name>` appends here. */
export const tools = [
  healthCheck,
  listConfigs,
  getConfig,
  updateConfig,
  listProviders,
  listApiKeys,
  listWorkspaces,
  listUsers,
  analytics,
  analyticsGroups,
  auditLogs,
];
