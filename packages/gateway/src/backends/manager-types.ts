import type { NamedBackendConfig } from '../config/schema.js';
import type { Backend, BackendStatus } from './backend.js';

export interface ApplyReport {
  added: string[];
  removed: string[];
  /** Config changed: the backend was replaced (old one closed after in-flight calls finished). */
  updated: string[];
  unchanged: string[];
}

/**
 * Owns the live backends. `apply` moves from the current set to the desired
 * one as a diff: unchanged backends (same normalized config) and their
 * in-flight calls are not touched.
 */
export interface BackendManager {
  apply(desired: readonly NamedBackendConfig[]): Promise<ApplyReport>;
  get(name: string): Backend | undefined;
  list(): Backend[];
  status(): BackendStatus[];
  /** Fires whenever the set of callable tools/resources/prompts may have changed (health flips, refreshes, apply). */
  onCatalogChanged(listener: () => void): () => void;
  close(): Promise<void>;
}
