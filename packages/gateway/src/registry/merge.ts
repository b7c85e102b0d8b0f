import type { NamedBackendConfig } from '../config/schema.js';
import type { StoredConfig } from '../store/store.js';

export interface MergeResult {
  configs: NamedBackendConfig[];
  /** Names defined in both places: the store's record wins (it is what operators changed at run time). */
  overridden: string[];
}

/** The desired registry: the file's entries, with store records added or overriding by name. */
export function mergeRegistry(fileConfigs: readonly NamedBackendConfig[], stored: readonly StoredConfig[]): MergeResult {
  const byName = new Map<string, NamedBackendConfig>();
  for (const entry of fileConfigs) byName.set(entry.name, entry);
  const overridden: string[] = [];
  for (const record of stored) {
    if (byName.has(record.name)) overridden.push(record.name);
    byName.set(record.name, { name: record.name, config: record.config, source: 'store' });
  }
  const configs = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { configs, overridden };
}
