import { cancelStatement } from './cancel-statement.js';
import { describeTable } from './describe-table.js';
import { executeStatement } from './execute-statement.js';
import { getStatement } from './get-statement.js';
import { healthCheck } from './health-check.js';
import { listObjects } from './list-objects.js';
import { queryHistory } from './query-history.js';
import { runQuery } from './run-query.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool snowflake <tool_name>` appends here. */
export const tools = [healthCheck, runQuery, getStatement, listObjects, describeTable, queryHistory, cancelStatement, executeStatement];
