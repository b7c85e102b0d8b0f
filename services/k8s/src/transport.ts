import {
  type Configuration,
  type ConfigurationOptions,
  createConfiguration,
  type HttpLibrary,
  Observable,
  type RequestContext,
  ResponseContext,
  ServerConfiguration,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import type { LoadedConfig } from './kubeconfig.js';

/**
 * The SDK's HTTP layer replaced by the runtime's pooled fetch: `@kubernetes/client-node`
 * 1.x builds requests through a pluggable `HttpLibrary` (its default is node-fetch
 * with a new https.Agent per request). Through this one, every API call runs on
 * the runtime's undici pool with its breaker, metrics and traceparent; the SDK
 * still builds URLs, serialises bodies, applies the kubeconfig's auth headers
 * (token, token file, exec plugin, OIDC) and deserialises responses.
 */
export function runtimeHttpLibrary(fetchFn: typeof fetch): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext): Promise<ResponseContext> {
      const response = await fetchFn(request.getUrl(), {
        method: request.getHttpMethod().toString(),
        headers: request.getHeaders(),
        body: request.getBody() as RequestInit['body'],
        signal: request.getSignal() ?? null,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = Buffer.from(await response.arrayBuffer());
      return new ResponseContext(response.status, headers, { text: async () => body.toString('utf8'), binary: async () => body });
    },
  });
}

/** The API configuration: the cluster's server, the kubeconfig as auth, and the transport. */
export function apiConfiguration(loaded: LoadedConfig, fetchFn: typeof fetch): Configuration {
  return createConfiguration({
    baseServer: new ServerConfiguration(loaded.server, {}),
    authMethods: { default: loaded.kc },
    // A proxy-url, which the pool does not speak, keeps the SDK's own agent (README, "Transport").
    ...(!loaded.needsSdkTls && { httpApi: runtimeHttpLibrary(fetchFn) }),
  });
}

type Middleware = NonNullable<ConfigurationOptions['middleware']>[number];

/** Per-call options: the call's abort signal and, for PATCH, the patch content type. */
export function callOptions(signal: AbortSignal, contentType?: string): ConfigurationOptions {
  const middleware: Middleware = {
    pre: (context: RequestContext) => {
      context.setSignal(signal);
      if (contentType) context.setHeaderParam('Content-Type', contentType);
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
