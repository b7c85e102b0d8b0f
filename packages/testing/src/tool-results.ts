import type { Client } from '@modelcontextprotocol/client';

/** A tools/call result as tests read it: the fields every assertion touches. */
export interface ToolResult {
  isError?: boolean;
  content?: unknown;
  structuredContent?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/** The text of a tool result's first content block ('' when there is none). */
export function textOf(result: { content?: unknown }): string {
  return (result.content as Array<{ text?: string }> | undefined)?.[0]?.text ?? '';
}

/** The runtime's machine-readable error code of a failed tool result (`_meta["io.mcp-fleet/error"].code`). */
export function errorCodeOf(result: { _meta?: Record<string, unknown> }): string | undefined {
  return (result._meta?.['io.mcp-fleet/error'] as { code?: string } | undefined)?.code;
}

/** A tool result with its structured content typed, its text, and `isError` as a plain boolean. */
export type TypedToolResult<T> = ToolResult & { data: T; text: string; isError: boolean };

/** Calls a tool and returns its result with typed structured content and its text. */
export async function callTool<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<TypedToolResult<T>> {
  const result = (await client.callTool({ name, arguments: args })) as ToolResult;
  return { ...result, data: result.structuredContent as T, text: textOf(result), isError: result.isError === true };
}
