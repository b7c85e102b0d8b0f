import { readFile } from 'node:fs/promises';
import { expandRegistryEnv } from '../config/expand-env.js';
import { type NamedBackendConfig, registryFileSchema } from '../config/schema.js';

export type FileReadResult = { ok: true; configs: NamedBackendConfig[]; raw: string } | { ok: false; error: string; problems: string[] };

/**
 * Reads and validates the registry file (`.mcp.json`). Any problem rejects the
 * whole file — a half-written save must never remove backends — and every
 * problem is reported, not just the first, each naming the entry.
 */
export async function readRegistryFile(path: string, env: Record<string, string | undefined> = process.env): Promise<FileReadResult> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: true, configs: [], raw: '' };
    return { ok: false, error: `cannot read ${path}: ${(error as Error).message}`, problems: [] };
  }
  return parseRegistryText(raw, path, env);
}

/** `${VAR}` / `${VAR:-default}` references are expanded from `env` before validation (config/expand-env.ts). */
export function parseRegistryText(raw: string, path = '.mcp.json', env: Record<string, string | undefined> = process.env): FileReadResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `${path} is not valid JSON (${(error as Error).message}); the previous registry stays in force`, problems: [] };
  }
  const expanded = expandRegistryEnv(json, env);
  const parsed = registryFileSchema.safeParse(expanded.value);
  if (!parsed.success || expanded.problems.length > 0) {
    const problems = [
      ...expanded.problems,
      ...(parsed.error?.issues ?? []).map((issue) => {
        const [, entry, ...rest] = issue.path.map(String);
        return entry ? `${entry}${rest.length ? `.${rest.join('.')}` : ''}: ${issue.message}` : issue.message;
      }),
    ];
    return {
      ok: false,
      error: `${path} failed validation (${problems.length} problem${problems.length === 1 ? '' : 's'}); the previous registry stays in force`,
      problems,
    };
  }
  const configs = Object.entries(parsed.data.mcpServers).map(([name, config]) => ({ name, config, source: 'file' as const }));
  return { ok: true, configs, raw };
}
