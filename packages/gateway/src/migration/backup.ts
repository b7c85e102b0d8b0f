import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredConfig } from '../store/store.js';
import { compareSnapshots, recordHash, type Snapshot, snapshotOf } from './hash.js';

export const BACKUP_FORMAT = 'mcp-fleet-config-backup/1';
export const DEFAULT_BACKUP_DIR = './data/backups';

/** A backup file: every `mcp_configs` record, exactly as stored, with its content hash. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  engine: string;
  runId: string;
  count: number;
  records: (StoredConfig & { sha256: string })[];
}

/**
 * Writes `<dir>/mcp_<timestamp>[_<suffix>].json` durably: to a temp file,
 * fsync, then an atomic rename, so a crash never leaves half a backup under
 * the final name. Returns the path.
 */
export async function writeBackup(dir: string, records: readonly StoredConfig[], meta: { engine: string; runId: string; suffix?: string }): Promise<string> {
  await mkdir(dir, { recursive: true });
  const createdAt = new Date().toISOString();
  const stamp = createdAt.replace(/[:.]/g, '-');
  const path = join(dir, `mcp_${stamp}_${randomBytes(2).toString('hex')}${meta.suffix ? `_${meta.suffix}` : ''}.json`);
  const body: BackupFile = {
    format: BACKUP_FORMAT,
    createdAt,
    engine: meta.engine,
    runId: meta.runId,
    count: records.length,
    records: records.map((r) => ({ ...r, sha256: recordHash(r.name, r.config) })),
  };
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  return path;
}

/**
 * Reads a backup and checks it against itself (count, every record's hash)
 * and, when given, against the snapshot it was taken from. Throws on any
 * difference, naming each.
 */
export async function readBackup(path: string, expected?: Snapshot): Promise<BackupFile> {
  let body: BackupFile;
  try {
    body = JSON.parse(await readFile(path, 'utf8')) as BackupFile;
  } catch (error) {
    throw new Error(`backup ${path} is unreadable: ${(error as Error).message}`);
  }
  if (body?.format !== BACKUP_FORMAT || !Array.isArray(body.records)) throw new Error(`backup ${path} is not a ${BACKUP_FORMAT} file`);
  const problems: string[] = [];
  if (body.count !== body.records.length) problems.push(`declares ${body.count} records but holds ${body.records.length}`);
  for (const r of body.records) {
    if (recordHash(r.name, r.config) !== r.sha256) problems.push(`record "${r.name}" does not match its recorded hash`);
  }
  if (expected) problems.push(...compareSnapshots(expected, snapshotOf(body.records)));
  if (problems.length) throw new Error(`backup ${path} failed verification: ${problems.join('; ')}`);
  return body;
}

/** The newest import backup in `dir` (pre-rollback safety copies excluded), or undefined. */
export async function latestBackup(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const backups = names.filter((n) => /^mcp_.*\.json$/.test(n) && !n.includes('_pre-rollback')).sort();
  const last = backups.at(-1);
  return last && join(dir, last);
}

/** Strips the hash column: the records to hand back to the store. */
export function backupRecords(backup: BackupFile): StoredConfig[] {
  return backup.records.map(({ sha256: _sha, ...record }) => record);
}
