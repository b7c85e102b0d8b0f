import { createHash } from 'node:crypto';
import { InvalidInputError } from '@mcp/runtime';
import { detectSecrets } from './secrets.js';

/** Whitespace runs collapsed and ends trimmed, Unicode NFC: two copies that differ only in spacing are one memory. */
export function normalizeContent(content: string): string {
  return content.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** The dedupe key: sha256 (hex) of the normalised content. */
export function contentHash(content: string): string {
  return createHash('sha256').update(normalizeContent(content)).digest('hex');
}

/** Tags trimmed, lower-cased, de-duplicated and sorted (byte order), so filters and merges agree on both engines. */
export function normalizeTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort();
}

/** Refuses content over the configured size, naming the setting. */
export function assertContentSize(content: string, max: number, what = 'content'): void {
  if (content.length > max) {
    throw new InvalidInputError(`The ${what} has ${content.length} characters; the limit is ${max} (AI_MEMORY_MAX_CONTENT_CHARS).`, {
      hint: 'Store a shorter summary, or split it into several memories.',
    });
  }
}

/** Refuses text that contains a detected secret, naming the kind of secret but never echoing it. */
export function assertNoSecrets(text: string, what = 'content'): void {
  const findings = detectSecrets(text);
  if (findings.length === 0) return;
  const kinds = [...new Set(findings.map((f) => f.description))].join(', ');
  throw new InvalidInputError(`The ${what} looks like it contains a secret (${kinds}); memories are not a secret store, so nothing was saved.`, {
    hint: 'Remove the secret — keep a reference instead, such as the name of the entry in your secret manager — and call the tool again.',
    details: { rules: [...new Set(findings.map((f) => f.rule))] },
  });
}

/** Instant `days` from `now` (ISO), or null without a TTL. */
export function expiryFrom(now: Date, days: number | null | undefined): string | null {
  if (days === undefined || days === null) return null;
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}

/**
 * An instant from `2025-01-31`, `2025-01-31T12:00:00Z` or a relative `30d` /
 * `12h` (before `now`), as ISO 8601; throws naming the field otherwise.
 */
export function parseInstant(value: string, now: Date, field: string): string {
  const relative = /^(\d{1,6})\s*([dh])$/i.exec(value.trim());
  if (relative) {
    const hours = Number(relative[1]) * (relative[2]!.toLowerCase() === 'd' ? 24 : 1);
    return new Date(now.getTime() - hours * 3_600_000).toISOString();
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InvalidInputError(`${field} "${value}" is not a date.`, {
      hint: 'Use an ISO 8601 date or time (2025-01-31, 2025-01-31T12:00:00Z) or a relative age such as 30d or 12h.',
    });
  }
  return new Date(ms).toISOString();
}
