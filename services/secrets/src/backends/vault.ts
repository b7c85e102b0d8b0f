import { InvalidInputError, NotFoundError, type UpstreamClient } from '@mcp/runtime';
import * as z from 'zod';
import type { Backend, Probe, Revealed, SecretItem, SecretMetadata, SetInput } from './types.js';

/** Payloads of the KV v2 API (developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2), parsed at the boundary. */
const listBody = z.object({ data: z.object({ keys: z.array(z.string()) }) });
const versionMeta = z.looseObject({ created_time: z.string().optional(), deletion_time: z.string().optional(), destroyed: z.boolean().optional() });
const metadataBody = z.object({
  data: z.looseObject({
    created_time: z.string().optional(),
    updated_time: z.string().optional(),
    current_version: z.number().optional(),
    custom_metadata: z.record(z.string(), z.string()).nullable().optional(),
    versions: z.record(z.string(), versionMeta).default({}),
  }),
});
const readBody = z.object({
  data: z.object({
    data: z.record(z.string(), z.unknown()).nullable(),
    metadata: z.looseObject({
      version: z.number().optional(),
      created_time: z.string().optional(),
      deletion_time: z.string().optional(),
      destroyed: z.boolean().optional(),
    }),
  }),
});
const writeBody = z.object({ data: z.looseObject({ version: z.number() }) });
const healthBody = z.looseObject({
  initialized: z.boolean(),
  sealed: z.boolean(),
  standby: z.boolean().optional(),
  version: z.string().optional(),
  cluster_name: z.string().optional(),
});
const lookupBody = z.object({
  data: z.looseObject({
    display_name: z.string().optional(),
    policies: z.array(z.string()).optional(),
    ttl: z.number().optional(),
    expire_time: z.string().nullable().optional(),
  }),
});

/** /v1/sys/health answers these statuses by design (standby, DR secondary, sealed…): data, not failures. */
export const VAULT_HEALTH_STATUSES = [200, 429, 472, 473, 474, 501, 503, 530];
const HEALTH_MEANING: Record<number, string> = {
  429: 'unsealed standby',
  472: 'DR secondary',
  473: 'performance standby',
  474: 'standby without an active node',
  501: 'not initialised',
  503: 'sealed',
  530: 'removed from the cluster',
};

/** A KV path: segments of letters, digits and ._-@, no "..", no leading or trailing slash after trimming. */
export function kvPath(name: string, allowEmpty = false): string {
  const clean = name.replace(/^\/+|\/+$/g, '');
  if (!clean && allowEmpty) return '';
  if (!clean || clean.split('/').some((s) => !/^[A-Za-z0-9._@+=,-]+$/.test(s) || s === '.' || s === '..')) {
    throw new InvalidInputError(`"${name}" is not a KV path (segments of letters, digits, . _ - @ separated by /).`);
  }
  return clean.split('/').map(encodeURIComponent).join('/');
}

const asString = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** HashiCorp Vault KV version 2 over the runtime's HTTP client (X-Vault-Token, optional X-Vault-Namespace). */
export class VaultBackend implements Backend {
  readonly id = 'vault';
  constructor(
    private readonly http: UpstreamClient,
    private readonly mount: string,
  ) {}

  async list(prefix: string, options: { cursor?: string; limit: number; signal?: AbortSignal }) {
    const path = kvPath(prefix, true);
    const res = await this.http.request<unknown>({
      method: 'GET',
      path: `/v1/${this.mount}/metadata/${path}`,
      query: { list: 'true' },
      signal: options.signal,
      okStatuses: [200, 404],
    });
    // Vault answers 404 with no body for an empty folder.
    const keys = res.status === 404 ? [] : listBody.parse(res.data).data.keys.sort();
    const start = Number(options.cursor ?? 0) || 0;
    const base = prefix.replace(/^\/+|\/+$/g, '');
    const items: SecretItem[] = keys.slice(start, start + options.limit).map((key) => ({
      name: `${base ? `${base}/` : ''}${key.replace(/\/$/, '')}`,
      kind: key.endsWith('/') ? 'folder' : 'secret',
    }));
    return { items, ...(start + options.limit < keys.length && { nextCursor: String(start + options.limit) }) };
  }

  async metadata(name: string, signal?: AbortSignal): Promise<SecretMetadata> {
    const { data } = metadataBody.parse(await this.http.get(`/v1/${this.mount}/metadata/${kvPath(name)}`, { signal }));
    return {
      name,
      kind: 'secret',
      createdAt: data.created_time,
      updatedAt: data.updated_time,
      currentVersion: data.current_version === undefined ? undefined : String(data.current_version),
      ...(data.custom_metadata && { tags: data.custom_metadata }),
      versions: Object.entries(data.versions)
        .map(([version, v]) => ({ version, createdAt: v.created_time, deleted: Boolean(v.deletion_time), destroyed: Boolean(v.destroyed) }))
        .sort((a, b) => Number(a.version) - Number(b.version)),
    };
  }

  async reveal(name: string, options: { version?: string; field?: string; signal?: AbortSignal }): Promise<Revealed> {
    const body = readBody.parse(await this.http.get(`/v1/${this.mount}/data/${kvPath(name)}`, { query: { version: options.version }, signal: options.signal }));
    const { data, metadata } = body.data;
    if (!data) throw new NotFoundError(`Version ${metadata.version} of "${name}" is ${metadata.destroyed ? 'destroyed' : 'deleted'}.`);
    const version = metadata.version === undefined ? undefined : String(metadata.version);
    if (options.field) {
      if (!(options.field in data)) throw new NotFoundError(`"${name}" has no key "${options.field}".`, { hint: `Keys: ${Object.keys(data).join(', ')}.` });
      return { version, value: asString(data[options.field]) };
    }
    return { version, values: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, asString(v)])) };
  }

  async set(name: string, input: SetInput, signal?: AbortSignal) {
    const data = input.values ?? { [input.field ?? 'value']: input.value ?? '' };
    const body = { ...(input.cas !== undefined && { options: { cas: input.cas } }), data };
    const res = writeBody.parse(await this.http.request({ method: 'POST', path: `/v1/${this.mount}/data/${kvPath(name)}`, body, signal }).then((r) => r.data));
    if (input.tags)
      await this.http.request({ method: 'POST', path: `/v1/${this.mount}/metadata/${kvPath(name)}`, body: { custom_metadata: input.tags }, signal });
    return { version: String(res.data.version), created: res.data.version === 1 };
  }

  async remove(name: string, options: { versions?: number[]; permanent: boolean; signal?: AbortSignal }) {
    const path = kvPath(name);
    if (options.permanent) {
      if (!options.versions?.length)
        throw new InvalidInputError('A permanent delete (destroy) needs the versions to destroy.', { hint: 'get_secret_metadata lists them.' });
      await this.http.request({
        method: 'POST',
        path: `/v1/${this.mount}/destroy/${path}`,
        body: { versions: options.versions },
        signal: options.signal,
        idempotent: true,
      });
      return { recoverable: false, detail: `destroyed version(s) ${options.versions.join(', ')}` };
    }
    if (options.versions?.length) {
      await this.http.request({
        method: 'POST',
        path: `/v1/${this.mount}/delete/${path}`,
        body: { versions: options.versions },
        signal: options.signal,
        idempotent: true,
      });
      return { recoverable: true, detail: `soft-deleted version(s) ${options.versions.join(', ')} (undelete restores them)` };
    }
    await this.http.request({ method: 'DELETE', path: `/v1/${this.mount}/data/${path}`, signal: options.signal });
    return { recoverable: true, detail: 'soft-deleted the latest version (undelete restores it)' };
  }

  /** Cheapest proof: /v1/sys/health (unauthenticated) then /v1/auth/token/lookup-self (the token works: name, policies, ttl). */
  async probe(signal?: AbortSignal): Promise<Probe> {
    const health = await this.http.request<unknown>({ method: 'GET', path: '/v1/sys/health', okStatuses: VAULT_HEALTH_STATUSES, signal, retries: 0 });
    const h = healthBody.parse(health.data);
    if (health.status !== 200 && health.status !== 429 && health.status !== 473) {
      return {
        ok: false,
        error: `Vault is ${HEALTH_MEANING[health.status] ?? `answering ${health.status}`}`,
        detail: { status: health.status, sealed: h.sealed },
      };
    }
    const self = lookupBody.parse(await this.http.get('/v1/auth/token/lookup-self', { signal, retries: 0 }));
    return {
      ok: true,
      identity: self.data.display_name,
      detail: { version: h.version, cluster: h.cluster_name, standby: h.standby, policies: self.data.policies, ttlSeconds: self.data.ttl },
    };
  }
}
