import type { McpServer } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { HealthCheck, HealthCheckOptions, HealthRegistry } from '../health/health.js';
import type { Authenticator } from '../http/security.js';
import type { Logger } from '../logging/logger.js';
import type { ConfigureServer, PromptDefinition, ResourceDefinition } from '../mcp/definitions.js';
import type { ToolSource } from '../mcp/dynamic-tools.js';
import type { SharedSettings } from '../settings/env.js';
import type { AnyToolDefinition } from '../tools/define-tool.js';
import type { ToolHooks, ToolMiddleware } from '../tools/middleware.js';
import type { UpstreamClient, UpstreamClientOptions } from '../upstream/index.js';

/** What a service's `client` factory receives: the runtime's building blocks. */
export interface RuntimeKit<Env> {
  service: string;
  env: Env;
  settings: SharedSettings;
  logger: Logger;
  health: HealthRegistry;
  /** An upstream HTTP client on the runtime's pool, breaker and retries; closed at shutdown. */
  upstream(options: Omit<UpstreamClientOptions, 'service'>): UpstreamClient;
  /** Registers a resource to release at shutdown (database pools, SSH connections…). */
  onShutdown(fn: () => Promise<void> | void): void;
}

export interface ServiceDefinition<EnvSchema extends z.ZodType = z.ZodType, Client = unknown> {
  /** kebab-case service name: label in metrics and logs, env prefix source. */
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  /** zod schema of the service's own (prefixed) env variables. */
  env?: EnvSchema;
  /** Builds the upstream client once at start-up; tools get it as `ctx.client`. */
  client?: (kit: RuntimeKit<z.infer<EnvSchema>>) => Client | Promise<Client>;
  tools: readonly AnyToolDefinition<Client>[];
  resources?: readonly ResourceDefinition<Client>[];
  prompts?: readonly PromptDefinition<Client>[];
  /** Component checks shown on /health, e.g. one proving the credentials work. */
  health?: (client: Client, env: z.infer<EnvSchema>) => Record<string, HealthCheck | HealthCheckOptions>;
  /**
   * Names of required variables that are missing. When any is, the service
   * still starts, reports `degraded` naming them, and its tools answer with that
   * message instead of calling the upstream.
   */
  missingConfig?: (env: z.infer<EnvSchema>) => string[];
  /** Whether the service's own `<PREFIX>_READ_ONLY` is on (MCP_READ_ONLY applies to all). */
  readOnly?: (env: z.infer<EnvSchema>) => boolean;
  /** Tool middlewares, run inside logging, metrics, error mapping and timeout. */
  middleware?: readonly ToolMiddleware[] | ((client: Client, env: z.infer<EnvSchema>) => readonly ToolMiddleware[]);
  hooks?: ToolHooks;
  /** Replaces static API keys with custom inbound authentication (the gateway). */
  authenticate?: Authenticator;
  configure?: ConfigureServer<Client>;
  /** Tools known only at run time, served beside `tools` through the same middleware chain. */
  toolSource?: (client: Client) => ToolSource;
  /** Called once the HTTP server listens (e.g. to accept WebSocket upgrades). */
  onListen?: (server: import('node:http').Server, ctx: { client: Client; logger: Logger }) => void;
  /** Extra HTTP routes (the gateway's admin API), mounted before the MCP routes. */
  routes?: (app: import('hono').Hono, ctx: { client: Client; logger: Logger }) => void;
}

export interface StartOptions {
  port?: number;
  host?: string;
  /** Print the URL on stderr once listening (the quick start). */
  announce?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type { McpServer };
