import type { BackendId } from '../env.js';

/** One listed secret or folder: names and metadata, never a value. */
export interface SecretItem {
  name: string;
  kind: 'secret' | 'folder';
  enabled?: boolean;
  createdAt?: string;
  updatedAt?: string;
  expiresAt?: string;
  contentType?: string;
  tags?: Record<string, string>;
  /** KeePass entries: the non-secret fields. */
  title?: string;
  username?: string;
  url?: string;
}

export interface SecretVersion {
  version: string;
  createdAt?: string;
  updatedAt?: string;
  enabled?: boolean;
  deleted?: boolean;
  destroyed?: boolean;
}

export interface SecretMetadata extends SecretItem {
  currentVersion?: string;
  versions: SecretVersion[];
  /** Names of the fields (KeePass) or keys (Vault) the secret holds: values are only shown by get_secret. */
  fields?: string[];
}

export interface Revealed {
  version?: string;
  /** One value (a KeePass field, an Azure secret, one Vault key). */
  value?: string;
  /** Every key of a Vault secret, when no field was asked for. */
  values?: Record<string, string>;
  contentType?: string;
}

export interface SetInput {
  /** The value (Azure, KeePass Password field, or the Vault key named by `field`, default "value"). */
  value?: string;
  /** Several Vault keys at once. */
  values?: Record<string, string>;
  field?: string;
  contentType?: string;
  tags?: Record<string, string>;
  /** Vault check-and-set: the version the write expects to replace (0: only create). */
  cas?: number;
  /** KeePass: the non-secret fields of the entry. */
  username?: string;
  url?: string;
}

export interface Probe {
  ok: boolean;
  identity?: string;
  detail?: Record<string, unknown>;
  error?: string;
}

/** A secret store. Listing, metadata and search never return values; `reveal` does, and only get_secret calls it. */
export interface Backend {
  readonly id: BackendId;
  list(prefix: string, options: { cursor?: string; limit: number; signal?: AbortSignal }): Promise<{ items: SecretItem[]; nextCursor?: string }>;
  metadata(name: string, signal?: AbortSignal): Promise<SecretMetadata>;
  reveal(name: string, options: { version?: string; field?: string; signal?: AbortSignal }): Promise<Revealed>;
  set(name: string, input: SetInput, signal?: AbortSignal): Promise<{ version?: string; created: boolean }>;
  remove(name: string, options: { versions?: number[]; permanent: boolean; signal?: AbortSignal }): Promise<{ recoverable: boolean; detail: string }>;
  probe(signal?: AbortSignal): Promise<Probe>;
}
