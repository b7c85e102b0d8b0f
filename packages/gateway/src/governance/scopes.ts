import { globToRegExp, type Principal } from '@mcp/runtime';
import type { KeyScopes } from './types.js';

/** The principal the gateway's authenticator returns: the runtime's, plus what it may call. */
export interface GatewayPrincipal extends Principal {
  kind: 'api-key' | 'static-key' | 'anonymous' | 'jwt';
  /** 'full' for static MCP_API_KEYS and the loopback quick start. */
  access: KeyScopes | 'full';
}

/** What the scope check needs to know about a tool. */
export interface ToolFacts {
  name: string;
  namespace: string | undefined;
  readOnly: boolean;
}

export type ScopeDecision = { allowed: true } | { allowed: false; reason: string };

export function isGatewayPrincipal(p: Principal | undefined): p is GatewayPrincipal {
  return p !== undefined && 'access' in p;
}

const compiled = new Map<string, RegExp>();
function matches(value: string, globs: readonly string[]): boolean {
  return globs.some((g) => {
    let re = compiled.get(g);
    if (!re) {
      re = globToRegExp(g);
      compiled.set(g, re);
    }
    return re.test(value);
  });
}

/** Whether `access` lets its holder see and call `tool`; the reason is shown to the caller. */
export function decide(access: GatewayPrincipal['access'], tool: ToolFacts): ScopeDecision {
  if (access === 'full') return { allowed: true };
  if (access.readOnly && !tool.readOnly) return { allowed: false, reason: `this key is read-only and ${tool.name} is not annotated read-only` };
  if (access.namespaces?.length === 0 && !access.tools)
    return { allowed: false, reason: 'this identity was granted no namespace or tool (scopes ns:… or tool:…)' };
  if (access.namespaces && !(tool.namespace !== undefined && matches(tool.namespace, access.namespaces))) {
    return { allowed: false, reason: `this key is limited to namespaces ${access.namespaces.join(', ')}` };
  }
  if (access.tools && !matches(tool.name, access.tools)) return { allowed: false, reason: `this key is limited to tools ${access.tools.join(', ')}` };
  return { allowed: true };
}
