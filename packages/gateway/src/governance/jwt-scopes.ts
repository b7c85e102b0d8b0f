import type { KeyScopes } from './types.js';

/**
 * How a token's scope claim becomes the gateway's scopes (the same shape API
 * keys have). Entries, space-separated in a string claim (`scope`, RFC 8693)
 * or items of an array claim (`scp`, Azure AD / Okta style):
 *
 * - `ns:<glob>`   a namespace the holder may use (`ns:github`, `ns:*`)
 * - `tool:<glob>` a namespaced tool the holder may call (`tool:github_list_*`)
 * - `read-only`   only tools annotated read-only
 *
 * Other entries (`openid`, `profile`…) are ignored. A token with neither
 * `ns:` nor `tool:` entries may call nothing: an issuer must grant the
 * gateway explicitly (`ns:*` for everything), never by omission.
 */
export function scopesFromClaim(claim: unknown): { scopes: KeyScopes; raw: string[] } {
  const raw = entriesOf(claim);
  const namespaces = raw.filter((s) => s.startsWith('ns:') && s.length > 3).map((s) => s.slice(3));
  const tools = raw.filter((s) => s.startsWith('tool:') && s.length > 5).map((s) => s.slice(5));
  const scopes: KeyScopes = {};
  if (namespaces.length > 0 || tools.length === 0) scopes.namespaces = namespaces;
  if (tools.length > 0) scopes.tools = tools;
  if (raw.includes('read-only')) scopes.readOnly = true;
  return { scopes, raw };
}

function entriesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(/\s+/).filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((s): s is string => typeof s === 'string').flatMap((s) => s.split(/\s+/).filter(Boolean));
  return [];
}
