import type { GetPromptResult, McpServer, ReadResourceResult, ServerContext } from '@modelcontextprotocol/server';
import type * as z from 'zod';

/** A static resource (fixed URI) or a template (`{var}` placeholders). */
export interface ResourceDefinition<Client = unknown> {
  name: string;
  /** A fixed URI, or a URI template such as `cmdb://items/{id}`. */
  uri: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** For templates: enumerate concrete resources for `resources/list`. */
  list?: (client: Client) => Promise<Array<{ uri: string; name: string; title?: string; description?: string; mimeType?: string }>>;
  /** For templates: completion of each variable. */
  complete?: Record<string, (value: string, context?: { arguments?: Record<string, string> }) => string[] | Promise<string[]>>;
  read: (uri: URL, variables: Record<string, string | string[]>, ctx: { client: Client; mcp: ServerContext }) => Promise<ReadResourceResult>;
}

export interface PromptDefinition<Client = unknown, A extends z.ZodObject = z.ZodObject> {
  name: string;
  title?: string;
  description?: string;
  args?: A;
  get: (args: z.infer<A>, ctx: { client: Client; mcp: ServerContext }) => Promise<GetPromptResult> | GetPromptResult;
}

/**
 * Escape hatch for protocol features the declarative definitions do not cover
 * (completions over prompts, subscriptions, custom handlers): called on every
 * MCP server instance the runtime builds, right after registration.
 */
export type ConfigureServer<Client = unknown> = (server: McpServer, client: Client) => void;
