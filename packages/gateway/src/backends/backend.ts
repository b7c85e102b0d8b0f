import type { CallToolResult, GetPromptResult, ReadResourceResult } from '@mcp/runtime';
import type { BackendConfig } from '../config/schema.js';
import type { CallRelay } from './relay.js';

export type BackendState = 'starting' | 'healthy' | 'unhealthy' | 'stopped';

/** A backend's catalogue as it last listed it (un-namespaced names). */
export interface BackendCatalog {
  tools: Array<{
    name: string;
    title?: string;
    description?: string;
    inputSchema: Record<string, unknown>;
    outputSchema?: Record<string, unknown>;
    annotations?: Record<string, unknown>;
    _meta?: Record<string, unknown>;
  }>;
  resources: Array<{ uri: string; name: string; title?: string; description?: string; mimeType?: string }>;
  resourceTemplates: Array<{ uriTemplate: string; name: string; title?: string; description?: string; mimeType?: string }>;
  prompts: Array<{ name: string; title?: string; description?: string; arguments?: Array<{ name: string; description?: string; required?: boolean }> }>;
}

export interface BackendStatus {
  name: string;
  transport: 'stdio' | 'http' | 'sse';
  state: BackendState;
  circuit: 'closed' | 'open' | 'halfOpen';
  protocolVersion?: string;
  toolCount: number;
  lastError?: string;
  lastHealthyAt?: string;
  restarts: number;
  pid?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Forwarded as `traceparent` to HTTP backends. */
  traceparent?: string;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Logs and questions (elicitation, sampling) from the backend back to the caller. */
  relay?: CallRelay;
}

/**
 * One connected MCP server behind the gateway. Implementations: HTTP
 * (2026-07-28 or 2025 Streamable HTTP, negotiated), legacy SSE, stdio child.
 */
export interface Backend {
  readonly name: string;
  readonly config: BackendConfig;
  status(): BackendStatus;
  catalog(): BackendCatalog;
  start(): Promise<void>;
  /** Re-lists tools/resources/prompts; returns true when anything changed. */
  refresh(): Promise<boolean>;
  callTool(name: string, args: Record<string, unknown>, options?: CallOptions): Promise<CallToolResult>;
  readResource(uri: string, options?: CallOptions): Promise<ReadResourceResult>;
  getPrompt(name: string, args: Record<string, string>, options?: CallOptions): Promise<GetPromptResult>;
  /** Health probe (ping or a cheap list); never throws. */
  probe(): Promise<boolean>;
  close(): Promise<void>;
}
