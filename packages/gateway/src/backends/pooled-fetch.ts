import { pipeline, Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Pool } from 'undici';

/** What undici hands back for a response's headers. */
type RawHeaders = Record<string, string | string[] | undefined>;

/**
 * The read-only part of `Headers` the SDK's transport uses on a response
 * (`get`, `has`, iteration), over undici's plain header object: building a
 * real `Headers` per response is measurable at gateway rates and buys nothing.
 */
class ResponseHeaders {
  constructor(private readonly raw: RawHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  forEach(callback: (value: string, key: string) => void): void {
    for (const [key, value] of this) callback(value, key);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const key of Object.keys(this.raw)) {
      const value = this.get(key);
      if (value !== null) yield [key, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

type UndiciBody = Awaited<ReturnType<Pool['request']>>['body'];

/**
 * The part of `Response` the SDK's Streamable HTTP transport reads: status,
 * headers, `text()`/`json()` for JSON answers and `body` (a web stream, made
 * only when asked) for SSE answers. The web `Response` it stands in for costs
 * a stream, a body mixin and a headers list per call.
 */
export class PooledResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  readonly statusText = '';
  readonly headers: ResponseHeaders;
  private webBody: ReadableStream<Uint8Array> | null | undefined;
  bodyUsed = false;

  /** The body decoded as fetch would (Content-Encoding), when the backend encoded it. */
  private readonly decoded: Readable | undefined;

  constructor(
    readonly status: number,
    headers: RawHeaders,
    readonly url: string,
    private readonly raw: UndiciBody,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = new ResponseHeaders(headers);
    this.decoded = decode(raw, this.headers.get('content-encoding'));
  }

  /** The decoded body as a Node stream (the direct tools/call route reads SSE from it without web streams). */
  nodeBody(): Readable {
    this.claim();
    return this.decoded ?? this.raw;
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.webBody === undefined) {
      this.bodyUsed = true;
      this.webBody = Readable.toWeb(this.decoded ?? this.raw) as ReadableStream<Uint8Array>;
    }
    return this.webBody;
  }

  async text(): Promise<string> {
    this.claim();
    if (!this.decoded) return this.raw.text();
    return (await collect(this.decoded)).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.claim();
    if (!this.decoded) return this.raw.arrayBuffer();
    const bytes = await collect(this.decoded);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  private claim(): void {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
  }
}

export interface PooledFetch {
  /** A `fetch` for the SDK's transport: same-origin requests go over the pool, anything else to global fetch. */
  fetch: typeof globalThis.fetch;
  /**
   * POSTs a string body on the pool as is (the direct tools/call route, see
   * direct-call.ts). Rejects as `fetch` would: the signal's reason on abort,
   * `TypeError('fetch failed')` on a network failure.
   */
  post(path: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PooledResponse>;
  /** Closes the pool's connections (in-flight requests are cut). */
  close(): Promise<void>;
}

/**
 * A keep-alive undici pool to one backend's origin, exposed as the `fetch`
 * the SDK transport calls. Measured in bench/ (issue 5): the web `fetch` path
 * (Request, Response, web streams, signal plumbing) was the largest single
 * cost of a gateway hop; `Pool.request` gives the same HTTP exchange without
 * it. Behaviour the transport relies on is kept: redirects are never followed
 * (the SDK asks for `redirect: 'manual'` and follows same-origin ones itself),
 * network failures reject with fetch's own `TypeError('fetch failed')`, an
 * aborted signal rejects with its reason. Requests this cannot carry (another
 * origin, a streamed body) go to the global fetch unchanged.
 */
export function createPooledFetch(origin: string): PooledFetch {
  const base = new URL(origin);
  // Unbounded connections like the global dispatcher, so concurrency and queueing are as before.
  const pool = new Pool(base.origin);

  const pooled = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? undefined : new URL(String(input));
    const body = init?.body;
    if (!url || url.origin !== base.origin || (body != null && typeof body !== 'string') || (init?.redirect !== undefined && init.redirect !== 'manual')) {
      return globalThis.fetch(input, init);
    }
    const headers = plainHeaders(init?.headers);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    try {
      const res = await pool.request({
        path: `${url.pathname}${url.search}`,
        method: (init?.method ?? 'GET').toUpperCase() as 'GET',
        headers,
        ...(typeof body === 'string' && { body }),
        ...(signal && { signal }),
      });
      return new PooledResponse(res.statusCode, res.headers, url.href, res.body) as unknown as Response;
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      throw new TypeError('fetch failed', { cause: error });
    }
  };

  const post = async (path: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PooledResponse> => {
    if (signal.aborted) throw abortReason(signal);
    try {
      const res = await pool.request({ path, method: 'POST', headers, body, signal });
      return new PooledResponse(res.statusCode, res.headers, `${base.origin}${path}`, res.body);
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      throw new TypeError('fetch failed', { cause: error });
    }
  };

  return {
    fetch: pooled as typeof globalThis.fetch,
    post,
    close: () => pool.destroy(),
  };
}

/** Request headers as undici takes them; the SDK passes a `Headers`, iterated as is rather than copied. */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const source = init instanceof Headers ? init : new Headers(init);
  source.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/**
 * fetch decodes gzip, deflate and br bodies; the pool does not. The gateway
 * sends no Accept-Encoding, so a backend should not encode, but one behind a
 * compressing proxy may: decode as fetch would rather than hand the SDK bytes.
 */
function decode(raw: Readable, encoding: string | null): Readable | undefined {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return undefined;
  const decoder =
    coding === 'gzip' || coding === 'x-gzip' ? createGunzip() : coding === 'deflate' ? createInflate() : coding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return undefined;
  return pipeline(raw, decoder, () => {});
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
