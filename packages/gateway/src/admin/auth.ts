import { keyMatcher } from '@mcp/runtime';
import type { MiddlewareHandler } from 'hono';

/**
 * Admin keys (the runtime's constant-time digest comparison). With no key
 * configured the admin API serves loopback binds only (a developer's machine)
 * and refuses otherwise, so a public gateway is never administrable by anyone
 * who finds it.
 */
export function adminKeyCheck(keys: readonly string[], loopbackBind: boolean): (presented: string | undefined) => boolean {
  const match = keyMatcher(keys);
  return (presented) => (keys.length === 0 ? loopbackBind : match(presented) !== undefined);
}

/** Hono middleware for `X-API-Key` on the admin routes. */
export function adminAuth(keys: readonly string[], loopbackBind: boolean): MiddlewareHandler {
  const allowed = adminKeyCheck(keys, loopbackBind);
  return async (c, next) => {
    if (allowed(c.req.header('x-api-key'))) return next();
    if (keys.length === 0) return c.json({ error: 'forbidden', message: 'The admin API is disabled on a public bind: set GATEWAY_ADMIN_API_KEYS.' }, 403);
    return c.json({ error: 'unauthorized', message: 'Send a valid admin key in X-API-Key.' }, 401);
  };
}
