import { McpServer, ResourceTemplate, type ServerCapabilities } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { LargeResultHandler } from '../blocks/index.js';
import type { AnyToolDefinition } from '../tools/define-tool.js';
import type { ToolExecutor } from '../tools/execute.js';
import type { ConfigureServer, PromptDefinition, ResourceDefinition } from './definitions.js';
import { describeStaticTools, installToolHandlers, type ToolSource } from './dynamic-tools.js';

export interface ServerBlueprint {
  name: string;
  version: string;
  title?: string;
  instructions?: string;
  tools: readonly AnyToolDefinition[];
  resources: readonly ResourceDefinition<unknown>[];
  prompts: readonly PromptDefinition<unknown>[];
  client: unknown;
  execute: ToolExecutor;
  largeResults?: LargeResultHandler;
  /** How long 2026-07-28 clients may cache list results (ms). */
  listCacheTtlMs: number;
  configure?: ConfigureServer<unknown>;
  /** Run-time tools beside the static ones (the gateway's federation). */
  toolSource?: ToolSource;
  /** Listed forms of the static tools, computed once (required with toolSource). */
  staticTools?: ReturnType<typeof describeStaticTools>;
}

/** The output schema a tool is listed and validated with. */
export function outputSchemaOf(tool: AnyToolDefinition): z.ZodType {
  return tool.largeResult ? z.union([tool.output, largeResultEnvelope]) : tool.output;
}

/** The structured form of a result handed out in blocks (see tools/execute.ts). */
export const largeResultEnvelope = z.object({
  truncated: z.literal(true),
  preview: z.string().describe('The first characters of the full JSON result.'),
  resource: z
    .object({
      uri: z.string().describe('Read the whole result block by block with resources/read.'),
      totalBytes: z.number(),
      blockCount: z.number(),
      blockBytes: z.number(),
      mimeType: z.string(),
      sha256: z.string(),
    })
    .passthrough(),
});

/**
 * Builds one MCP server instance from the service's blueprint. Schemas and the
 * executor are shared: an instance is a cheap shell around them, built once per
 * pooled slot or 2025-era session, never per request.
 */
export function buildMcpServer(blueprint: ServerBlueprint): McpServer {
  const capabilities: ServerCapabilities = { logging: {}, tools: { listChanged: true } };
  if (blueprint.resources.length > 0 || blueprint.largeResults) capabilities.resources = { listChanged: true, subscribe: false };
  if (blueprint.prompts.length > 0) capabilities.prompts = { listChanged: true };
  const cache = { ttlMs: blueprint.listCacheTtlMs, cacheScope: 'private' as const };
  const server = new McpServer(
    { name: blueprint.name, version: blueprint.version, ...(blueprint.title && { title: blueprint.title }) },
    {
      capabilities,
      ...(blueprint.instructions && { instructions: blueprint.instructions }),
      cacheHints: { 'tools/list': cache, 'prompts/list': cache, 'resources/list': cache, 'resources/templates/list': cache },
    },
  );

  if (blueprint.toolSource) {
    installToolHandlers(server, blueprint.staticTools ?? describeStaticTools(blueprint.tools, outputSchemaOf), blueprint.toolSource, blueprint.execute);
  }
  for (const tool of blueprint.toolSource ? [] : blueprint.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: outputSchemaOf(tool),
        annotations: { title: tool.title, ...tool.annotations },
      },
      // biome-ignore lint/suspicious/noExplicitAny: the SDK types the callback per schema; the executor is schema-agnostic.
      ((args: Record<string, unknown>, ctx: any) => blueprint.execute(tool, args ?? {}, ctx)) as any,
    );
  }

  for (const resource of blueprint.resources) registerResource(server, resource, blueprint.client);

  for (const prompt of blueprint.prompts) {
    const config = { ...(prompt.title && { title: prompt.title }), ...(prompt.description && { description: prompt.description }) };
    if (prompt.args) {
      server.registerPrompt(prompt.name, { ...config, argsSchema: prompt.args }, (args: unknown, ctx) =>
        prompt.get(args as never, { client: blueprint.client, mcp: ctx }),
      );
    } else {
      server.registerPrompt(prompt.name, config, (ctx) => prompt.get({} as never, { client: blueprint.client, mcp: ctx }));
    }
  }

  const blocks = blueprint.largeResults;
  if (blocks) {
    const read = async (uri: URL) => {
      const block = await blocks.readBlock(uri.href);
      return { contents: [{ uri: block.uri, mimeType: block.mimeType, text: block.text, _meta: block._meta }] };
    };
    const meta = {
      description: 'A block of a large tool result. The tool result links the first block; each block links the next in _meta.next.',
      mimeType: 'application/json',
    };
    server.registerResource('large-result-block', new ResourceTemplate('mcp-blocks://{id}/{index}', { list: undefined }), meta, read);
    server.registerResource('large-result', new ResourceTemplate('mcp-blocks://{id}', { list: undefined }), meta, read);
  }

  blueprint.configure?.(server, blueprint.client);
  return server;
}

function registerResource(server: McpServer, resource: ResourceDefinition<unknown>, client: unknown): void {
  const meta = {
    ...(resource.title && { title: resource.title }),
    ...(resource.description && { description: resource.description }),
    ...(resource.mimeType && { mimeType: resource.mimeType }),
  };
  if (!resource.uri.includes('{')) {
    server.registerResource(resource.name, resource.uri, meta, (uri, ctx) => resource.read(uri, {}, { client, mcp: ctx }));
    return;
  }
  const list = resource.list;
  const template = new ResourceTemplate(resource.uri, {
    list: list ? async () => ({ resources: await list(client) }) : undefined,
    ...(resource.complete && { complete: resource.complete }),
  });
  server.registerResource(resource.name, template, meta, (uri, variables, ctx) =>
    resource.read(uri, variables as Record<string, string | string[]>, { client, mcp: ctx }),
  );
}
