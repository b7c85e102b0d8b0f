import type { Hono } from 'hono';

export interface ProtectedResourceSettings {
  /** The canonical URL of the gateway's MCP endpoint (GATEWAY_RESOURCE_URL); derived from the request when unset. */
  resourceUrl: string | undefined;
  /** Issuers a client may get tokens from (GATEWAY_OAUTH_AUTHORIZATION_SERVERS, default the JWT issuer). */
  authorizationServers: readonly string[];
}

export const PRM_PATH = '/.well-known/oauth-protected-resource';

/** The resource this request addressed: the configured URL, or `<origin>/mcp` of the request. */
export function resourceUrlFor(settings: ProtectedResourceSettings, request: Request): string {
  return settings.resourceUrl ?? new URL('/mcp', request.url).href;
}

/** RFC 9728 §3.1: the well-known segment goes between the host and the resource's path. */
export function metadataUrlFor(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}${PRM_PATH}${path}`;
}

/** A quoted-string of an auth-param (RFC 9110 §5.6.4): our own texts, stripped of what would need escaping. */
const quoted = (value: string) => `"${value.replace(/["\\\r\n]/g, '')}"`;

/**
 * `Bearer resource_metadata="…"` (MCP authorization, RFC 9728 §5.1), plus
 * `error`/`error_description` when a token was presented and refused
 * (RFC 6750 §3). A request without credentials gets no error code (§3.1).
 */
export function bearerChallenge(metadataUrl: string, error?: string, description?: string): string {
  const params = [`resource_metadata=${quoted(metadataUrl)}`];
  if (error) params.push(`error=${quoted(error)}`);
  if (description) params.push(`error_description=${quoted(description)}`);
  return `Bearer ${params.join(', ')}`;
}

/**
 * Serves the Protected Resource Metadata document (RFC 9728) that MCP
 * clients read after a 401 to find the authorization server. Public, like
 * any discovery document: it names where tokens come from, nothing secret.
 */
export function mountProtectedResourceRoutes(app: Hono, settings: ProtectedResourceSettings): void {
  const serve = (request: Request) => ({
    resource: resourceUrlFor(settings, request),
    authorization_servers: [...settings.authorizationServers],
    bearer_methods_supported: ['header'],
    scopes_supported: ['ns:*', 'tool:*', 'read-only'],
    resource_name: 'MCP fleet gateway',
  });
  app.get(PRM_PATH, (c) => c.json(serve(c.req.raw), 200, { 'cache-control': 'max-age=300' }));
  app.get(`${PRM_PATH}/*`, (c) => c.json(serve(c.req.raw), 200, { 'cache-control': 'max-age=300' }));
}
