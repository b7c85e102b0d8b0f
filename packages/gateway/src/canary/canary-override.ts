import * as z from 'zod';

/**
 * A canary's state changed at run time, as kept in `canary_overrides`: shared
 * by every replica and kept across restarts. It applies only while the
 * backend's `canary` config hashes to `targetHash`: a new canary config (a
 * new version, or a new weight) makes it inert, so the new canary starts at
 * its configured weight.
 */
export const canaryOverrideSchema = z.object({
  backend: z.string().min(1),
  targetHash: z.string().min(1),
  state: z.enum(['active', 'rolled_back', 'promoted']),
  weight: z.number().int().min(0).max(100),
  reason: z.string().nullable(),
  actor: z.string().min(1),
  /** ISO timestamp; the newer of two writes wins, and a replica applies a row newer than its own last change. */
  updatedAt: z.iso.datetime(),
});

export type CanaryOverride = z.infer<typeof canaryOverrideSchema>;

export interface CanaryOverrideStore {
  list(): Promise<CanaryOverride[]>;
  /** Inserts or replaces the backend's row, unless the stored one is newer (a late write never undoes a later action). */
  put(override: CanaryOverride): Promise<void>;
}
