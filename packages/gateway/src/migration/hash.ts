import { createHash } from 'node:crypto';
import type { BackendConfig } from '../config/schema.js';
import type { StoredConfig } from '../store/store.js';

/** JSON with object keys sorted at every depth: equal content, equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The content hash of one record: sha256 of its name and config (not its version or timestamps). */
export function recordHash(name: string, config: BackendConfig): string {
  return createHash('sha256').update(canonicalJson({ name, config })).digest('hex');
}

/** Count and per-record hashes of a set of records, by name. */
export interface Snapshot {
  count: number;
  hashes: Map<string, string>;
}

export function snapshotOf(records: readonly Pick<StoredConfig, 'name' | 'config'>[]): Snapshot {
  return { count: records.length, hashes: new Map(records.map((r) => [r.name, recordHash(r.name, r.config)])) };
}

/** Every difference between an expected and an actual snapshot; empty means identical. */
export function compareSnapshots(expected: Snapshot, actual: Snapshot): string[] {
  const problems: string[] = [];
  if (expected.count !== actual.count) problems.push(`record count ${actual.count}, expected ${expected.count}`);
  for (const [name, hash] of expected.hashes) {
    const got = actual.hashes.get(name);
    if (got === undefined) problems.push(`record "${name}" is missing`);
    else if (got !== hash) problems.push(`record "${name}" has hash ${got.slice(0, 12)}…, expected ${hash.slice(0, 12)}…`);
  }
  for (const name of actual.hashes.keys()) if (!expected.hashes.has(name)) problems.push(`record "${name}" is unexpected`);
  return problems;
}
