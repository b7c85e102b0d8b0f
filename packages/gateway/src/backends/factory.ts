import { isStdio, type NamedBackendConfig } from '../config/schema.js';
import { createHttpBackend } from './http-backend.js';
import type { BackendDeps, ManagedBackend } from './managed-backend.js';
import { createStdioBackend } from './stdio-backend.js';

/** The default BackendFactory: a child process for `command`, a network client for `url`. */
export function createBackend(named: NamedBackendConfig, deps: BackendDeps): ManagedBackend {
  return isStdio(named.config) ? createStdioBackend(named, deps) : createHttpBackend(named, deps);
}
