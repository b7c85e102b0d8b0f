import type { CallToolResult, ContentBlock, ServerContext } from '@modelcontextprotocol/server';
import type * as z from 'zod';
import type { Logger } from '../logging/logger.js';
import type { Elicit } from './elicit.js';
import type { TraceContext } from '../tracing/traceparent.js';

/**
 * All four hints are required (ARCHITECTURE.md, Tool filters): the gateway's
 * approval policy and the read-only filter depend on them being honest.
 */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a handler receives besides its arguments. */
export interface ToolContext<Client = unknown> {
  /** The service's upstream client (whatever `createService({ client })` built). */
  client: Client;
  /** Aborted on client cancellation, tool timeout or shutdown. */
  signal: AbortSignal;
  logger: Logger;
  requestId: string;
  trace: TraceContext;
  tool: string;
  /** Reports progress to the caller when it asked for it (no-op otherwise). */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** The SDK's request context, for protocol features (elicitation, sampling, logging). */
  mcp: ServerContext;
  /**
   * Asks the caller a question in whichever way its protocol generation allows
   * (see tools/elicit.ts). The runtime always sets it; optional so contexts
   * built outside the runtime (a gateway workflow step has no client) may omit it.
   */
  elicit?: Elicit;
}

/**
 * A handler returns its structured output (validated against `output`); the
 * runtime renders the text. To control the content blocks (images, resource
 * links, embedded resources), return `withContent(output, blocks)`; to answer
 * with a protocol result as is (e.g. `inputRequired(...)`), return `rawResult(r)`.
 */
export type ToolReturn<O> = O | ContentResult<O> | RawResult;

const CONTENT = Symbol('mcp.runtime.content');
const RAW = Symbol('mcp.runtime.raw');

export interface ContentResult<O> {
  [CONTENT]: true;
  output: O;
  content: ContentBlock[];
}

export interface RawResult {
  [RAW]: true;
  result: CallToolResult | Record<string, unknown>;
}

export function withContent<O>(output: O, content: ContentBlock[]): ContentResult<O> {
  return { [CONTENT]: true, output, content };
}

export function rawResult(result: CallToolResult | Record<string, unknown>): RawResult {
  return { [RAW]: true, result };
}

export function isContentResult(value: unknown): value is ContentResult<unknown> {
  return typeof value === 'object' && value !== null && CONTENT in value;
}

export function isRawResult(value: unknown): value is RawResult {
  return typeof value === 'object' && value !== null && RAW in value;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType, Client = unknown> {
  /** snake_case `verb_noun`, unique within the service. */
  name: string;
  title: string;
  /** What it does, when to use it, what it returns: written for a model. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** Per-tool timeout; defaults to the service's MCP_TOOL_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * The output may be large (query rows, file contents, exports): past the
   * service's threshold the runtime hands it out in blocks (a preview plus a
   * `resource_link`), and the listed output schema also admits that envelope.
   */
  largeResult?: boolean;
  /** Text rendering of the output; defaults to pretty JSON. */
  render?: (output: z.infer<O>) => string;
  handler: (args: z.infer<I>, ctx: ToolContext<Client>) => Promise<ToolReturn<z.infer<O>>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds tools of every shape.
export type AnyToolDefinition<Client = any> = ToolDefinition<any, any, Client>;

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Declares a tool. Checks at definition time what would otherwise surface as a
 * confusing protocol error later: the name's shape and the four annotations.
 */
export function defineTool<I extends z.ZodObject, O extends z.ZodType, Client = unknown>(
  definition: ToolDefinition<I, O, Client>,
): ToolDefinition<I, O, Client> {
  if (!TOOL_NAME.test(definition.name)) {
    throw new TypeError(`Tool name "${definition.name}" must be snake_case (a-z, 0-9, _), start with a letter, at most 64 characters`);
  }
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    if (typeof definition.annotations?.[hint] !== 'boolean') {
      throw new TypeError(`Tool "${definition.name}" must declare annotations.${hint} (true or false)`);
    }
  }
  if (definition.annotations.readOnlyHint && definition.annotations.destructiveHint) {
    throw new TypeError(`Tool "${definition.name}" cannot be both read-only and destructive`);
  }
  return definition;
}
