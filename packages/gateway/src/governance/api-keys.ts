import * as crypto from 'node:crypto';
import * as z from 'zod';
import type { ApiKeyRecord, ApiKeyStore, KeyScopes } from './types.js';

/** Prefix so a leaked key is recognisable by secret scanners and in logs. */
export const KEY_PREFIX = 'mcpgw_';

/**
 * sha256, not scrypt: keys are 32 random bytes, so a brute force over the
 * hash is hopeless anyway, and a fast hash lets every request be checked
 * with one indexed lookup.
 */
export function hashKey(key: string): string {
  // One-shot hash where Node has it (>= 20.12): it runs on every request.
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', key, 'hex') : crypto.createHash('sha256').update(key).digest('hex');
}

export const scopesSchema = z
  .object({
    namespaces: z.array(z.string().min(1)).optional(),
    tools: z.array(z.string().min(1)).optional(),
    readOnly: z.boolean().optional(),
  })
  .strict();

export const createKeyBody = z.object({ name: z.string().min(1).max(200), scopes: scopesSchema.default({}) }).strict();

/** Creates a key; the plaintext is returned here only and never stored. */
export async function issueApiKey(store: ApiKeyStore, name: string, scopes: KeyScopes): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
  const record = await store.createApiKey({ id: crypto.randomUUID(), name, keyHash: hashKey(key), scopes });
  return { key, record };
}
