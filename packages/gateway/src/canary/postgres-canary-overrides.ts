import type pg from 'pg';
import { type CanaryOverride, type CanaryOverrideStore, canaryOverrideSchema } from './canary-override.js';

interface Row {
  backend: string;
  target_hash: string;
  state: string;
  weight: number;
  reason: string | null;
  actor: string;
  updated_at: Date;
}

/** canary_overrides on the PostgresStore's pool. */
export class PostgresCanaryOverrides implements CanaryOverrideStore {
  constructor(private readonly pool: pg.Pool) {}

  async list(): Promise<CanaryOverride[]> {
    const { rows } = await this.pool.query<Row>('SELECT backend, target_hash, state, weight, reason, actor, updated_at FROM canary_overrides ORDER BY backend');
    return rows.map((r) =>
      canaryOverrideSchema.parse({
        backend: r.backend,
        targetHash: r.target_hash,
        state: r.state,
        weight: r.weight,
        reason: r.reason,
        actor: r.actor,
        updatedAt: r.updated_at.toISOString(),
      }),
    );
  }

  async put(o: CanaryOverride): Promise<void> {
    await this.pool.query(
      `INSERT INTO canary_overrides (backend, target_hash, state, weight, reason, actor, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz)
       ON CONFLICT (backend) DO UPDATE SET target_hash = excluded.target_hash, state = excluded.state, weight = excluded.weight,
         reason = excluded.reason, actor = excluded.actor, updated_at = excluded.updated_at
       WHERE excluded.updated_at >= canary_overrides.updated_at`,
      [o.backend, o.targetHash, o.state, o.weight, o.reason, o.actor, o.updatedAt],
    );
  }
}
