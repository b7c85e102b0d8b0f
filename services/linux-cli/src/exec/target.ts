import type { PathResolver } from '../validator/paths.js';
import type { Parsed } from '../validator/types.js';

export interface RunOptions {
  cwd: string;
  timeoutMs: number;
  /** Cap of stdout and of stderr, each. */
  maxBytes: number;
  signal?: AbortSignal;
  stdin?: Buffer;
}

export interface RawResult {
  exitCode: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  path: string;
  type: EntryType;
  size: number;
  modifiedAt: string;
}

/**
 * Where commands and file operations happen: this machine or an SSH host.
 * Paths given to the file operations are canonical and already confined.
 */
export interface Target extends PathResolver {
  readonly name: string;
  readonly kind: 'local' | 'ssh';
  readonly allowShell: boolean;
  /** Canonical roots (resolved on the target). */
  roots(): Promise<string[]>;
  /** Runs a validated pipeline; a single command without a shell where possible. */
  run(parsed: Parsed, options: RunOptions): Promise<RawResult>;
  stat(path: string): Promise<{ type: EntryType; size: number } | undefined>;
  readFile(path: string, offset: number, maxBytes: number): Promise<Buffer>;
  listDir(path: string, depth: number, limit: number, options: { timeoutMs: number; maxBytes: number }): Promise<{ entries: DirEntry[]; truncated: boolean }>;
  writeFile(path: string, data: Buffer, append: boolean): Promise<void>;
  /** Copies a file or directory tree (keeping mode and times, symlinks as links), creating the destination's directories. */
  copyFile(from: string, to: string): Promise<void>;
  close(): Promise<void>;
}

/** `find -printf` format shared by the local and remote listings: type, size, mtime, relative path, NUL-terminated. */
export const FIND_FORMAT = '%y\\t%s\\t%T@\\t%P\\0';

export function parseFindOutput(output: Buffer, limit: number): { entries: DirEntry[]; truncated: boolean } {
  const records = output.toString('utf8').split('\0').filter(Boolean);
  const entries = records.slice(0, limit).map((record) => {
    const [y = '', size = '0', mtime = '0', ...rest] = record.split('\t');
    const type: EntryType = y === 'f' ? 'file' : y === 'd' ? 'directory' : y === 'l' ? 'symlink' : 'other';
    return { path: rest.join('\t'), type, size: Number(size), modifiedAt: new Date(Number(mtime) * 1000).toISOString() };
  });
  entries.sort((a, b) => a.path.localeCompare(b.path));
  return { entries, truncated: records.length > limit };
}
