import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type * as z from 'zod';
import { assertSafeBind } from '../http/security.js';
import { SettingsError } from '../settings/env.js';
import { type AssembledService, assembleService } from './assemble.js';
import { broadcastListChanged, type ChangedList } from './list-changed.js';
import { serveOverStdio } from './stdio.js';
import type { RunningServer, ServiceDefinition, StartOptions } from './types.js';

export interface CreateServiceOptions {
  /** Where settings come from; defaults to process.env. Tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Where log lines go; defaults to stdout (stderr in --stdio mode). */
  logDestination?: { write(line: string): unknown };
}

export interface Service<Client = unknown> {
  readonly name: string;
  readonly version: string;
  /** Parses settings and builds everything once; later calls return the same. */
  init(): Promise<AssembledService<Client>>;
  /** Serves one HTTP request in-process (tests, embedding), no socket. */
  fetch(request: Request): Promise<Response>;
  /** Listens on HOST:PORT (or the options), refusing an unsafe public bind. */
  start(options?: StartOptions): Promise<RunningServer>;
  /** Graceful stop: not ready at once, in-flight work drains until the deadline, then everything closes. */
  stop(): Promise<void>;
  /** Entry point for `node dist/server.js [--stdio]`: starts, handles signals, exits cleanly. */
  main(argv?: string[]): Promise<void>;
  /** Tells connected clients the tool list changed (gateway hot reload). */
  notifyToolsChanged(): void;
  /** Tells connected clients the resource list changed (dynamic resources, a federated backend's change). */
  notifyResourcesChanged(): void;
  /** Tells connected clients the prompt list changed (dynamic prompts, a federated backend's change). */
  notifyPromptsChanged(): void;
}

/**
 * A production MCP service from a definition: transports, health, metrics,
 * logs, auth, limits and shutdown come from here; the definition brings only
 * its tools and upstream client.
 */
export function createService<E extends z.ZodType, Client>(def: ServiceDefinition<E, Client>, options: CreateServiceOptions = {}): Service<Client> {
  let assembled: Promise<AssembledService<Client>> | undefined;
  let listener: ReturnType<typeof serve> | undefined;
  let stopping: Promise<void> | undefined;
  let stdioMode = false;
  const init = () => {
    assembled ??= assembleService(def, options.env ?? process.env, { logToStderr: stdioMode, logDestination: options.logDestination });
    return assembled;
  };

  const stop = () => {
    stopping ??= (async () => {
      if (!assembled) return;
      const svc = await assembled;
      svc.setDraining();
      const deadline = svc.settings.MCP_SHUTDOWN_DRAIN_MS;
      svc.logger.info({ drain_ms: deadline }, 'shutting down: draining in-flight requests');
      if (listener) {
        const server = listener;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Idle keep-alive sockets would hold close() open; in-flight ones finish first.
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        const timer = new Promise<void>((resolve) => setTimeout(resolve, deadline).unref());
        await Promise.race([closed, timer]);
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }
      await svc.close();
      svc.logger.info('shutdown complete');
      svc.logger.flush?.();
    })();
    return stopping;
  };

  // Before init nobody is connected, so there is no one to tell.
  const notify = (list: ChangedList) => {
    if (!assembled) return;
    void assembled.then((svc) => broadcastListChanged(list, svc));
  };

  const service: Service<Client> = {
    name: def.name,
    version: def.version,
    init,
    fetch: async (request) => (await init()).app.fetch(request),
    async start(startOptions = {}) {
      const svc = await init();
      const host = startOptions.host ?? svc.settings.HOST;
      const port = startOptions.port ?? svc.settings.PORT ?? 0;
      assertSafeBind(host, Boolean(def.authenticate) || svc.settings.MCP_API_KEYS.length > 0, svc.settings.MCP_ALLOW_PUBLIC_BIND);
      const address = await new Promise<AddressInfo>((resolve, reject) => {
        listener = serve({ fetch: svc.app.fetch, port, hostname: host }, (info) => resolve(info));
        listener.once('error', reject);
      });
      def.onListen?.(listener as unknown as import('node:http').Server, { client: svc.client, logger: svc.logger });
      const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
      const url = `http://${shownHost}:${address.port}/mcp`;
      svc.logger.info({ url, tools: svc.toolNames.length }, 'listening');
      if (startOptions.announce) process.stderr.write(`${def.name} MCP server ready at ${url}\n`);
      return { url, port: address.port, close: stop };
    },
    stop,
    async main(argv = process.argv.slice(2)) {
      try {
        if (argv.includes('--stdio')) {
          stdioMode = true;
          const svc = await init();
          await serveOverStdio(svc, () => stop());
          return;
        }
        await service.start({ announce: true });
      } catch (error) {
        // One line, naming the variable, as operators need it (no stack for config errors).
        const message =
          error instanceof SettingsError || (error instanceof Error && error.message.startsWith('Refusing'))
            ? error.message
            : String((error as Error)?.stack ?? error);
        process.stderr.write(`${def.name}: ${message}\n`);
        process.exit(1);
      }
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        signals += 1;
        if (signals > 1) process.exit(1);
        void stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
        process.stderr.write(`${def.name}: ${signal} received, shutting down\n`);
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
    },
    notifyToolsChanged: () => notify('tools'),
    notifyResourcesChanged: () => notify('resources'),
    notifyPromptsChanged: () => notify('prompts'),
  };
  return service;
}
