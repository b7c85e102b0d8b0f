import type { GatewayEnv } from '../env.js';
import { type JwtSettings, jwtSettingsSchema } from './jwt-auth.js';
import type { ProtectedResourceSettings } from './protected-resource.js';

export interface JwtConfig {
  settings: JwtSettings;
  resource: ProtectedResourceSettings;
}

/**
 * The OAuth resource-server settings, or undefined when GATEWAY_JWT_JWKS_URL
 * is unset. The variables that only make sense together are checked here, at
 * start-up, with one line naming what is missing.
 */
export function jwtConfigFromEnv(env: GatewayEnv): JwtConfig | undefined {
  if (!env.GATEWAY_JWT_JWKS_URL) return undefined;
  if (!env.GATEWAY_JWT_ISSUER) throw new Error('GATEWAY_JWT_ISSUER is required with GATEWAY_JWT_JWKS_URL (the `iss` tokens must carry).');
  const audience = env.GATEWAY_JWT_AUDIENCE.length > 0 ? env.GATEWAY_JWT_AUDIENCE : env.GATEWAY_RESOURCE_URL ? [env.GATEWAY_RESOURCE_URL] : [];
  // Without an audience check a token minted for any other API of the same issuer would open the gateway.
  if (audience.length === 0) throw new Error('GATEWAY_JWT_AUDIENCE (or GATEWAY_RESOURCE_URL) is required with GATEWAY_JWT_JWKS_URL.');
  const settings = jwtSettingsSchema.parse({
    jwksUrl: env.GATEWAY_JWT_JWKS_URL,
    issuer: env.GATEWAY_JWT_ISSUER,
    audience,
    algorithms: env.GATEWAY_JWT_ALGORITHMS,
    scopeClaim: env.GATEWAY_JWT_SCOPE_CLAIM,
    clockToleranceSeconds: env.GATEWAY_JWT_CLOCK_TOLERANCE_SECONDS,
    jwksCooldownMs: env.GATEWAY_JWT_JWKS_COOLDOWN_MS,
    jwksCacheMaxAgeMs: env.GATEWAY_JWT_JWKS_CACHE_MS,
    jwksTimeoutMs: env.GATEWAY_JWT_JWKS_TIMEOUT_MS,
  });
  const servers = env.GATEWAY_OAUTH_AUTHORIZATION_SERVERS.length > 0 ? env.GATEWAY_OAUTH_AUTHORIZATION_SERVERS : [env.GATEWAY_JWT_ISSUER];
  return { settings, resource: { resourceUrl: env.GATEWAY_RESOURCE_URL, authorizationServers: servers } };
}
