import { type JSONRPCMessage, PerRequestHTTPServerTransport, ProtocolErrorCode } from '@modelcontextprotocol/server';

/** The parts of the SDK's single-exchange transport this subclass reads (private in its types). */
interface ExchangeState {
  _closed: boolean;
  _requestId?: string | number;
  _terminalDelivered: boolean;
  _dispatchWindowOpen: boolean;
  _sse?: unknown;
  _responseMode: string;
  settleResponse(response: Response): void;
  close(): Promise<void>;
}

/**
 * The SDK's single-exchange transport, except for the common ending: a
 * handler result (or handler error) with nothing streamed before it. The SDK
 * answers that with `Response.json(message)`, an undici Response whose body is
 * a web stream the Node adapter then has to pump; here it is
 * `new Response(JSON.stringify(message))` — the same bytes, status and
 * content type — which @hono/node-server writes to the socket as a string,
 * with the HTTP layer's own response headers (request id, traceparent)
 * already on it so that it need not add them to a built Response.
 * Ladder errors (sent while the message is being dispatched), streamed
 * exchanges and everything else keep the SDK's own code.
 */
export class FastExchangeTransport extends PerRequestHTTPServerTransport {
  /** Set when the plain JSON answer was built here (with the extra headers on it). */
  answered: Response | undefined;

  constructor(
    options: ConstructorParameters<typeof PerRequestHTTPServerTransport>[0],
    /** Headers the HTTP layer adds to every answer, in the sorted order it used to write them after content-type. */
    private readonly extraHeaders: Readonly<Record<string, string>> | undefined,
  ) {
    super(options);
  }

  override async send(message: JSONRPCMessage, options?: Parameters<PerRequestHTTPServerTransport['send']>[1]): Promise<void> {
    const state = this as unknown as ExchangeState;
    // The protocol layer sends the answer it built itself ({ result | error, jsonrpc, id }): told apart
    // from notifications and requests (which carry `method`) by shape, not by the SDK's schema guards
    // (a zod parse each, ~3 % of a call).
    const record = message as Record<string, unknown>;
    const isResponse = !('method' in record) && ('result' in record || 'error' in record);
    if (
      !isResponse ||
      state._closed ||
      state._terminalDelivered ||
      state._dispatchWindowOpen ||
      // The SDK gives this handler error a ladder status (not 200) wherever it is raised.
      (record.error as { code?: unknown } | undefined)?.code === ProtocolErrorCode.MissingRequiredClientCapability ||
      state._sse !== undefined ||
      state._responseMode === 'sse' ||
      state._requestId === undefined ||
      record.id !== state._requestId
    ) {
      return super.send(message, options);
    }
    state._terminalDelivered = true;
    // A plain header object keeps @hono/node-server on its cheap path (no Headers instance to build and sort).
    const headers = this.extraHeaders ? { 'content-type': 'application/json', ...this.extraHeaders } : { 'content-type': 'application/json' };
    this.answered = new Response(JSON.stringify(message), { status: 200, headers });
    state.settleResponse(this.answered);
    queueMicrotask(() => closeQuietly(state));
  }
}

/**
 * Ends the exchange. Closing makes the SDK's protocol layer build an
 * `SdkError('Connection closed')` for handlers still waiting — none, once the
 * answer is out — and capturing its stack trace was ~2.5 % of a call's CPU
 * time. The error is built synchronously inside close(), so it is built here
 * without a stack.
 */
function closeQuietly(state: ExchangeState): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    void state.close();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
