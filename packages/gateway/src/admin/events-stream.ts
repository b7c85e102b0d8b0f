import type { IncomingMessage, Server } from 'node:http';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { WebSocketServer } from 'ws';
import type { EventBus, GatewayEvent } from '../events/event-bus.js';

/** `GET /api/v1/mcp/events`: Server-Sent Events, resumable with Last-Event-ID. */
export function eventsSse(c: Context, events: EventBus) {
  const lastId = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? Number.NaN);
  return streamSSE(c, async (stream) => {
    const queue: GatewayEvent[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = events.subscribe(
      (event) => {
        queue.push(event);
        wake?.();
      },
      Number.isFinite(lastId) ? lastId : undefined,
    );
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ at: new Date().toISOString() }) });
    while (!stream.aborted) {
      const event = queue.shift();
      if (event) {
        await stream.writeSSE({ id: String(event.id), event: event.type, data: JSON.stringify(event) });
        continue;
      }
      // Wait for the next event, with a keep-alive comment every 15 s for proxies.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 15_000).unref();
      });
      wake = undefined;
      if (queue.length === 0 && !stream.aborted) await stream.write(': keep-alive\n\n');
    }
    unsubscribe();
  });
}

/**
 * The same events over WebSocket at `/api/v1/mcp/events/ws`, authenticated
 * with the admin key (header `X-API-Key` or `?api_key=` for browsers, which
 * cannot set headers on WebSocket upgrades).
 */
export function attachEventsWebSocket(server: Server, events: EventBus, isAuthorized: (request: IncomingMessage, url: URL) => boolean): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/v1/mcp/events/ws') return;
    if (!isAuthorized(request, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const after = Number(url.searchParams.get('after') ?? Number.NaN);
      const unsubscribe = events.subscribe((event) => ws.send(JSON.stringify(event)), Number.isFinite(after) ? after : undefined);
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });
  return wss;
}
