import { ForbiddenError } from '@mcp/runtime';
import type { K8sEnv } from './env.js';

/**
 * The namespace allowlist: every namespaced call passes through `check`, and
 * namespace listings are filtered, so the agent neither touches nor sees a
 * namespace outside it. Entries are names or globs (`team-*`); `*` allows all.
 * Unset, only K8S_NAMESPACE is allowed: access is opened deliberately, not by default.
 */
export interface NamespacePolicy {
  readonly patterns: readonly string[];
  /** The namespace tools use when the caller names none. */
  readonly defaultNamespace: string;
  allows(namespace: string): boolean;
  /** The namespace to use (the given one or the default), or a ForbiddenError naming the allowlist. */
  check(namespace: string | undefined): string;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\-]/g, '\\$&'))
      .join('.*')}$`,
  );
}

export function createNamespacePolicy(env: K8sEnv): NamespacePolicy {
  const configured = env.K8S_ALLOWED_NAMESPACES ?? env.K8S_NAMESPACES;
  const patterns = configured && configured.length > 0 ? configured : [env.K8S_NAMESPACE];
  const matchers = patterns.map(globToRegExp);
  const variable = env.K8S_ALLOWED_NAMESPACES
    ? 'K8S_ALLOWED_NAMESPACES'
    : env.K8S_NAMESPACES
      ? 'K8S_NAMESPACES'
      : 'K8S_ALLOWED_NAMESPACES (unset: only K8S_NAMESPACE)';
  const allows = (namespace: string) => matchers.some((m) => m.test(namespace));
  return {
    patterns,
    defaultNamespace: env.K8S_NAMESPACE,
    allows,
    check(namespace) {
      const target = namespace ?? env.K8S_NAMESPACE;
      if (!allows(target)) {
        throw new ForbiddenError(`Namespace "${target}" is not allowed for this service: ${variable} allows ${patterns.join(', ')}.`, {
          hint: 'Use one of the allowed namespaces (list_namespaces shows them). Access to another one is an operator decision: it is added to the allowlist, not requested per call.',
          details: { namespace: target, allowed: patterns },
        });
      }
      return target;
    },
  };
}
