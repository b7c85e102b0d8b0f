import { healthCheck } from './health-check.js';

/** Every tool of the service, explicitly: no file-system discovery. `pnpm gen tool secrets <tool_name>` appends here. */
export const tools = [healthCheck];
