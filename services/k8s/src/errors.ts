import { ApiException } from '@kubernetes/client-node';
import {
  ForbiddenError,
  InvalidInputError,
  isTlsCode,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ToolError,
  UnauthorizedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '@mcp/runtime';
import type { ConfigSource } from './env.js';

/** What a call was doing, for messages and RBAC hints (`kubectl auth can-i <verb> <resource> -n <namespace>`). */
export interface CallContext {
  verb: string;
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
}

/** The Kubernetes `Status` object error bodies carry (kind Status, status Failure, reason, code). */
interface Status {
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; retryAfterSeconds?: number; causes?: Array<{ message?: string; field?: string }> };
}

function statusOf(body: unknown): Status | undefined {
  let value = body;
  if (Buffer.isBuffer(value)) value = value.toString('utf8');
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      value = JSON.parse(text);
    } catch {
      return text ? { message: text } : undefined;
    }
  }
  return value && typeof value === 'object' ? (value as Status) : undefined;
}

const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function credentialsHint(source: ConfigSource | undefined, context: string | undefined): string {
  switch (source) {
    case 'base-url':
      return 'Check K8S_TOKEN: the token is wrong, expired or revoked.';
    case 'in-cluster':
      return "Check the pod's service account token (projected tokens rotate; a deleted service account invalidates them).";
    default:
      return `Check the user of kubeconfig context "${context ?? 'current'}" in K8S_KUBECONFIG (expired token or exec/OIDC login), or set K8S_TOKEN.`;
  }
}

/**
 * Any failure of an API call as an error a model can act on: the API server's
 * Status message and reason, plus what to do (credentials, RBAC, names, retry).
 */
export function toToolError(error: unknown, call: CallContext, conn: { source?: ConfigSource; context?: string; server?: string }): unknown {
  if (error instanceof ToolError) return error;
  const where = `${call.verb} ${call.resource}${call.name ? ` "${call.name}"` : ''}${call.namespace ? ` in namespace "${call.namespace}"` : ''}`;
  if (error instanceof ApiException) {
    const status = statusOf(error.body);
    const code = error.code;
    const said = status?.message ? `: ${clip(status.message)}` : '';
    const reason = status?.reason ? ` ${status.reason}` : '';
    const details = { status: code, ...(status?.reason && { reason: status.reason }), ...(call.namespace && { namespace: call.namespace }) };
    const head = `Kubernetes answered ${code}${reason} to ${where}${said}`;
    if (code === 401)
      return new UnauthorizedError(`Kubernetes rejected the credentials (401) to ${where}.`, { details, hint: credentialsHint(conn.source, conn.context) });
    if (code === 403) {
      const can = `kubectl auth can-i ${call.verb} ${call.resource}${call.namespace ? ` -n ${call.namespace}` : ''}`;
      return new ForbiddenError(head, {
        details,
        hint: `The identity lacks RBAC permission; an operator can check with \`${can}\` and grant it with a Role/RoleBinding.`,
      });
    }
    if (code === 404) return new NotFoundError(head, { details, hint: 'Check the name and namespace (list_pods / list_deployments show what exists).' });
    if (code === 409) return new ToolError('conflict', head, { details, hint: 'The object changed meanwhile; read it again and retry.' });
    if (code === 410) return new InvalidInputError(`${head}. The continue token expired.`, { details, hint: 'List again without continue.' });
    if (code === 400 || code === 422) {
      const causes = status?.details?.causes?.map((c) => `${c.field ?? ''} ${c.message ?? ''}`.trim()).join('; ');
      return new InvalidInputError(`${head}${causes ? ` (${clip(causes, 300)})` : ''}`, { details, hint: 'Fix the arguments and call again.' });
    }
    if (code === 429) {
      const header = Number(error.headers?.['retry-after']);
      const retryAfterSeconds = Number.isFinite(header) && header > 0 ? header : (status?.details?.retryAfterSeconds ?? 1);
      return new RateLimitedError(`Kubernetes is throttling requests (429, API Priority and Fairness) to ${where}${said}`, {
        details,
        retryAfterSeconds,
        hint: 'Wait before calling again.',
      });
    }
    return new UpstreamError(head, { status: code, details });
  }
  if (error instanceof SyntaxError) {
    return new UpstreamError(`Kubernetes returned a malformed response to ${where}: the body is not the JSON the API documents.`, { cause: error });
  }
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError') {
    return new TimeoutError(`The Kubernetes API server did not answer ${where} within K8S_TIMEOUT_MS.`, {
      hint: 'The API server is slow or overloaded; retry later or narrow the request.',
      cause: error,
    });
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code ?? (error as { code?: unknown } | null)?.code;
  if (typeof cause === 'string' && isTlsCode(cause)) {
    return new UpstreamUnavailableError(
      `The Kubernetes API server${conn.server ? ` at ${conn.server}` : ''} failed the TLS handshake (${cause}) to ${where}${conn.context ? ` (context "${conn.context}")` : ''}.`,
      {
        hint: 'Check certificate-authority, client-certificate/client-key and tls-server-name of the kubeconfig cluster and user; retrying will not help.',
        cause: error,
      },
    );
  }
  const network =
    (error instanceof TypeError && /fetch failed/i.test(error.message)) ||
    name === 'FetchError' ||
    (typeof cause === 'string' && /^(E[A-Z]+|UND_ERR)/.test(cause));
  if (network) {
    return new UpstreamUnavailableError(
      `The Kubernetes API server${conn.server ? ` at ${conn.server}` : ''} could not be reached${typeof cause === 'string' ? ` (${cause})` : ''} to ${where}.`,
      {
        hint: 'The cluster may be down or unreachable from this service; retry later.',
        cause: error,
      },
    );
  }
  return error;
}
