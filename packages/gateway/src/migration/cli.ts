#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, type Logger } from '@mcp/runtime';
import { parseFlags } from '../flags/flag-schema.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import { DEFAULT_BACKUP_DIR } from './backup.js';
import { type CliEnv, parseCliEnv } from './cli-env.js';
import { formatPlan, formatProblems } from './plan.js';
import { Progress } from './progress.js';
import { runImport } from './run-import.js';
import { runRollback } from './run-rollback.js';

export const USAGE = `usage:
  pnpm migrate [import] [--dry-run | --validate] [--monitor] [--json] [--backup-dir <dir>] [<file>…]
      files: claude_desktop_config.json, .mcp.json, mcp_config.json (legacy servers with ports);
      default: those of these three that exist in the current directory
  pnpm migrate rollback [--to <backup>] [--backup-dir <dir>] [--json]
  pnpm migrate runs [--limit <n>] [--json]
settings: DATABASE_URL | GATEWAY_SQLITE_PATH, MCP_MIGRATION_MODE, MCP_BACKUP_VALIDATION,
  MCP_ENABLE_AUTO_ROLLBACK, MCP_BACKUP_DIR, MCP_ALERT_WEBHOOK_URL, LOG_LEVEL (see docs/migration.md)`;

export const DEFAULT_SOURCES = ['claude_desktop_config.json', '.mcp.json', 'mcp_config.json'];
/** The SQLite file `pnpm start` uses (the gateway package's ./data), wherever the CLI is run from. */
const PACKAGE_SQLITE = fileURLToPath(new URL('../../data/gateway.sqlite', import.meta.url));

export interface CliIo {
  out: (text: string) => void;
  /** A terminal to draw progress bars on; absent: structured progress lines. */
  tty?: { write(text: string): unknown; columns?: number } | undefined;
  logger?: Logger;
  /** Replaces the store the env selects (tests). */
  store?: Store;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failed or rolled back, 2 invalid input or usage). */
export async function runCli(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  let flags: ReturnType<typeof parseFlags>;
  let settings: CliEnv;
  try {
    parsed = parse(argv);
    flags = parseFlags(env);
    settings = parseCliEnv(env);
  } catch (error) {
    io.out(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const logger = io.logger ?? createLogger({ service: 'gateway-migrate', level: env.LOG_LEVEL ?? 'info', destination: process.stderr });
  const progress = new Progress({ logger, tty: values.monitor ? undefined : io.tty });
  const backupDir = values['backup-dir'] ?? settings.MCP_BACKUP_DIR ?? DEFAULT_BACKUP_DIR;
  const [first, ...rest] = positionals;
  const command =
    first === 'rollback' || first === 'runs' || first === 'import' ? first : flags.MCP_MIGRATION_MODE === 'rollback' && !first ? 'rollback' : 'import';
  const files = command === 'import' ? (first === 'import' ? rest : positionals) : [];
  const store = io.store ?? createStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.GATEWAY_SQLITE_PATH ?? PACKAGE_SQLITE });
  const json = (value: unknown) => io.out(`${JSON.stringify(value, null, 2)}\n`);
  try {
    await store.migrate();
    if (command === 'runs') {
      const runs = await store.listMigrationRuns(Number(values.limit ?? 20));
      if (values.json) json(runs);
      else for (const r of runs) io.out(`${r.startedAt}  ${r.command.padEnd(8)} ${r.outcome.padEnd(11)} ${r.id}  ${r.error ?? ''}\n`);
      return 0;
    }
    if (command === 'rollback') {
      const result = await runRollback({ store, backupDir, to: values.to, flags, alertWebhookUrl: settings.MCP_ALERT_WEBHOOK_URL, logger, progress });
      if (values.json) json(result);
      else
        io.out(
          result.outcome === 'succeeded'
            ? `rolled back to ${result.restoredFrom} (previous state saved in ${result.safetyBackup})\n`
            : `rollback FAILED: ${result.error}\n`,
        );
      return result.outcome === 'succeeded' ? 0 : 1;
    }
    const sources = files.length ? files : DEFAULT_SOURCES.filter((f) => existsSync(f));
    if (sources.length === 0) {
      io.out(`no input files given and none of ${DEFAULT_SOURCES.join(', ')} here\n${USAGE}\n`);
      return 2;
    }
    const result = await runImport({
      store,
      files: sources,
      dryRun: values['dry-run'],
      validateOnly: values.validate,
      backupDir,
      flags,
      alertWebhookUrl: settings.MCP_ALERT_WEBHOOK_URL,
      logger,
      progress,
    });
    if (values.json) {
      const { plan, ...rest } = result;
      json({
        ...rest,
        plan: plan && {
          added: plan.added.map((r) => r.name),
          changed: plan.changed.map((r) => r.name),
          unchanged: plan.unchanged.map((r) => r.name),
          conflicts: plan.conflicts,
        },
      });
    } else {
      if (result.problems.length) io.out(`${result.problems.length} problem(s):\n${formatProblems(result.problems)}\n`);
      if (result.plan && (values['dry-run'] || values.validate || result.outcome !== 'invalid')) io.out(`${formatPlan(result.plan)}\n`);
      io.out(`${outcomeLine(result.outcome, result.error ?? `${result.problems.length} problem(s) found; nothing was written`)}\n`);
      io.out(
        `timings (ms): ${Object.entries(result.timings)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n`,
      );
    }
    if (result.outcome === 'invalid') return 2;
    return result.outcome === 'failed' || result.outcome === 'rolled_back' ? 1 : 0;
  } finally {
    if (!io.store) await store.close();
  }
}

function outcomeLine(outcome: string, error: string | undefined): string {
  if (outcome === 'planned') return 'dry run: nothing was written';
  if (outcome === 'valid') return 'valid: no problems found';
  if (outcome === 'succeeded') return 'migration succeeded: counts and hashes verified';
  return `${outcome.toUpperCase()}: ${error ?? ''}`;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      validate: { type: 'boolean', default: false },
      monitor: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'backup-dir': { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tty = process.stderr.isTTY ? process.stderr : undefined;
  process.exitCode = await runCli(process.argv.slice(2), process.env, { out: (t) => process.stdout.write(t), tty });
}
