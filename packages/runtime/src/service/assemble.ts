import { Hono } from 'hono';
import { pino } from 'pino';
import type * as z from 'zod';
import { type BlockStore, type LargeResultHandler, createBlockStore, createLargeResultHandler } from '../blocks/index.js';
import { NotConfiguredError } from '../errors/tool-errors.js';
import { HealthRegistry } from '../health/health.js';
import { apiKeyAuthenticator } from '../http/security.js';
import { type Logger, createLogger } from '../logging/logger.js';
import { buildMcpServer, outputSchemaOf } from '../mcp/build-server.js';
import { describeStaticTools } from '../mcp/dynamic-tools.js';
import { blockStoreBytes } from '../metrics/registry.js';
import { ServerPool } from '../mcp/server-pool.js';
import { type SharedSettings, envPrefix, parseEnv, parseSharedSettings } from '../settings/env.js';
import { createToolExecutor } from '../tools/execute.js';
import { flushTracing, initTracing } from '../tracing/spans.js';
import { filterTools } from '../tools/filters.js';
import { type ToolMiddleware, hooksToMiddleware } from '../tools/middleware.js';
import { requestBodyLimit } from '../transport/body-limit.js';
import { LegacySse } from '../transport/legacy-sse.js';
import { McpEndpoint } from '../transport/mcp-endpoint.js';
import { type UpstreamClient, createUpstreamClient } from '../upstream/index.js';
import { mountRoutes } from './routes.js';
import type { RuntimeKit, ServiceDefinition } from './types.js';

/** Everything a service is made of once its settings are known. */
export interface AssembledService<Client> {
  app: Hono;
  client: Client;
  settings: SharedSettings;
  logger: Logger;
  health: HealthRegistry;
  endpoint: McpEndpoint;
  sse: LegacySse;
  pool: ServerPool;
  toolNames: string[];
  buildServer: () => import('@modelcontextprotocol/server').McpServer;
  shutdownController: AbortController;
  /** Marks the service not ready (shutdown has begun). */
  setDraining(): void;
  close(): Promise<void>;
}

const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSPHRASE|API_KEY|APIKEY|PRIVATE_KEY|_PAT$|_KEY$|CREDENTIALS?)/i;
/** Names that say the value is a location or an identifier, not a credential. */
const NOT_SECRET = /(_URL|_ADDR|_ADDRESS|_HOST|_PORT|_PATH|_FILE|_DIR|_MOUNT|_NAME|_ID|_MS|_SECONDS)$/i;

/**
 * Values of secret-looking variables, so the logger masks them wherever they
 * appear. The service's own prefix is ignored when matching (a service named
 * `secrets` must not make every `SECRETS_*` value a secret).
 */
function secretValues(env: Record<string, string | undefined>, apiKeys: readonly string[], prefix: string): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => {
      if (!value) return false;
      const bare = name.startsWith(prefix) ? name.slice(prefix.length) : name;
      return SECRET_NAME.test(bare) && !NOT_SECRET.test(bare);
    })
    .map(([, value]) => value as string);
  // Credentials inside URLs (postgres://user:password@host, redis://:password@host) whatever the name.
  for (const value of Object.values(env)) {
    if (!value?.includes('://') || !value.includes('@')) continue;
    try {
      const password = decodeURIComponent(new URL(value).password);
      if (password) values.push(password, value);
    } catch {
      // not a URL
    }
  }
  return [...values, ...apiKeys];
}

export async function assembleService<E extends z.ZodType, Client>(
  def: ServiceDefinition<E, Client>,
  source: Record<string, string | undefined>,
  options: { logToStderr?: boolean; logDestination?: { write(line: string): unknown } } = {},
): Promise<AssembledService<Client>> {
  const settings = parseSharedSettings(source);
  const env = (def.env ? parseEnv(def.env, source) : {}) as z.infer<E>;
  const logger = createLogger({
    service: def.name,
    level: settings.LOG_LEVEL,
    secrets: secretValues(source, settings.MCP_API_KEYS, envPrefix(def.name)),
    destination: options.logDestination ?? (options.logToStderr ? pino.destination(2) : undefined),
  });
  await initTracing({ service: def.name, version: def.version, endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT });
  const health = new HealthRegistry(def.name, def.version);
  const shutdownController = new AbortController();
  const cleanups: Array<() => Promise<void> | void> = [];
  const upstreams: UpstreamClient[] = [];

  const kit: RuntimeKit<z.infer<E>> = {
    service: def.name,
    env,
    settings,
    logger,
    health,
    upstream: (options) => {
      const client = createUpstreamClient({ ...options, service: def.name, logger });
      upstreams.push(client);
      if (!health.has(`upstream:${options.name}`)) {
        // Critical: with the breaker open the service cannot do its job, so it is unhealthy and not ready.
        health.register(`upstream:${options.name}`, {
          critical: true,
          cacheMs: 0,
          check: () => {
            const circuit = client.breakerState();
            return {
              status: circuit === 'open' ? 'unhealthy' : circuit === 'halfOpen' ? 'degraded' : 'healthy',
              metadata: { circuit, ...(client.lastRateLimit && { rateLimit: client.lastRateLimit }) },
            };
          },
        });
      }
      return client;
    },
    onShutdown: (fn) => cleanups.push(fn),
  };
  const client = (def.client ? await def.client(kit) : undefined) as Client;

  const missing = def.missingConfig?.(env) ?? [];
  health.register('configuration', () =>
    missing.length === 0 ? { status: 'healthy' } : { status: 'degraded', message: `Missing configuration: ${missing.join(', ')}`, metadata: { missing } },
  );
  if (missing.length > 0) logger.warn({ missing }, 'service started without required configuration; tools will report it');
  for (const [name, check] of Object.entries(def.health?.(client, env) ?? {})) health.register(name, check);

  let blockStore: BlockStore | undefined;
  let largeResults: LargeResultHandler | undefined;
  if (def.tools.some((t) => t.largeResult)) {
    blockStore = createBlockStore({ redisUrl: settings.REDIS_URL, maxBytes: settings.MCP_BLOCK_STORE_MAX_BYTES, keyPrefix: `mcp:${def.name}:blocks:` });
    largeResults = createLargeResultHandler({
      store: blockStore,
      thresholdBytes: settings.MCP_LARGE_RESULT_BYTES,
      blockBytes: settings.MCP_BLOCK_BYTES,
      ttlSeconds: settings.MCP_BLOCK_TTL_SECONDS,
    });
  }

  const prefix = envPrefix(def.name);
  const readOnly = settings.MCP_READ_ONLY || (def.readOnly?.(env) ?? ['true', '1', 'yes'].includes(String(source[`${prefix}READ_ONLY`] ?? '').toLowerCase()));
  const tools = filterTools(def.tools, { readOnly, allow: settings.MCP_TOOLS, deny: settings.MCP_EXCLUDE_TOOLS });

  const middlewares: ToolMiddleware[] = [];
  if (missing.length > 0) {
    middlewares.push(async () => {
      throw new NotConfiguredError(`${def.name} is not configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set.`, {
        hint: 'Set the variable(s) in the service environment and restart it.',
      });
    });
  }
  if (def.hooks) middlewares.push(hooksToMiddleware(def.hooks));
  middlewares.push(...(typeof def.middleware === 'function' ? def.middleware(client, env) : (def.middleware ?? [])));

  const execute = createToolExecutor({
    service: def.name,
    client,
    logger,
    defaultTimeoutMs: settings.MCP_TOOL_TIMEOUT_MS,
    middlewares,
    largeResults,
    shutdownSignal: shutdownController.signal,
  });
  const toolSource = def.toolSource?.(client);
  const staticTools = toolSource ? describeStaticTools(tools, outputSchemaOf) : undefined;
  const buildServer = () =>
    buildMcpServer({
      name: def.name,
      version: def.version,
      title: def.title,
      instructions: def.instructions,
      tools,
      resources: (def.resources ?? []) as never,
      prompts: (def.prompts ?? []) as never,
      client,
      execute,
      largeResults,
      listCacheTtlMs: settings.MCP_LIST_CACHE_TTL_SECONDS * 1000,
      configure: def.configure as never,
      toolSource,
      staticTools,
    });
  // Build one instance now: a broken tool schema fails start-up, not the first request.
  const pool = new ServerPool(buildServer);
  pool.acquire().server.onclose?.();

  const endpoint = new McpEndpoint({
    pool,
    build: buildServer,
    logger,
    maxRequestBodySize: settings.MCP_MAX_BODY_BYTES,
    fastPath: settings.MCP_FAST_PATH,
  });
  const sse = new LegacySse(buildServer, logger);
  const authenticate = def.authenticate ?? (settings.MCP_API_KEYS.length > 0 ? apiKeyAuthenticator(settings.MCP_API_KEYS) : undefined);
  let draining = false;

  const app = new Hono();
  app.use(
    '*',
    requestBodyLimit({
      maxSize: settings.MCP_MAX_BODY_BYTES,
      onError: (c) =>
        c.json(
          { jsonrpc: '2.0', id: null, error: { code: -32000, message: `Request body too large: the limit is ${settings.MCP_MAX_BODY_BYTES} bytes` } },
          413,
        ),
    }),
  );
  const onScrape = () => {
    if (blockStore) blockStoreBytes.set({ service: def.name }, blockStore.stats().bytes);
  };
  mountRoutes(app, { def, settings, logger, health, endpoint, sse, authenticate, isDraining: () => draining, client, onScrape });

  return {
    app,
    client,
    settings,
    logger,
    health,
    endpoint,
    sse,
    pool,
    toolNames: tools.map((t) => t.name),
    buildServer,
    shutdownController,
    setDraining: () => {
      draining = true;
    },
    close: async () => {
      shutdownController.abort(new Error('service shutting down'));
      await endpoint.close();
      await sse.closeAll();
      for (const upstream of upstreams) await upstream.close().catch(() => {});
      await blockStore?.close().catch(() => {});
      for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
      await flushTracing();
    },
  };
}
