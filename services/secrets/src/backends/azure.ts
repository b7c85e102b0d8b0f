import { InvalidInputError, type UpstreamClient, UnauthorizedError } from '@mcp/runtime';
import * as z from 'zod';
import type { Backend, Probe, Revealed, SecretItem, SecretMetadata, SetInput } from './types.js';

/** Payloads of the Key Vault data plane (learn.microsoft.com/rest/api/keyvault/secrets, api-version 7.4). */
const attributes = z.looseObject({
  enabled: z.boolean().optional(),
  created: z.number().optional(),
  updated: z.number().optional(),
  exp: z.number().optional(),
  nbf: z.number().optional(),
  recoveryLevel: z.string().optional(),
});
const secretItem = z.looseObject({
  id: z.string(),
  attributes: attributes.optional(),
  tags: z.record(z.string(), z.string()).nullable().optional(),
  contentType: z.string().nullable().optional(),
  managed: z.boolean().optional(),
});
const listBody = z.object({ value: z.array(secretItem), nextLink: z.string().nullable().optional() });
const bundle = secretItem.extend({ value: z.string().optional() });
const deleted = z.looseObject({ recoveryId: z.string().optional(), scheduledPurgeDate: z.number().optional() });
const tokenBody = z.object({ access_token: z.string(), expires_in: z.coerce.number(), token_type: z.string() });

const seconds = (s: number | undefined) => (s === undefined ? undefined : new Date(s * 1000).toISOString());
/** Secret names: 1–127 letters, digits and dashes. */
export function secretName(name: string): string {
  if (!/^[0-9A-Za-z-]{1,127}$/.test(name)) throw new InvalidInputError(`"${name}" is not a Key Vault secret name (1–127 letters, digits and dashes).`);
  return name;
}
/** The last segments of a secret id: https://{vault}/secrets/{name}[/{version}]. */
function fromId(id: string): { name: string; version?: string } {
  const [, name = '', version] = new URL(id).pathname.split('/').filter(Boolean);
  return { name, version };
}

export interface AzureSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  apiVersion: string;
}

/**
 * Entra ID client credentials (`POST {login}/{tenant}/oauth2/v2.0/token`,
 * scope https://vault.azure.net/.default), cached until a minute before expiry.
 */
export function tokenSource(login: UpstreamClient, settings: AzureSettings) {
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;
  return async (): Promise<string> => {
    if (cached && cached.until > Date.now()) return cached.token;
    pending ??= (async () => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        scope: 'https://vault.azure.net/.default',
      });
      try {
        const res = await login.request<unknown>({
          method: 'POST',
          path: `/${encodeURIComponent(settings.tenantId)}/oauth2/v2.0/token`,
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          idempotent: true,
        });
        const body = tokenBody.parse(res.data);
        cached = { token: body.access_token, until: Date.now() + (body.expires_in - 60) * 1000 };
        return body.access_token;
      } catch (error) {
        const status = (error as { details?: { status?: number } }).details?.status;
        if (status === 400 || status === 401) {
          throw new UnauthorizedError(
            'Entra ID refused the client credentials: check SECRETS_AZURE_TENANT_ID, SECRETS_AZURE_CLIENT_ID and SECRETS_AZURE_CLIENT_SECRET (the app needs the Key Vault Secrets User role, or Officer to write).',
          );
        }
        throw error;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };
}

/** Azure Key Vault secrets over the runtime's HTTP client, a bearer token per call. */
export class AzureKeyVaultBackend implements Backend {
  readonly id = 'azure_kv';
  constructor(
    private readonly http: UpstreamClient,
    private readonly apiVersion: string,
  ) {}

  private item(raw: z.infer<typeof secretItem>): SecretItem {
    return {
      name: fromId(raw.id).name,
      kind: 'secret',
      enabled: raw.attributes?.enabled,
      createdAt: seconds(raw.attributes?.created),
      updatedAt: seconds(raw.attributes?.updated),
      expiresAt: seconds(raw.attributes?.exp),
      ...(raw.contentType && { contentType: raw.contentType }),
      ...(raw.tags && { tags: raw.tags }),
    };
  }

  /** `maxresults` per page (≤25); the cursor is the nextLink, accepted only on this vault. */
  async list(prefix: string, options: { cursor?: string; limit: number; signal?: AbortSignal }) {
    let path = '/secrets';
    let query: Record<string, string | number> | undefined = { 'api-version': this.apiVersion, maxresults: Math.min(options.limit, 25) };
    if (options.cursor) {
      const next = new URL(options.cursor);
      if (next.origin !== new URL(this.http.baseUrl).origin) throw new InvalidInputError('The cursor does not belong to this vault.');
      path = options.cursor;
      query = undefined;
    }
    const body = listBody.parse(await this.http.get(path, { query, signal: options.signal }));
    const items = body.value.map((v) => this.item(v)).filter((i) => i.name.toLowerCase().startsWith(prefix.toLowerCase()));
    return { items, ...(body.nextLink && { nextCursor: body.nextLink }) };
  }

  async metadata(name: string, signal?: AbortSignal): Promise<SecretMetadata> {
    const query = { 'api-version': this.apiVersion };
    const current = bundle.parse(await this.http.get(`/secrets/${secretName(name)}`, { query, signal }));
    const versions = listBody.parse(await this.http.get(`/secrets/${name}/versions`, { query: { ...query, maxresults: 25 }, signal }));
    const { value: _never, ...meta } = current;
    return {
      ...this.item(meta),
      currentVersion: fromId(current.id).version,
      versions: versions.value.map((v) => ({
        version: fromId(v.id).version ?? '',
        createdAt: seconds(v.attributes?.created),
        updatedAt: seconds(v.attributes?.updated),
        enabled: v.attributes?.enabled,
      })),
    };
  }

  async reveal(name: string, options: { version?: string; signal?: AbortSignal }): Promise<Revealed> {
    const version = options.version ? `/${encodeURIComponent(options.version)}` : '';
    const body = bundle.parse(
      await this.http.get(`/secrets/${secretName(name)}${version}`, { query: { 'api-version': this.apiVersion }, signal: options.signal }),
    );
    return { version: fromId(body.id).version, value: body.value ?? '', ...(body.contentType && { contentType: body.contentType }) };
  }

  async set(name: string, input: SetInput, signal?: AbortSignal) {
    if (input.value === undefined) throw new InvalidInputError('Azure Key Vault secrets hold one value: pass `value`.');
    const body = { value: input.value, ...(input.contentType && { contentType: input.contentType }), ...(input.tags && { tags: input.tags }) };
    const res = bundle.parse(await this.http.put(`/secrets/${secretName(name)}`, body, { query: { 'api-version': this.apiVersion }, signal }));
    return { version: fromId(res.id).version, created: false };
  }

  async remove(name: string, options: { permanent: boolean; signal?: AbortSignal }) {
    const query = { 'api-version': this.apiVersion };
    const res = deleted.parse(await this.http.delete(`/secrets/${secretName(name)}`, { query, signal: options.signal }));
    if (options.permanent) {
      await this.http.delete(`/deletedsecrets/${name}`, { query, signal: options.signal, okStatuses: [200, 204, 409] });
      return { recoverable: false, detail: 'deleted and purge requested (fails silently where purge protection is on)' };
    }
    return { recoverable: true, detail: `soft-deleted${res.scheduledPurgeDate ? `; purged after ${seconds(res.scheduledPurgeDate)}` : ''}` };
  }

  /** Cheapest proof: a token, then one listed secret. */
  async probe(signal?: AbortSignal): Promise<Probe> {
    const res = await this.http.request<unknown>({
      method: 'GET',
      path: '/secrets',
      query: { 'api-version': this.apiVersion, maxresults: 1 },
      signal,
      retries: 0,
    });
    const body = listBody.parse(res.data);
    return { ok: true, identity: new URL(this.http.baseUrl).host, detail: { listed: body.value.length } };
  }
}
