import type { BackendConfig } from '../config/schema.js';
import type { StoredConfig } from '../store/store.js';
import { recordHash, type Snapshot, snapshotOf } from './hash.js';
import type { RecordProblem, SourceRecord } from './legacy-sources.js';

export interface PlannedRecord {
  name: string;
  file: string;
  config: BackendConfig;
  hash: string;
  /** For a change: the stored record's version (the write is conditional on it) and hash. */
  previousVersion?: number;
  previousHash?: string;
}

/** The same name defined differently in two files: nothing is written until it is resolved. */
export interface PlanConflict {
  name: string;
  files: string[];
}

export interface MigrationPlan {
  added: PlannedRecord[];
  changed: PlannedRecord[];
  unchanged: PlannedRecord[];
  conflicts: PlanConflict[];
  /** Problems the conflicts amount to, per record (added to validation's). */
  problems: RecordProblem[];
  before: Snapshot;
  /** What the store must hold after a successful write. */
  expectedAfter: Snapshot;
}

/**
 * Compares the imported records with the store. A name defined identically in
 * several files is imported once; defined differently, it is a conflict.
 * Stored records the sources do not mention are left alone (zero loss).
 */
export function planMigration(records: readonly SourceRecord[], stored: readonly StoredConfig[]): MigrationPlan {
  const byName = new Map<string, PlannedRecord>();
  const conflicts = new Map<string, PlanConflict>();
  const problems: RecordProblem[] = [];
  for (const r of records) {
    const hash = recordHash(r.entry, r.config);
    const first = byName.get(r.entry);
    if (!first) {
      byName.set(r.entry, { name: r.entry, file: r.file, config: r.config, hash });
      continue;
    }
    if (first.hash === hash) continue;
    const conflict = conflicts.get(r.entry) ?? { name: r.entry, files: [first.file] };
    conflict.files.push(r.file);
    conflicts.set(r.entry, conflict);
    problems.push({ file: r.file, entry: r.entry, message: `duplicate name with different content (also defined in ${first.file})` });
  }
  const current = new Map(stored.map((s) => [s.name, s]));
  const plan: MigrationPlan = {
    added: [],
    changed: [],
    unchanged: [],
    conflicts: [...conflicts.values()],
    problems,
    before: snapshotOf(stored),
    expectedAfter: snapshotOf(stored),
  };
  for (const record of byName.values()) {
    if (conflicts.has(record.name)) continue;
    const existing = current.get(record.name);
    if (!existing) plan.added.push(record);
    else {
      const previousHash = recordHash(existing.name, existing.config);
      if (previousHash === record.hash) plan.unchanged.push(record);
      else plan.changed.push({ ...record, previousVersion: existing.version, previousHash });
    }
  }
  for (const r of [...plan.added, ...plan.changed]) plan.expectedAfter.hashes.set(r.name, r.hash);
  plan.expectedAfter.count = plan.expectedAfter.hashes.size;
  return plan;
}

/** The plan as printed by `--dry-run`. */
export function formatPlan(plan: MigrationPlan): string {
  const lines = [
    `plan: ${plan.added.length} to add, ${plan.changed.length} to change, ${plan.unchanged.length} unchanged, ${plan.conflicts.length} conflicts (store holds ${plan.before.count})`,
  ];
  for (const r of plan.added) lines.push(`  + ${r.name}  (${r.file})`);
  for (const r of plan.changed) lines.push(`  ~ ${r.name}  (${r.file}; stored version ${r.previousVersion})`);
  for (const r of plan.unchanged) lines.push(`  = ${r.name}  (${r.file})`);
  for (const c of plan.conflicts) lines.push(`  ! ${c.name}  defined differently in ${c.files.join(', ')}`);
  return lines.join('\n');
}

export function formatProblems(problems: readonly RecordProblem[]): string {
  return problems.map((p) => `  ${p.file}${p.entry ? ` › ${p.entry}` : ''}: ${p.message}`).join('\n');
}
