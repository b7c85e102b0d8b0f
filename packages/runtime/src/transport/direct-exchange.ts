import { ProtocolErrorCode, SdkError, SdkErrorCode } from '@modelcontextprotocol/server';

/** The SDK transport's SSE keep-alive interval (DEFAULT_SSE_KEEP_ALIVE_MS). */
const KEEP_ALIVE_MS = 15_000;
const SSE_HEADERS = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

/** An HTTP answer; `stamped` says whether the caller's extra headers are on it. */
export interface DirectAnswer {
  response: Response;
  stamped: boolean;
}

interface Stream {
  controller: ReadableStreamDefaultController<Uint8Array>;
  encoder: TextEncoder;
  closed: boolean;
  keepAlive?: ReturnType<typeof setInterval>;
}

/**
 * The one HTTP answer of a directly called tool (direct-tool-call.ts), shaped
 * as the SDK's single-exchange transport (PerRequestHTTPServerTransport, mode
 * `auto`) shapes it: a plain JSON body, or — when the handler sends a message
 * related to the call before its result — an SSE stream opened at that
 * moment with the same headers, frames and keep-alive, ending with the
 * result. It stands in for the transport only while the handler runs: the
 * protocol layer's notification path sends to it.
 */
export class DirectExchange {
  /** The handler's `ctx.mcpReq.signal`: aborted as the SDK's protocol layer aborts it when the exchange closes early. */
  readonly controller = new AbortController();
  /**
   * The HTTP answer, settled as soon as it is known: the JSON answer at the end, the SSE
   * stream when it opens (the handler's messages then reach the client while it runs).
   */
  readonly answer: Promise<DirectAnswer>;
  private settle!: (answer: DirectAnswer) => void;
  private stream: Stream | undefined;
  private abandoned = false;

  constructor(
    private readonly requestId: string | number,
    private readonly extraHeaders: Readonly<Record<string, string>> | undefined,
  ) {
    this.answer = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** The transport's `send` for what the handler emits (notifications, requests to the client). */
  async send(message: Record<string, unknown>, options?: { relatedRequestId?: unknown }): Promise<void> {
    // As the SDK transport: only messages related to this request reach the client.
    if (this.abandoned || options?.relatedRequestId !== this.requestId) return;
    if (!this.stream) this.open();
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** The client went away: the handler is told, the answer will not be read (the SDK answers 499 at once). */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.end();
    this.settle({ response: new Response(null, { status: 499 }), stamped: false });
    this.controller.abort(new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed'));
  }

  /** The transport's `close` (server.close() at shutdown): as closing the SDK's exchange, it ends the call with 499. */
  async close(): Promise<void> {
    this.abandon();
  }

  /** Ends the exchange with the call's JSON-RPC answer. */
  finish(answer: Record<string, unknown>): void {
    if (this.abandoned) return;
    if (this.stream) {
      this.write(`event: message\ndata: ${JSON.stringify(answer)}\n\n`);
      this.end();
      return;
    }
    const code = (answer.error as { code?: unknown } | undefined)?.code;
    // The SDK gives this handler error its ladder status wherever it is raised.
    if (code === ProtocolErrorCode.MissingRequiredClientCapability) {
      this.settle({ response: Response.json(answer, { status: 400, headers: { 'Content-Type': 'application/json' } }), stamped: false });
      return;
    }
    // A plain header object and a string body keep @hono/node-server on its cheap path (see fast-exchange.ts).
    const headers = this.extraHeaders ? { 'content-type': 'application/json', ...this.extraHeaders } : { 'content-type': 'application/json' };
    this.settle({ response: new Response(JSON.stringify(answer), { status: 200, headers }), stamped: this.extraHeaders !== undefined });
  }

  /** A fault in the direct call itself (never a handler's error): the SDK entry's internal error. */
  fail(): void {
    if (this.abandoned) return;
    if (this.stream) {
      this.end();
      return;
    }
    const error = { jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: this.requestId };
    this.settle({ response: Response.json(error, { status: 500 }), stamped: false });
  }

  private open(): void {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const readable = new ReadableStream<Uint8Array>({
      start: (streamController) => {
        controller = streamController;
      },
      cancel: () => {
        this.abandon();
      },
    });
    const stream: Stream = { controller, encoder: new TextEncoder(), closed: false };
    stream.keepAlive = setInterval(() => this.write(': keepalive\n\n'), KEEP_ALIVE_MS);
    stream.keepAlive.unref?.();
    this.stream = stream;
    this.settle({ response: new Response(readable, { status: 200, headers: SSE_HEADERS }), stamped: false });
  }

  private write(frame: string): void {
    const stream = this.stream;
    if (!stream || stream.closed) return;
    try {
      stream.controller.enqueue(stream.encoder.encode(frame));
    } catch {
      // The reader is gone; the answer has nowhere to go.
    }
  }

  private end(): void {
    const stream = this.stream;
    if (!stream || stream.closed) return;
    stream.closed = true;
    clearInterval(stream.keepAlive);
    try {
      stream.controller.close();
    } catch {
      // Already closed by the reader.
    }
  }
}
