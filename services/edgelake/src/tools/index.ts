import { dataNodes } from './data-nodes.js';
import { describeTable } from './describe-table.js';
import { healthCheck } from './health-check.js';
import { listDatabases } from './list-databases.js';
import { listPolicies } from './list-policies.js';
import { listTables } from './list-tables.js';
import { nodeStatusTool } from './node-status.js';
import { query } from './query.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool edgelake <tool_name>` appends here. */
export const tools = [healthCheck, nodeStatusTool, listDatabases, listTables, describeTable, query, dataNodes, listPolicies];
