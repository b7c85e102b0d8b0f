import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

const digest = (v: string) => createHash('sha256').update(v).digest();

/**
 * Admin API keys (`X-API-Key`). With no key configured the admin API serves
 * loopback binds only (a developer's machine) and refuses otherwise, so a
 * public gateway is never administrable by anyone who finds it.
 */
export function adminAuth(keys: readonly string[], loopbackBind: boolean): MiddlewareHandler {
  const digests = keys.map(digest);
  return async (c, next) => {
    if (digests.length === 0) {
      if (loopbackBind) return next();
      return c.json({ error: 'forbidden', message: 'The admin API is disabled: set GATEWAY_ADMIN_API_KEYS.' }, 403);
    }
    const presented = c.req.header('x-api-key');
    const d = presented ? digest(presented) : undefined;
    let ok = false;
    for (const key of digests) if (d && timingSafeEqual(d, key)) ok = true;
    if (!ok) return c.json({ error: 'unauthorized', message: 'Send a valid admin key in X-API-Key.' }, 401);
    return next();
  };
}
