import { AuthenticationError } from '@mcp/runtime';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import * as z from 'zod';
import { scopesFromClaim } from './jwt-scopes.js';
import type { GatewayPrincipal } from './scopes.js';

/** Asymmetric algorithms only: a shared-secret (HS*) or `none` token can never verify against a JWKS. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

export const jwtSettingsSchema = z.object({
  jwksUrl: z.url({ protocol: /^https?$/ }),
  issuer: z.string().min(1),
  audience: z.array(z.string().min(1)).min(1),
  algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1),
  /** The claim holding `ns:…`/`tool:…`/`read-only` entries (see jwt-scopes.ts). */
  scopeClaim: z.string().min(1),
  clockToleranceSeconds: z.number().int().min(0).max(300),
  /** A refetch for an unknown `kid` waits at least this long after the last fetch (jose's cooldown). */
  jwksCooldownMs: z.number().int().min(0),
  /** A key set older than this is refetched before use. */
  jwksCacheMaxAgeMs: z.number().int().min(1),
  jwksTimeoutMs: z.number().int().min(1),
});
export type JwtSettings = z.infer<typeof jwtSettingsSchema>;

/** Whether a bearer value is shaped like a JWS compact JWT (three base64url parts, a JSON header). */
export function looksLikeJwt(value: string): boolean {
  return value.startsWith('eyJ') && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value);
}

/** Builds the WWW-Authenticate value of a refusal (RFC 6750 error code and description). */
export type ChallengeFor = (error?: string, description?: string) => string;

export interface JwtVerifier {
  /** The principal of a valid token; throws AuthenticationError (401 invalid_token, or 503) otherwise. */
  verify(token: string, challenge: ChallengeFor): Promise<GatewayPrincipal>;
}

/**
 * OAuth resource-server mode: bearer JWTs verified against the issuer's JWKS.
 * jose's remote key set caches the keys, refetches on an unknown `kid` (key
 * rotation, at most once per cooldown) and when the cache is older than its
 * max age. The caller's `challenge` builds the WWW-Authenticate value (it
 * carries `resource_metadata`, see protected-resource.ts).
 */
export function jwtVerifier(settings: JwtSettings): JwtVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
    cooldownDuration: settings.jwksCooldownMs,
    cacheMaxAge: settings.jwksCacheMaxAgeMs,
    timeoutDuration: settings.jwksTimeoutMs,
  });
  return {
    async verify(token, challenge) {
      const invalid = (description: string) =>
        new AuthenticationError(`Unauthorized: invalid bearer token: ${description}.`, { challenge: challenge('invalid_token', description) });
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: [...settings.algorithms],
          clockTolerance: settings.clockToleranceSeconds,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        throw describe(error, invalid);
      }
      // `scope` (RFC 8693, a string) and `scp` (an array, Azure AD/Okta) name the same thing.
      const claim = payload[settings.scopeClaim] ?? (settings.scopeClaim === 'scope' ? payload.scp : undefined);
      const { scopes, raw } = scopesFromClaim(claim);
      const sub = String(payload.sub);
      const name = typeof payload.client_id === 'string' ? `${sub} (client ${payload.client_id})` : sub;
      return { id: `jwt:${sub}`, name, kind: 'jwt', access: scopes, scopes: raw } satisfies GatewayPrincipal;
    },
  };
}

/** Caller's fault → 401 with the reason; the key set unreachable or broken → 503 (retry later), never a crash. */
function describe(error: unknown, invalid: (description: string) => AuthenticationError): AuthenticationError {
  if (error instanceof errors.JWTExpired) return invalid('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const what: Record<string, string> = {
      iss: 'the token was issued by another issuer',
      aud: 'the token is meant for another audience',
      nbf: 'the token is not valid yet',
      sub: 'the token has no subject',
      exp: 'the token has no expiry',
    };
    return invalid(what[error.claim] ?? `claim ${error.claim} is invalid (${error.reason})`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return invalid("no key of the issuer's key set matches the token's key id");
  if (error instanceof errors.JWKSMultipleMatchingKeys) return invalid("several keys of the issuer's key set match the token; it needs a key id");
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('the token is signed with an algorithm this gateway does not accept');
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('the signature does not verify');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return invalid('the token is malformed');
  }
  // JWKSTimeout, a non-200 or non-JSON key set, a refused connection: our problem, not the caller's.
  return new AuthenticationError("Service Unavailable: the identity provider's key set (GATEWAY_JWT_JWKS_URL) could not be fetched; retry later.", {
    status: 503,
    retryAfterSeconds: 5,
    cause: error,
  });
}
