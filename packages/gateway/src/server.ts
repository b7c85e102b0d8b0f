import { pathToFileURL } from 'node:url';
import { createService, isLoopback } from '@mcp/runtime';
import { createGatewayCore } from './core.js';
import { envSchema } from './env.js';

/** The gateway: one MCP endpoint for the fleet, built on the runtime like any service. */
export function createGateway(env: Record<string, string | undefined> = process.env) {
  let core: Awaited<ReturnType<typeof createGatewayCore>> | undefined;
  const service = createService(
    {
      name: 'gateway',
      version: '0.1.0',
      title: 'MCP fleet gateway',
      instructions: 'Every fleet service behind one endpoint. Tools are namespaced by service: <service>_<tool>.',
      env: envSchema,
      client: async (kit) => {
        core = await createGatewayCore(kit, {
          env,
          loopbackBind: isLoopback(kit.settings.HOST),
          notifyToolsChanged: () => service.notifyToolsChanged(),
          notifyResourcesChanged: () => service.notifyResourcesChanged(),
          notifyPromptsChanged: () => service.notifyPromptsChanged(),
        });
        return core;
      },
      tools: [],
      // Governance (issue 7) is built with the core; these late-bound entries
      // reach it. Before the core exists nothing is served, so refusing is moot.
      authenticate: (request) => core?.governance.authenticate(request),
      middleware: [(call, next) => (core ? core.governance.middleware(call, next) : Promise.reject(new Error('gateway not started')))],
      toolSource: (c) => c.governance.toolSource,
      configure: (server, c) => c.federation.configure(server),
      health: (c) => c.health(),
      routes: (app, { client }) => client.mountAdmin(app),
      onListen: (server, { client }) => client.attachWebSocket(server),
    },
    { env },
  );
  return service;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await createGateway().main();
