import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { isStdio, type NamedBackendConfig } from '../config/schema.js';
import { CallingBackend } from './calling-backend.js';
import { trackChild, untrackChild } from './child-registry.js';
import type { ConnectContext, Connection } from './connection.js';
import type { BackendDeps, ManagedBackend } from './managed-backend.js';
import { createBackendClient, lossSignal } from './mcp-client.js';
import { StderrTail } from './stderr-tail.js';

/**
 * A backend that is a child process speaking MCP over stdio. One process and
 * one SDK client are shared by every caller: JSON-RPC ids multiplex
 * concurrent requests over the one pipe. When the process dies, the lifecycle
 * restarts it with capped, jittered exponential backoff (a crash-looping
 * command cannot spin the CPU), and the last stderr lines explain the death.
 */
class StdioBackend extends CallingBackend {
  private tail = new StderrTail(this.logger);
  /**
   * 'auto' probes for 2026-07-28 on the child itself (no second process); a
   * child that was legacy, or failed while probed, is started with the plain
   * initialize handshake next time. A failure in that mode flips back, so a
   * server that merely crashed once is probed again later.
   */
  private mode: 'auto' | 'legacy' = 'auto';

  protected async open(ctx: ConnectContext): Promise<Connection> {
    const config = this.config;
    if (!isStdio(config)) throw new TypeError(`Backend '${this.name}' has no command`);
    const transport = new InPlaceStdioTransport({
      command: config.command,
      args: config.args,
      // The SDK's safe inherited set (PATH, HOME, …) plus the configured env:
      // the gateway's own secrets (DATABASE_URL, admin keys) never leak to a child.
      env: { ...getDefaultEnvironment(), ...config.env },
      ...(config.cwd && { cwd: config.cwd }),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => this.tail.push(chunk));
    const client = createBackendClient(ctx, this.mode === 'auto' ? { probeTimeoutMs: 3_000 } : undefined);
    const loss = lossSignal();
    client.onclose = () => loss.fire('process exited');
    let pid: number | undefined;
    const release = () => {
      if (pid !== undefined) untrackChild(pid);
    };
    try {
      const connecting = client.connect(transport, { timeout: ctx.timeoutMs });
      // The transport spawns synchronously inside connect(): track the pid at once.
      pid = transport.pid ?? undefined;
      if (pid !== undefined) trackChild(pid);
      await connecting;
      pid ??= transport.pid ?? undefined;
      if (pid !== undefined) trackChild(pid);
    } catch (error) {
      // close() ends stdin, then SIGTERM, then SIGKILL: no half-started child survives.
      await client.close().catch(() => {});
      release();
      this.mode = this.mode === 'auto' ? 'legacy' : 'auto';
      throw error;
    }
    if (client.getProtocolEra() === 'legacy') this.mode = 'legacy';
    this.logger.info({ pid, command: config.command, era: client.getProtocolEra() }, `backend ${this.name} process started`);
    return {
      client,
      ...(pid !== undefined && { pid }),
      onLost: loss.on,
      close: async () => {
        loss.fire('closed');
        await client.close().catch(() => {});
        release();
      },
    };
  }

  protected override describeLoss(): string {
    const last = this.tail.last(3);
    return last ? ` (last stderr: ${last})` : '';
  }
}

/**
 * The SDK probes the protocol era on a disposable sibling process for its own
 * StdioClientTransport, but in place for subclasses: this one keeps the
 * backend at exactly one process per (re)start.
 */
class InPlaceStdioTransport extends StdioClientTransport {}

export function createStdioBackend(named: NamedBackendConfig, deps: BackendDeps): ManagedBackend {
  if (!isStdio(named.config)) throw new TypeError(`Backend '${named.name}' has no command: use createHttpBackend`);
  return new StdioBackend(named, deps, false);
}
