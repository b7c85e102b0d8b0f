import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface RequestBodyLimitOptions {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}

/**
 * hono's bodyLimit, without its cost on the common request. hono reads
 * `c.req.raw.body` first, which makes @hono/node-server build a full web
 * Request with a ReadableStream — and the body is then read through web
 * streams instead of straight from the IncomingMessage. A declared
 * Content-Length (without Transfer-Encoding) is all the check needs, so it is
 * decided from the headers here; bodies of unknown length (chunked) still go
 * through hono's counting reader.
 */
export function requestBodyLimit(options: RequestBodyLimitOptions): MiddlewareHandler {
  const counting = bodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const headers = c.req.raw.headers;
    const length = headers.get('content-length');
    if (length !== null && !headers.has('transfer-encoding')) {
      if (Number.parseInt(length, 10) > options.maxSize) return options.onError(c);
      return next();
    }
    return counting(c, next);
  };
}
