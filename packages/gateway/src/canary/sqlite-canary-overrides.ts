import type Database from 'better-sqlite3';
import { type CanaryOverride, type CanaryOverrideStore, canaryOverrideSchema } from './canary-override.js';

interface Row {
  backend: string;
  target_hash: string;
  state: string;
  weight: number;
  reason: string | null;
  actor: string;
  updated_at: string;
}

/** canary_overrides on the SqliteStore's own connection (so ':memory:' works too). */
export class SqliteCanaryOverrides implements CanaryOverrideStore {
  constructor(private readonly db: Database.Database) {}

  async list(): Promise<CanaryOverride[]> {
    const rows = this.db.prepare('SELECT backend, target_hash, state, weight, reason, actor, updated_at FROM canary_overrides ORDER BY backend').all() as Row[];
    return rows.map((r) =>
      canaryOverrideSchema.parse({
        backend: r.backend,
        targetHash: r.target_hash,
        state: r.state,
        weight: r.weight,
        reason: r.reason,
        actor: r.actor,
        updatedAt: r.updated_at,
      }),
    );
  }

  async put(o: CanaryOverride): Promise<void> {
    // ISO timestamps in UTC: text order is time order.
    this.db
      .prepare(
        `INSERT INTO canary_overrides (backend, target_hash, state, weight, reason, actor, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (backend) DO UPDATE SET target_hash = excluded.target_hash, state = excluded.state, weight = excluded.weight,
           reason = excluded.reason, actor = excluded.actor, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= canary_overrides.updated_at`,
      )
      .run(o.backend, o.targetHash, o.state, o.weight, o.reason, o.actor, new Date(o.updatedAt).toISOString());
  }
}
