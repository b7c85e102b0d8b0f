import { keyMatcher } from '@mcp/runtime';

/**
 * Who made an admin API call, for the audit log: `admin:key:<fingerprint>`
 * (the runtime's non-secret sha256 prefix of the admin key, as for other
 * identities; never the key itself), or `admin:loopback` when no admin key is
 * configured and the loopback bind alone let the call through.
 */
export function adminActorOf(adminKeys: readonly string[]): (presentedKey: string | undefined) => string {
  const match = keyMatcher(adminKeys);
  return (presented) => {
    if (adminKeys.length === 0) return 'admin:loopback';
    const id = match(presented);
    // The admin middleware has already refused unknown keys; this is only reached for a valid one.
    return id ? `admin:${id}` : 'admin:unknown';
  };
}

/** The actor of actions the gateway takes by itself (canary auto-rollback). */
export const SYSTEM_CANARY_ACTOR = 'system:canary';
