import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore, migrations } from '../../src/store/index.js';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(packageDir, 'src', 'store');

/**
 * In one process better-sqlite3 is synchronous, so two stores never really
 * interleave; the gateway and the `pnpm migrate` CLI (issue 6) are separate
 * processes on one file. This runs migrate() in several real processes at
 * once. The store is transpiled to plain JS under node_modules/.cache so the
 * children resolve better-sqlite3 like the package does.
 */
describe('sqlite store across processes', () => {
  let buildDir: string;
  let dataDir: string;

  beforeAll(() => {
    buildDir = join(packageDir, 'node_modules', '.cache', `store-processes-${process.pid}`);
    mkdirSync(buildDir, { recursive: true });
    writeFileSync(join(buildDir, 'package.json'), '{"type":"module"}');
    for (const file of ['store.ts', 'migrations.ts', 'sqlite-store.ts']) {
      const { outputText } = ts.transpileModule(readFileSync(join(srcDir, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      writeFileSync(join(buildDir, file.replace(/\.ts$/, '.js')), outputText);
    }
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-procs-'));
  });

  afterAll(() => {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies each migration exactly once when six processes migrate together', async () => {
    const path = join(dataDir, 'shared.sqlite');
    const startAt = Date.now() + 1500; // a common start line, after all children have loaded
    const script = `
      const { SqliteStore } = await import(${JSON.stringify(join(buildDir, 'sqlite-store.js'))});
      const store = new SqliteStore({ path: ${JSON.stringify(path)} });
      while (Date.now() < ${startAt}) {}
      await store.migrate();
      await store.createConfig('from-' + process.pid, { command: 'node', args: [], env: {}, enabled: true });
      await store.close();`;
    const children = Array.from({ length: 6 }, () => run(process.execPath, ['--input-type=module', '-e', script]));
    await Promise.all(children);

    const store = new SqliteStore({ path });
    try {
      const applied = await store.appliedMigrations();
      expect(applied.map((m) => m.version)).toEqual(migrations.map((m) => m.version));
      expect(await store.listConfigs()).toHaveLength(6);
    } finally {
      await store.close();
    }
  });
});
