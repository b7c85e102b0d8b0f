import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger, type Logger } from '@mcp/runtime';
import type { BackendConfig } from '../../src/config/schema.js';
import { type Flags, parseFlags } from '../../src/flags/flag-schema.js';
import { snapshotOf } from '../../src/migration/hash.js';
import { Progress } from '../../src/migration/progress.js';
import type { ConfigWriter, Store } from '../../src/store/index.js';

export const stdio = (command: string, extra: Record<string, unknown> = {}): BackendConfig =>
  ({ command, args: [], env: {}, enabled: true, ...extra }) as BackendConfig;

/** A logger whose lines are kept for assertions. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'gateway-migrate',
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

export function importDeps(
  dir: string,
  env: Record<string, string> = {},
): { backupDir: string; flags: Flags; logger: Logger; lines: Record<string, unknown>[]; progress: Progress } {
  const { logger, lines } = capturingLogger();
  return { backupDir: join(dir, 'backups'), flags: parseFlags(env), logger, lines, progress: new Progress({ logger }) };
}

/** Everything observable about the registry: the records themselves and their hashes. */
export async function stateOf(store: Store) {
  const records = await store.listConfigs();
  return { records, hashes: [...snapshotOf(records).hashes] };
}

export function writeJson(dir: string, name: string, body: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body, null, 2));
  return path;
}

/** Legacy files holding `count` servers spread over the three formats. */
export function legacyFiles(dir: string, count: number, prefix = 'svc'): string[] {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(3, '0')}`);
  const third = Math.ceil(count / 3);
  const desktop = Object.fromEntries(names.slice(0, third).map((n, i) => [n, { command: 'node', args: [`srv-${i}.js`], env: { N: String(i) } }]));
  const mcp = Object.fromEntries(names.slice(third, 2 * third).map((n, i) => [n, { type: 'http', url: `http://127.0.0.1:${20_000 + i}/mcp` }]));
  const legacy = names.slice(2 * third).map((n, i) => ({ name: n, port: 30_000 + i, transport: i % 2 ? 'sse' : 'http' }));
  return [
    writeJson(dir, 'claude_desktop_config.json', { mcpServers: desktop }),
    writeJson(dir, '.mcp.json', { mcpServers: mcp }),
    writeJson(dir, 'mcp_config.json', { servers: legacy }),
  ];
}

/** Wraps a store so that its transactions fail after `n` record writes (fault injection). */
export function failingAfter(store: Store, n: number): Store {
  let writes = 0;
  const count = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (++writes > n) throw new Error(`injected fault after ${n} records`);
    return fn();
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return <T>(fn: (tx: ConfigWriter) => Promise<T>) =>
          target.transaction((tx) =>
            fn({
              ...bind(tx),
              createConfig: (name, config) => count(() => tx.createConfig(name, config)),
              updateConfig: (name, config, v) => count(() => tx.updateConfig(name, config, v)),
            }),
          );
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Wraps a store so that its transactions silently drop the `index`-th create (an integrity violation). */
export function droppingWrite(store: Store, index: number): Store {
  let creates = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return <T>(fn: (tx: ConfigWriter) => Promise<T>) =>
          target.transaction((tx) =>
            fn({
              ...bind(tx),
              createConfig: async (name, config) =>
                creates++ === index ? { name, config, version: 1, createdAt: '', updatedAt: '' } : tx.createConfig(name, config),
            }),
          );
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function bind(tx: ConfigWriter): ConfigWriter {
  return {
    listConfigs: () => tx.listConfigs(),
    getConfig: (n) => tx.getConfig(n),
    createConfig: (n, c) => tx.createConfig(n, c),
    updateConfig: (n, c, v) => tx.updateConfig(n, c, v),
    deleteConfig: (n) => tx.deleteConfig(n),
    putConfig: (r) => tx.putConfig(r),
    clearConfigs: () => tx.clearConfigs(),
  };
}
