import type { Store, StoredConfig } from '../store/store.js';
import { compareSnapshots, snapshotOf } from './hash.js';
import type { Progress } from './progress.js';

/**
 * Makes `mcp_configs` hold exactly `records` (versions and timestamps
 * included), in one transaction, then checks counts and hashes. Returns the
 * differences left after the restore (empty: exact).
 */
export async function restoreRecords(store: Store, records: readonly StoredConfig[], progress?: Progress): Promise<string[]> {
  await store.transaction(async (tx) => {
    await tx.clearConfigs();
    let done = 0;
    for (const record of records) {
      await tx.putConfig(record);
      progress?.tick('restore', ++done, records.length);
    }
    if (records.length === 0) progress?.tick('restore', 0, 0);
  });
  const after = await store.listConfigs();
  const problems = compareSnapshots(snapshotOf(records), snapshotOf(after));
  const byName = new Map(after.map((r) => [r.name, r]));
  for (const r of records) {
    const got = byName.get(r.name);
    if (got && (got.version !== r.version || got.createdAt !== r.createdAt || got.updatedAt !== r.updatedAt)) {
      problems.push(`record "${r.name}" restored with different version or timestamps`);
    }
  }
  return problems;
}
