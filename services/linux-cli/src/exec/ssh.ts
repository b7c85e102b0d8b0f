import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { InvalidInputError, NotFoundError, UpstreamUnavailableError } from '@mcp/runtime';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import type { HostConfig } from '../hosts.js';
import { serialize, shellQuote } from '../validator/tokenize.js';
import type { Parsed } from '../validator/types.js';
import { hostVerifier } from './host-key.js';
import { FIND_FORMAT, parseFindOutput, type RawResult, type RunOptions, type Target } from './target.js';

const q = shellQuote;
const ENV = (path: string) => `export LC_ALL=C PAGER=cat SYSTEMD_PAGER=cat SYSTEMD_COLORS=0 PATH=${q(path)} &&`;

/** A counting semaphore: at most `size` commands at once on one host. */
class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly size: number) {}
  async acquire(): Promise<() => void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    return () => {
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }
}

/**
 * An SSH host (ssh2): one connection, reused and re-opened when it drops;
 * strict host-key verification; key or password auth, no agent, no
 * forwarding. Commands go to the remote shell with every argument quoted, so
 * the remote side runs exactly what the validator checked.
 */
export class SshTarget implements Target {
  readonly kind = 'ssh';
  readonly allowShell: boolean;
  private connection: Promise<Client> | undefined;
  private readonly slots: Slots;
  private canonicalRoots: Promise<string[]> | undefined;

  constructor(
    readonly name: string,
    private readonly config: HostConfig,
    private readonly options: { env: Record<string, string | undefined>; knownHostsPath?: string; allowShell: boolean; path: string; connectTimeoutMs: number },
  ) {
    this.allowShell = config.allowShell ?? options.allowShell;
    this.slots = new Slots(config.maxConcurrency);
  }

  private connectConfig(): ConnectConfig {
    const { config, options } = this;
    const secret = (variable: string | undefined) => {
      if (!variable) return undefined;
      const value = options.env[variable];
      if (!value)
        throw new UpstreamUnavailableError(`SSH host "${this.name}": ${variable} is not set.`, {
          hint: `Set ${variable} (named by LINUX_CLI_SSH_HOSTS.${this.name}).`,
        });
      return value;
    };
    const knownHostsPath = config.knownHostsPath ?? options.knownHostsPath;
    if (!config.hostKeySha256 && !knownHostsPath) {
      throw new UpstreamUnavailableError(`SSH host "${this.name}" has no pinned host key: set hostKeySha256 in LINUX_CLI_SSH_HOSTS or LINUX_CLI_KNOWN_HOSTS.`);
    }
    let privateKey: Buffer | undefined;
    if (config.privateKeyPath) {
      try {
        privateKey = readFileSync(config.privateKeyPath);
      } catch {
        throw new UpstreamUnavailableError(`SSH host "${this.name}": cannot read the private key file ${config.privateKeyPath}.`);
      }
    }
    return {
      host: config.host,
      port: config.port,
      username: config.username,
      privateKey,
      passphrase: secret(config.passphraseEnv),
      password: secret(config.passwordEnv),
      hostVerifier: hostVerifier({ host: config.host, port: config.port, hostKeySha256: config.hostKeySha256, knownHostsPath }),
      readyTimeout: this.options.connectTimeoutMs,
      keepaliveInterval: 15_000,
      agentForward: false,
      tryKeyboard: false,
    };
  }

  private connect(): Promise<Client> {
    this.connection ??= new Promise<Client>((resolve, reject) => {
      let settings: ConnectConfig;
      try {
        settings = this.connectConfig();
      } catch (error) {
        this.connection = undefined;
        reject(error);
        return;
      }
      const client = new Client();
      client.once('ready', () => resolve(client));
      client.once('error', (error: Error & { level?: string }) => {
        this.connection = undefined;
        const what = /verification/i.test(error.message)
          ? 'the host key does not match the pinned one'
          : error.level === 'client-authentication'
            ? 'authentication failed'
            : error.message;
        reject(new UpstreamUnavailableError(`SSH host "${this.name}" (${this.config.host}:${this.config.port}): ${what}.`));
      });
      client.on('close', () => {
        this.connection = undefined;
      });
      client.connect(settings);
    });
    return this.connection;
  }

  /** Runs shell text on the host, capturing each stream up to the cap; a deadline closes the channel. */
  async exec(command: string, options: RunOptions): Promise<RawResult> {
    const release = await this.slots.acquire();
    try {
      const client = await this.connect();
      return await new Promise<RawResult>((resolve, reject) => {
        client.exec(command, (error, stream: ClientChannel) => {
          if (error) {
            reject(new UpstreamUnavailableError(`SSH host "${this.name}" refused to run the command: ${error.message}`));
            return;
          }
          const started = performance.now();
          const out: Buffer[] = [];
          const err: Buffer[] = [];
          const size = { out: 0, err: 0 };
          let truncated = false;
          let timedOut = false;
          let exitCode: number | null = null;
          let signal: string | null = null;
          const stop = () => {
            try {
              stream.signal('KILL');
            } catch {
              // not all servers accept signals
            }
            stream.close();
          };
          const take = (chunks: Buffer[], key: 'out' | 'err') => (chunk: Buffer) => {
            const room = options.maxBytes - size[key];
            if (room <= 0) return;
            chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
            size[key] += Math.min(chunk.length, room);
            if (chunk.length > room) {
              truncated = true;
              stop();
            }
          };
          stream.on('data', take(out, 'out'));
          stream.stderr.on('data', take(err, 'err'));
          stream.on('exit', (code: number | null, sig?: string) => {
            exitCode = typeof code === 'number' ? code : null;
            signal = sig ?? null;
          });
          const timer = setTimeout(() => {
            timedOut = true;
            stop();
          }, options.timeoutMs);
          const onAbort = () => stop();
          options.signal?.addEventListener('abort', onAbort, { once: true });
          stream.on('close', () => {
            clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve({
              exitCode,
              signal,
              stdout: Buffer.concat(out),
              stderr: Buffer.concat(err),
              truncated,
              timedOut,
              durationMs: Math.round(performance.now() - started),
            });
          });
          stream.end(options.stdin);
        });
      });
    } finally {
      release();
    }
  }

  private async must(command: string, what: string, stdin?: Buffer): Promise<Buffer> {
    const result = await this.exec(command, { cwd: '/', timeoutMs: this.options.connectTimeoutMs, maxBytes: 64 * 1024 * 1024, stdin });
    if (result.exitCode !== 0) {
      const reason = result.stderr.toString('utf8').trim().slice(0, 300);
      if (/No such file/i.test(reason)) throw new NotFoundError(`${what} on "${this.name}": ${reason}`);
      throw new InvalidInputError(`${what} failed on "${this.name}": ${reason || `exit ${result.exitCode}`}`);
    }
    return result.stdout;
  }

  roots(): Promise<string[]> {
    this.canonicalRoots ??= this.canonical(this.config.roots).catch((error) => {
      this.canonicalRoots = undefined;
      throw error;
    });
    return this.canonicalRoots;
  }

  async canonical(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const out = await this.must(`realpath -m -- ${paths.map((p) => q(posix.resolve(p))).join(' ')}`, 'Resolving paths');
    const lines = out.toString('utf8').split('\n').slice(0, paths.length);
    if (lines.length !== paths.length)
      throw new UpstreamUnavailableError(`SSH host "${this.name}": realpath answered ${lines.length} paths for ${paths.length}.`);
    return lines;
  }

  run(parsed: Parsed, options: RunOptions): Promise<RawResult> {
    return this.exec(`cd -- ${q(options.cwd)} && ${ENV(this.options.path)} ${serialize(parsed)}`, options);
  }

  async stat(path: string) {
    const result = await this.exec(`stat -L -c '%F|%s' -- ${q(path)}`, { cwd: '/', timeoutMs: this.options.connectTimeoutMs, maxBytes: 4096 });
    if (result.exitCode !== 0) return undefined;
    const [kind = '', size = '0'] = result.stdout.toString('utf8').trim().split('|');
    const type = kind.startsWith('regular') ? ('file' as const) : kind === 'directory' ? ('directory' as const) : ('other' as const);
    return { type, size: Number(size) };
  }

  readFile(path: string, offset: number, maxBytes: number): Promise<Buffer> {
    return this.must(`tail -c +${offset + 1} -- ${q(path)} | head -c ${maxBytes}`, `Reading ${path}`);
  }

  async listDir(path: string, depth: number, limit: number, options: { timeoutMs: number; maxBytes: number }) {
    const result = await this.exec(`find ${q(path)} -mindepth 1 -maxdepth ${depth} -printf ${q(FIND_FORMAT)}`, { cwd: '/', ...options });
    if (result.exitCode !== 0 && result.stdout.length === 0)
      throw new NotFoundError(`Listing ${path} on "${this.name}" failed: ${result.stderr.toString('utf8').trim().slice(0, 300)}`);
    const parsed = parseFindOutput(result.stdout, limit);
    return { entries: parsed.entries, truncated: parsed.truncated || result.truncated };
  }

  async writeFile(path: string, data: Buffer, append: boolean): Promise<void> {
    await this.must(`cat ${append ? '>>' : '>'} ${q(path)}`, `Writing ${path}`, data);
  }

  async copyFile(from: string, to: string): Promise<void> {
    await this.must(`mkdir -p -- ${q(posix.dirname(to))} && cp -a -n -- ${q(from)} ${q(to)}`, `Backing up ${from}`);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection) (await connection.catch(() => undefined))?.end();
  }
}
