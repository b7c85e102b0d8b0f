import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { cp, mkdir, open, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { NotFoundError } from '@mcp/runtime';
import { serialize } from '../validator/tokenize.js';
import type { Parsed } from '../validator/types.js';
import { FIND_FORMAT, parseFindOutput, type RawResult, type RunOptions, type Target } from './target.js';

/** `realpath -m` in Node: follows symlinks of the longest existing prefix, keeps the rest as written. */
async function canonical(path: string): Promise<string> {
  let head = posix.resolve(path);
  const tail: string[] = [];
  for (;;) {
    try {
      const real = await realpath(head);
      return tail.length ? posix.join(real, ...tail.reverse()) : real;
    } catch {
      if (head === '/') return posix.resolve(path);
      tail.push(posix.basename(head));
      head = posix.dirname(head);
    }
  }
}

/**
 * Runs a program without a shell (spawn with `shell: false`, like execFile,
 * but in its own process group so a deadline or an output overrun kills the
 * whole group, pipelines and daemons included): scrubbed environment, fixed
 * PATH, stdin closed after the optional input, each output stream capped
 * (the group is killed with SIGKILL on overrun and the output marked
 * truncated), and a deadline. Never throws for a failing command: its exit
 * code, signal and output are the answer.
 */
export function execLocal(file: string, args: readonly string[], options: RunOptions & { path: string }): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let timedOut = false;
    let truncated = false;
    const env = {
      PATH: options.path,
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      HOME: options.cwd,
      TERM: 'dumb',
      PAGER: 'cat',
      SYSTEMD_PAGER: 'cat',
      SYSTEMD_COLORS: '0',
    };
    const child = spawn(file, args, { cwd: options.cwd, env, shell: false, detached: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const collect = (stream: NodeJS.ReadableStream | null) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream?.on('data', (chunk: Buffer) => {
        const room = options.maxBytes - size;
        if (room <= 0) return;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(room, chunk.length);
        if (chunk.length > room) {
          truncated = true;
          killGroup();
        }
      });
      return chunks;
    };
    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', killGroup, { once: true });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', killGroup);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      done();
      if (error.code === 'ENOENT') reject(new NotFoundError(`Command "${file}" was not found on PATH (${options.path}).`));
      else reject(error);
    });
    child.once('close', (code, signal) => {
      done();
      killGroup(); // children left behind (pipelines, daemons) go too
      resolve({
        exitCode: code,
        signal: signal ?? null,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        truncated,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin);
  });
}

/** This machine. */
export class LocalTarget implements Target {
  readonly name = 'local';
  readonly kind = 'local';
  private readonly canonicalRoots: Promise<string[]>;

  constructor(
    roots: readonly string[],
    readonly allowShell: boolean,
    private readonly path: string,
  ) {
    this.canonicalRoots = Promise.all(roots.map(canonical));
  }

  roots(): Promise<string[]> {
    return this.canonicalRoots;
  }

  canonical(paths: readonly string[]): Promise<string[]> {
    return Promise.all(paths.map(canonical));
  }

  run(parsed: Parsed, options: RunOptions): Promise<RawResult> {
    const [argv] = parsed.segments;
    if (parsed.segments.length === 1 && argv) return execLocal(argv[0] as string, argv.slice(1), { ...options, path: this.path });
    return execLocal('/bin/sh', ['-c', serialize(parsed)], { ...options, path: this.path });
  }

  async stat(path: string) {
    try {
      const s = await stat(path);
      return { type: s.isFile() ? ('file' as const) : s.isDirectory() ? ('directory' as const) : ('other' as const), size: s.size };
    } catch {
      return undefined;
    }
  }

  async readFile(path: string, offset: number, maxBytes: number): Promise<Buffer> {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async listDir(path: string, depth: number, limit: number, options: { timeoutMs: number; maxBytes: number }) {
    const result = await execLocal('find', [path, '-mindepth', '1', '-maxdepth', String(depth), '-printf', FIND_FORMAT], {
      cwd: path,
      path: this.path,
      ...options,
    });
    const parsed = parseFindOutput(result.stdout, limit);
    return { entries: parsed.entries, truncated: parsed.truncated || result.truncated };
  }

  async writeFile(path: string, data: Buffer, append: boolean): Promise<void> {
    // O_NOFOLLOW: a symlink swapped in after validation is not followed.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (append ? constants.O_APPEND : constants.O_TRUNC);
    await writeFile(path, data, { flag: flags });
  }

  async copyFile(from: string, to: string): Promise<void> {
    await mkdir(dirname(to), { recursive: true });
    await cp(from, to, { recursive: true, force: false, errorOnExist: true, preserveTimestamps: true, verbatimSymlinks: true });
  }

  async close(): Promise<void> {}
}
