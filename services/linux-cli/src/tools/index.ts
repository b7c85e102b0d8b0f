import { healthCheck } from './health-check.js';
import { listDir } from './list-dir.js';
import { listHosts } from './list-hosts.js';
import { processList } from './process-list.js';
import { readFile } from './read-file.js';
import { runCommand } from './run-command.js';
import { runWriteCommand } from './run-write-command.js';
import { serviceControl } from './service-control.js';
import { systemInfo } from './system-info.js';
import { tailLogs } from './tail-logs.js';
import { validateCommand } from './validate-command.js';
import { writeFile } from './write-file.js';

/** Every tool of the service, explicitly: no file-system discovery. */
export const tools = [
  healthCheck,
  listHosts,
  validateCommand,
  runCommand,
  runWriteCommand,
  readFile,
  listDir,
  writeFile,
  systemInfo,
  processList,
  tailLogs,
  serviceControl,
];
