import type { Client } from '@modelcontextprotocol/client';
import type { DirectRoute } from './direct-call.js';
import type { CallRelay } from './relay.js';

/** One live MCP session to a backend, however it is transported. */
export interface Connection {
  client: Client;
  pid?: number;
  /** Streamable HTTP only: plain 2026-07-28 tools/call without the SDK client's protocol layer (direct-call.ts). */
  direct?: DirectRoute;
  /** Called at most once when the connection dies on its own (stream closed, process exited). */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface ConnectContext {
  /** The backend's list changed (tools, resources or prompts): re-list. */
  onListChanged: () => void;
  /** The relay of the call a backend message belongs to, if it can be told. */
  relay: () => CallRelay | undefined;
  timeoutMs: number;
}
