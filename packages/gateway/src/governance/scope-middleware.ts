import { currentRequestContext, ForbiddenError, type ToolMiddleware } from '@mcp/runtime';
import { decide, isGatewayPrincipal } from './scopes.js';

/**
 * Refuses calls outside the caller's scopes (listings already hide them;
 * this catches callers that call by name anyway). Runs inside the audit
 * middleware, so every refusal is audited as `denied`.
 */
export function scopeMiddleware(namespaceOf: (tool: string) => string | undefined): ToolMiddleware {
  return async (call, next) => {
    const principal = currentRequestContext()?.principal;
    // 'full' access (static keys, the loopback quick start) allows everything: skip building the facts.
    if (isGatewayPrincipal(principal) && principal.access !== 'full') {
      const facts = { name: call.tool.name, namespace: namespaceOf(call.tool.name), readOnly: call.tool.annotations.readOnlyHint === true };
      const decision = decide(principal.access, facts);
      if (!decision.allowed) {
        throw new ForbiddenError(`Not allowed to call ${call.tool.name}: ${decision.reason}.`, { hint: 'Ask an operator for a key with a wider scope.' });
      }
    }
    return next();
  };
}
