import type { CallToolResult } from '@mcp/runtime';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  parseJSONRPCMessage,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  specTypeSchemas,
} from '@modelcontextprotocol/client';
import type { PooledFetch, PooledResponse } from './pooled-fetch.js';
import type { CallRelay } from './relay.js';
import { readSse } from './sse-reader.js';

/**
 * The direct route for a plain 2026-07-28 `tools/call` to a Streamable HTTP
 * backend: the same POST the SDK client sends (same headers, same envelope),
 * over the backend's pool, with the answer read here instead of by the SDK
 * client's protocol layer (request bookkeeping, per-call `Headers`, two zod
 * passes over the JSON-RPC envelope — ~14 % of the gateway's CPU in bench/,
 * issue 5). Every outcome is mapped to what the SDK client would have thrown
 * or returned (the same classes, codes and messages), so breaker, timeout and
 * error handling in CallingBackend see no difference;
 * test/backends/direct-call-differential.test.ts compares both routes against
 * a real service. Requests the route cannot reproduce are not sent here (see
 * `directEligibleName` and CallingBackend); a redirect, which the SDK would
 * follow (the backend ran nothing), is handed back as `'fallback'`.
 */
export interface DirectRoute {
  callTool(call: DirectCall): Promise<CallToolResult | 'fallback'>;
}

export interface DirectCall {
  name: string;
  /** `arguments` plus any retry fields (`inputResponses`, `requestState`), as the SDK would put them in params. */
  params: Record<string, unknown>;
  /** The caller's `_meta` (traceparent, log level, capabilities): wins over the envelope's keys, as in the SDK. */
  meta: Record<string, unknown> | undefined;
  traceparent?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  relay?: CallRelay;
}

export interface DirectRouteOptions {
  pooled: PooledFetch;
  url: URL;
  /** The backend's configured headers (the SDK transport's `requestInit.headers`). */
  headers: Record<string, string>;
  clientInfo: Record<string, unknown>;
  /** The gateway's own client capabilities (the SDK envelope's default). */
  capabilities: Record<string, unknown>;
  /** The negotiated protocol version at call time. */
  protocolVersion: () => string | undefined;
}

/** Names the SDK sends as is in `Mcp-Name` (others it base64-encodes: left to the SDK). */
const PLAIN_NAME = /^[A-Za-z0-9_.\-/:]{1,128}$/;

export function directEligibleName(name: string): boolean {
  return PLAIN_NAME.test(name);
}

/** A tool whose inputSchema declares `x-mcp-header` params needs the SDK client's header mirroring. */
export function declaresMcpHeaders(inputSchema: unknown): boolean {
  return JSON.stringify(inputSchema ?? {}).includes('"x-mcp-header"');
}

export function createDirectRoute(options: DirectRouteOptions): DirectRoute {
  const path = `${options.url.pathname}${options.url.search}`;
  // What the SDK transport builds per request from requestInit.headers; built once here.
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.headers)) base[key.toLowerCase()] = value;
  const accept = [...(base.accept?.split(',').map((s) => s.trim().toLowerCase()) ?? []), 'application/json', 'text/event-stream'];
  base.accept = [...new Set(accept)].join(', ');
  base['content-type'] = 'application/json';
  let nextId = 1;

  const reply = (headers: Record<string, string>, body: unknown) => {
    const controller = new AbortController();
    const { 'mcp-method': _m, 'mcp-name': _n, ...rest } = headers;
    void options.pooled
      .post(path, rest, JSON.stringify(body), controller.signal)
      .then((res) => res.text())
      .catch(() => {});
  };

  return {
    callTool(call) {
      const version = options.protocolVersion();
      if (version === undefined) return Promise.resolve('fallback');
      const id = `g${nextId++}`;
      const headers: Record<string, string> = { ...base, 'mcp-protocol-version': version, 'mcp-method': 'tools/call', 'mcp-name': call.name };
      if (call.traceparent) headers.traceparent = call.traceparent;
      const envelope = {
        [PROTOCOL_VERSION_META_KEY]: version,
        [CLIENT_INFO_META_KEY]: options.clientInfo,
        [CLIENT_CAPABILITIES_META_KEY]: options.capabilities,
        ...call.meta,
      };
      const body = JSON.stringify({ method: 'tools/call', params: { name: call.name, ...call.params, _meta: envelope }, jsonrpc: '2.0', id });
      return exchange(options.pooled, path, headers, body, id, call, (message) => answerServerRequest(message, headers, reply));
    },
  };
}

type Message = Record<string, unknown>;

/** One request/answer, with the SDK's timeout and abort semantics (Protocol._requestWithSchemaViaCodec). */
function exchange(
  pooled: PooledFetch,
  path: string,
  headers: Record<string, string>,
  body: string,
  id: string,
  call: DirectCall,
  onServerRequest: (message: Message) => void,
): Promise<CallToolResult | 'fallback'> {
  const signal = call.signal;
  if (signal?.aborted) return Promise.reject(asSdkAbort(signal.reason));
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    let settled = false;
    const finish = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      if (settled) return;
      finish();
      controller.abort();
      reject(error);
    };
    const done = (value: CallToolResult | 'fallback') => {
      if (settled) return;
      finish();
      resolve(value);
    };
    const onAbort = () => fail(asSdkAbort(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => fail(new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out', { timeout: call.timeoutMs })), call.timeoutMs);

    const onMessage = (message: Message): boolean => {
      if (message.id === id && ('result' in message || 'error' in message)) {
        try {
          done(decode(message));
        } catch (error) {
          fail(error);
        }
        return true;
      }
      if (typeof message.method === 'string') {
        if ('id' in message) onServerRequest(message);
        else if (message.method === 'notifications/message') call.relay?.log?.(message.params as { level: string; data: unknown; logger?: string });
      }
      return false;
    };

    pooled
      .post(path, headers, body, controller.signal)
      .then((res) => read(res, id, onMessage))
      .then((outcome) => {
        if (outcome === 'fallback') done('fallback');
        // Otherwise, like the SDK, a POST that ended without our answer waits for the timeout.
      })
      .catch(fail);
  });
}

/** Reads the POST's answer as the SDK transport does (`_send`); messages go to `onMessage`. */
async function read(res: PooledResponse, id: string, onMessage: (message: Message) => boolean): Promise<'fallback' | undefined> {
  if (res.status >= 300 && res.status < 400) {
    // The SDK follows a same-origin redirect itself (re-POSTing); the backend ran nothing: let it.
    await res.text().catch(() => {});
    return 'fallback';
  }
  if (!res.ok) {
    const text = await res.text().catch(() => null);
    if (res.status === 400 && typeof text === 'string') {
      try {
        const parsed = JSON.parse(text) as Message;
        if (parsed?.id === id && 'error' in parsed) {
          parseJSONRPCMessage(parsed);
          onMessage(parsed);
          return undefined;
        }
      } catch {
        // Not a JSON-RPC error for this request: the HTTP error below, as in the SDK.
      }
    }
    // The SDK client's own error for a failed POST (its code is named
    // ClientHttpNotImplemented); mirrored so callers cannot tell the routes apart.
    throw new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, `Error POSTing to endpoint: ${text}`, {
      status: res.status,
      statusText: res.statusText,
      text,
    });
  }
  if (res.status === 202) {
    await res.text().catch(() => {});
    return undefined;
  }
  const contentType = res.headers.get('content-type');
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (media === 'text/event-stream') {
    for await (const data of readSse(res.nodeBody())) {
      let message: Message;
      try {
        message = JSON.parse(data) as Message;
        if (!isOurAnswer(message, id)) parseJSONRPCMessage(message);
      } catch {
        continue; // The SDK reports a bad event and reads on.
      }
      if (onMessage(message)) return undefined;
    }
    return undefined;
  }
  if (media === 'application/json') {
    const data = JSON.parse(await res.text()) as unknown;
    const messages = Array.isArray(data) ? data : [data];
    for (const message of messages) if (!isOurAnswer(message, id)) parseJSONRPCMessage(message);
    for (const message of messages) onMessage(message as Message);
    return undefined;
  }
  await res.text().catch(() => {});
  throw new SdkError(SdkErrorCode.ClientHttpUnexpectedContent, `Unexpected content type: ${contentType}`, { contentType });
}

/** The common case checked cheaply; anything else goes through the SDK's own message schema. */
function isOurAnswer(message: unknown, id: string): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Message;
  if (m.jsonrpc !== '2.0' || m.id !== id) return false;
  if ('result' in m) return typeof m.result === 'object' && m.result !== null && !Array.isArray(m.result) && !('error' in m);
  const error = m.error as Message | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'number' && Number.isInteger(error.code) && typeof error.message === 'string';
}

/** The SDK client's result handling for `tools/call` with `allowInputRequired` (rev2026 codec `decodeResult`, then the result schema). */
function decode(message: Message): CallToolResult {
  if ('error' in message) {
    const error = message.error as { code: number; message: string; data?: unknown };
    throw ProtocolError.fromError(error.code, error.message, error.data);
  }
  const method = 'tools/call';
  const raw = message.result;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SdkError(SdkErrorCode.InvalidResult, `Invalid result for ${method}: not an object`, { method });
  }
  const result = raw as Message;
  const resultType = result.resultType;
  if (resultType === undefined) {
    throw new SdkError(
      SdkErrorCode.InvalidResult,
      `Invalid result for ${method}: missing required resultType — servers implementing protocol revision 2026-07-28 MUST include it (the absent-means-complete bridge applies only to earlier-revision servers)`,
      { method, violation: 'missing-resultType' },
    );
  }
  if (typeof resultType !== 'string')
    throw new SdkError(SdkErrorCode.InvalidResult, `Invalid result for ${method}: non-string resultType`, { method, resultType });
  if (resultType === 'input_required') return inputRequired(result, method);
  if (resultType !== 'complete')
    throw new SdkError(SdkErrorCode.UnsupportedResultType, `Unsupported result type '${resultType}' for ${method}`, { resultType, method });
  const { resultType: _complete, ...lifted } = result;
  const checked = specTypeSchemas.CallToolResult['~standard'].validate(lifted);
  if (checked instanceof Promise) throw new TypeError('CallToolResult schema validated asynchronously');
  if (checked.issues !== undefined) {
    throw new SdkError(SdkErrorCode.InvalidResult, `Invalid result for ${method}: ${checked.issues.map((i) => i.message).join('; ')}`, { method });
  }
  return checked.value as CallToolResult;
}

function inputRequired(result: Message, method: string): CallToolResult {
  const inputRequests =
    typeof result.inputRequests === 'object' && result.inputRequests !== null && !Array.isArray(result.inputRequests) ? result.inputRequests : {};
  const requestState = typeof result.requestState === 'string' ? result.requestState : undefined;
  if (Object.keys(inputRequests).length === 0 && requestState === undefined) {
    throw new SdkError(
      SdkErrorCode.InvalidResult,
      `Invalid result for ${method}: input_required carries neither inputRequests nor requestState (every input_required result must include at least one of the two)`,
      { method, violation: 'input-required-missing-both' },
    );
  }
  const meta = typeof result._meta === 'object' && result._meta !== null && !Array.isArray(result._meta) ? result._meta : undefined;
  return {
    resultType: 'input_required',
    inputRequests,
    ...(requestState !== undefined && { requestState }),
    ...(meta !== undefined && { _meta: meta }),
  } as unknown as CallToolResult;
}

function asSdkAbort(reason: unknown): unknown {
  return reason instanceof SdkError ? reason : new SdkError(SdkErrorCode.RequestTimeout, String(reason));
}

/**
 * A request from the backend on the call's stream: the gateway's SDK client
 * would dispatch it to its handlers, which for a 2026-07-28 caller (no
 * elicit/sample in its relay) refuse; answered the same way here.
 */
function answerServerRequest(message: Message, headers: Record<string, string>, reply: (headers: Record<string, string>, body: unknown) => void): void {
  const method = String(message.method);
  const what = method === 'elicitation/create' ? 'elicitation' : method === 'sampling/createMessage' ? 'sampling' : undefined;
  const error = what
    ? { code: ProtocolErrorCode.InvalidRequest, message: `The gateway cannot relay this ${what} request to the caller` }
    : { code: ProtocolErrorCode.MethodNotFound, message: 'Method not found' };
  reply(headers, { jsonrpc: '2.0', id: message.id, error });
}
