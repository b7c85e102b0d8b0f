import type { AnyToolDefinition } from './define-tool.js';

export interface ToolFilterOptions {
  /** Keep only tools annotated read-only (MCP_READ_ONLY or <PREFIX>_READ_ONLY). */
  readOnly?: boolean;
  /** Allow list by name; glob `*` accepted. Empty means all. */
  allow?: readonly string[];
  /** Deny list by name; glob `*` accepted. Wins over the allow list. */
  deny?: readonly string[];
}

export function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(name));
}

/**
 * Applies the operator's tool filters once at start-up. A filtered-out tool is
 * not registered at all, so it is neither listed nor callable.
 */
export function filterTools<T extends AnyToolDefinition>(tools: readonly T[], options: ToolFilterOptions): T[] {
  return tools.filter((tool) => {
    if (options.readOnly && !tool.annotations.readOnlyHint) return false;
    if (options.allow && options.allow.length > 0 && !matchesAny(tool.name, options.allow)) return false;
    if (options.deny && options.deny.length > 0 && matchesAny(tool.name, options.deny)) return false;
    return true;
  });
}
