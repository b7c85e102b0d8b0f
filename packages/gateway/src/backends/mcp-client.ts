import { Client, ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type { ConnectContext } from './connection.js';

export const GATEWAY_CLIENT_INFO = { name: 'mcp-gateway', version: '0.1.0' } as const;
/** Declared so backends may ask; each question is relayed to the caller of the call it belongs to. */
export const GATEWAY_CAPABILITIES = { elicitation: { form: {}, url: {} }, sampling: {} };

/**
 * The SDK client the gateway uses towards one backend. `negotiate` turns on
 * version negotiation ('auto': 2026-07-28 when the backend speaks it, else
 * the 2025 initialize handshake); without it, the plain 2025 handshake. list_changed notifications (or, on a
 * 2026-07-28 connection, the auto-opened subscriptions/listen stream) trigger
 * a re-list; the SDK debounces them.
 */
export function createBackendClient(ctx: ConnectContext, negotiate?: { probeTimeoutMs?: number }): Client {
  const onChanged = () => ctx.onListChanged();
  const handler = { autoRefresh: false, onChanged };
  const client = new Client(GATEWAY_CLIENT_INFO, {
    ...(negotiate && { versionNegotiation: { mode: 'auto' as const, ...(negotiate.probeTimeoutMs && { probe: { timeoutMs: negotiate.probeTimeoutMs } }) } }),
    listChanged: { tools: handler, prompts: handler, resources: handler },
    capabilities: structuredClone(GATEWAY_CAPABILITIES),
  });
  const relayOrFail = (what: string) => {
    const relay = ctx.relay();
    const ask = what === 'elicitation' ? relay?.elicit : relay?.sample;
    if (!ask) throw new ProtocolError(ProtocolErrorCode.InvalidRequest, `The gateway cannot relay this ${what} request to the caller`);
    return ask;
  };
  client.setRequestHandler('elicitation/create', (request) => relayOrFail('elicitation')(request.params as Record<string, unknown>) as never);
  client.setRequestHandler('sampling/createMessage', (request) => relayOrFail('sampling')(request.params as Record<string, unknown>) as never);
  client.setNotificationHandler('notifications/message', (notification) => {
    ctx.relay()?.log?.(notification.params as { level: string; data: unknown; logger?: string });
  });
  return client;
}

/** A once-only "connection lost" signal: the first reason wins, later ones are ignored. */
export function lossSignal(): { fire(reason: string): void; on(listener: (reason: string) => void): void } {
  let listener: ((reason: string) => void) | undefined;
  let fired: string | undefined;
  return {
    fire(reason) {
      if (fired !== undefined) return;
      fired = reason;
      listener?.(reason);
    },
    on(l) {
      listener = l;
      if (fired !== undefined) l(fired);
    },
  };
}
