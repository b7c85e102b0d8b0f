import type { McpServer } from '@modelcontextprotocol/server';

/**
 * Reuses MCP server instances across 2026-07-28 requests. The SDK's entry asks
 * a factory for an instance per request and connects it to a single-exchange
 * transport; building one (registering every tool and schema) per request is
 * what makes the stock server slow. An instance is returned here when its
 * exchange closes and serves the next request; concurrency grows the pool.
 */
export class ServerPool {
  private readonly idle: McpServer[] = [];
  private created = 0;

  constructor(
    private readonly build: () => McpServer,
    private readonly maxIdle = 256,
  ) {}

  acquire(): McpServer {
    const server = this.idle.pop() ?? this.create();
    server.server.onclose = () => this.release(server);
    return server;
  }

  private create(): McpServer {
    this.created += 1;
    return this.build();
  }

  private release(server: McpServer): void {
    server.server.onclose = undefined;
    if (this.idle.length < this.maxIdle) this.idle.push(server);
  }

  /** Every server built so far, for tests and metrics. */
  get size(): { created: number; idle: number } {
    return { created: this.created, idle: this.idle.length };
  }

  /** Applies a change (e.g. a list-changed notification target) to idle instances. */
  forEachIdle(fn: (server: McpServer) => void): void {
    for (const server of this.idle) fn(server);
  }

  drain(): void {
    this.idle.length = 0;
  }
}
