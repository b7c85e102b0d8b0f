import { currentRequestContext, type DynamicTool, type ToolSource } from '@mcp/runtime';
import { decide, type GatewayPrincipal, isGatewayPrincipal } from './scopes.js';

/**
 * Filters listings by the caller's scopes. `get` is deliberately not
 * filtered: a call to a tool outside the caller's scopes must reach the
 * governance middleware, which refuses it with a clear reason and audits
 * it, rather than vanish as "tool not found".
 */
export function scopedToolSource(inner: ToolSource, namespaceOf: (tool: string) => string | undefined): ToolSource {
  // Filtered listings per (catalogue snapshot, principal): the inner list is
  // a new array after every catalogue change, so stale entries fall away.
  const cache = new WeakMap<readonly DynamicTool[], Map<string, DynamicTool[]>>();
  return {
    list: (context) => {
      const all = inner.list(context);
      const principal = context.principal ?? currentRequestContext()?.principal;
      // No principal at all: auth is off for this request path (in-process use); nothing is hidden.
      if (!isGatewayPrincipal(principal) || principal.access === 'full') return all;
      let perPrincipal = cache.get(all);
      if (!perPrincipal) {
        perPrincipal = new Map();
        cache.set(all, perPrincipal);
      }
      const key = principal.id;
      let filtered = perPrincipal.get(key);
      if (!filtered) {
        filtered = all.filter((t) => decide((principal as GatewayPrincipal).access, factsOf(t, namespaceOf)).allowed);
        perPrincipal.set(key, filtered);
      }
      return filtered;
    },
    get: (name, context) => inner.get(name, context),
  };
}

/** Missing hints take the spec's conservative default: not read-only. */
export function factsOf(tool: { name: string; annotations?: { readOnlyHint?: boolean } }, namespaceOf: (tool: string) => string | undefined) {
  return { name: tool.name, namespace: namespaceOf(tool.name), readOnly: tool.annotations?.readOnlyHint === true };
}
