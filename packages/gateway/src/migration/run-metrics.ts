import { defineGauge, type Logger } from '@mcp/runtime';
import { PostgresStore } from '../store/postgres-store.js';
import { SqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';

/**
 * The migration CLI is a short-lived process with no /metrics: its runs are
 * exported by the gateway instead, read from the store's `migration_runs`.
 * Every replica reports the store-wide figures, so rules take the max.
 */
const runs = defineGauge({
  name: 'mcp_migration_runs',
  help: 'Runs of the config migration CLI recorded in the store, by command and outcome',
  labelNames: ['service', 'command', 'outcome'] as const,
});

/** 1 while the newest finished run of a command failed or was rolled back: alert `MCPMigrationFailed`. */
const lastRunFailed = defineGauge({
  name: 'mcp_migration_last_run_failed',
  help: 'Whether the newest finished config migration run of this command failed or was rolled back (1) or not (0)',
  labelNames: ['service', 'command'] as const,
});

const lastRunTime = defineGauge({
  name: 'mcp_migration_last_run_timestamp_seconds',
  help: 'When the newest finished config migration run of this command ended (Unix time)',
  labelNames: ['service', 'command'] as const,
});

/** Outcomes that need a person: the data was not migrated (failed) or a backup was restored (rolled_back). */
export const FAILED_OUTCOMES: readonly string[] = ['failed', 'rolled_back'];

export interface MigrationRunStats {
  counts: { command: string; outcome: string; n: number }[];
  /** The newest finished run of each command. */
  last: { command: string; outcome: string; finishedAt: string }[];
}

const COUNTS_SQL = 'SELECT command, outcome, count(*) AS n FROM migration_runs GROUP BY command, outcome ORDER BY command, outcome';
// Same text on both engines: SQLite keeps ISO strings in UTC (text order is time order), PostgreSQL timestamptz.
const LAST_SQL = `SELECT m.command, m.outcome, m.finished_at FROM migration_runs m
  WHERE m.finished_at = (SELECT max(x.finished_at) FROM migration_runs x WHERE x.command = m.command)
  ORDER BY m.command`;

/** Reads the figures from either engine, on the store's own connection. */
export async function readMigrationRunStats(store: Store): Promise<MigrationRunStats> {
  type Raw = { counts: { command: string; outcome: string; n: number | string }[]; last: { command: string; outcome: string; finished_at: string | Date }[] };
  let raw: Raw;
  if (store instanceof SqliteStore)
    raw = { counts: store.db.prepare(COUNTS_SQL).all() as Raw['counts'], last: store.db.prepare(LAST_SQL).all() as Raw['last'] };
  else if (store instanceof PostgresStore) raw = { counts: (await store.pool.query(COUNTS_SQL)).rows, last: (await store.pool.query(LAST_SQL)).rows };
  else throw new Error(`no migration run statistics for engine ${store.engine}`);
  const last = new Map<string, { command: string; outcome: string; finishedAt: string }>();
  // Two runs finishing in the same millisecond: any failure among them counts.
  for (const r of raw.last) {
    const seen = last.get(r.command);
    if (!seen || FAILED_OUTCOMES.includes(r.outcome))
      last.set(r.command, { command: r.command, outcome: r.outcome, finishedAt: new Date(r.finished_at).toISOString() });
  }
  return { counts: raw.counts.map((c) => ({ command: c.command, outcome: c.outcome, n: Number(c.n) })), last: [...last.values()] };
}

/** Sets the gauges from the store; a store error is logged and leaves the previous values. */
export async function refreshMigrationMetrics(store: Store, logger: Logger): Promise<void> {
  let stats: MigrationRunStats;
  try {
    stats = await readMigrationRunStats(store);
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'migration run metrics not refreshed');
    return;
  }
  runs.reset();
  for (const c of stats.counts) runs.set({ service: 'gateway', command: c.command, outcome: c.outcome }, c.n);
  lastRunFailed.reset();
  lastRunTime.reset();
  for (const l of stats.last) {
    lastRunFailed.set({ service: 'gateway', command: l.command }, FAILED_OUTCOMES.includes(l.outcome) ? 1 : 0);
    lastRunTime.set({ service: 'gateway', command: l.command }, Date.parse(l.finishedAt) / 1000);
  }
}

/** Refreshes at once and every `intervalMs` (unref'd); returns the stop function. */
export function watchMigrationRuns(store: Store, logger: Logger, intervalMs: number): () => void {
  void refreshMigrationMetrics(store, logger);
  const timer = setInterval(() => void refreshMigrationMetrics(store, logger), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
