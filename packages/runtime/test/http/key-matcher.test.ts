import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiKeyAuthenticator, keyMatcher } from '../../src/index.js';

// The fingerprint is computed here with a Hash object, independently of the
// matcher's one-shot hashing, so both paths must give the same bytes.
const fingerprint = (key: string) => `key:${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

describe('keyMatcher', () => {
  const keys = ['first-key-0123456789', 'second-key-abcdefghij', 'ключ-ünïcode-🔑'];
  const match = keyMatcher(keys);

  it('names the matching key by its SHA-256 fingerprint, never by the key', () => {
    for (const key of keys) {
      expect(match(key)).toBe(fingerprint(key));
      expect(match(key)).not.toContain(key);
    }
  });

  it('refuses missing, empty, truncated, extended and case-changed keys', () => {
    for (const presented of [undefined, '', 'first-key-012345678', 'first-key-0123456789 ', 'FIRST-KEY-0123456789', 'unknown']) {
      expect(match(presented)).toBeUndefined();
    }
  });

  it('apiKeyAuthenticator reads Bearer and X-API-Key', async () => {
    const auth = apiKeyAuthenticator(keys);
    const bearer = new Request('http://x/', { headers: { authorization: `Bearer ${keys[1]}` } });
    const header = new Request('http://x/', { headers: { 'x-api-key': keys[0] as string } });
    const wrong = new Request('http://x/', { headers: { 'x-api-key': 'nope' } });
    expect(await auth(bearer)).toEqual({ id: fingerprint(keys[1] as string) });
    expect(await auth(header)).toEqual({ id: fingerprint(keys[0] as string) });
    expect(await auth(wrong)).toBeUndefined();
  });
});
