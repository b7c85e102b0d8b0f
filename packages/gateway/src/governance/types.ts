/** What an identity may call. Absent lists mean "any". */
export interface KeyScopes {
  /** Globs over tool namespaces (the `<service>` of `<service>_<tool>`). */
  namespaces?: string[];
  /** Globs over namespaced tool names (`github_list_*`). */
  tools?: string[];
  /** Only tools annotated `readOnlyHint: true`. */
  readOnly?: boolean;
}

/** An API key as stored: never the key itself, only its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: KeyScopes;
  createdAt: string;
  revokedAt: string | null;
}

export interface ApiKeyStore {
  createApiKey(input: { id: string; name: string; keyHash: string; scopes: KeyScopes }): Promise<ApiKeyRecord>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  /** Active (unrevoked) key with this hash. */
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** False when there was no active key with this id. */
  revokeApiKey(id: string): Promise<boolean>;
  countActiveApiKeys(): Promise<number>;
}

/** What an audit row records: a tool call, an admin API action, or an action the gateway took by itself (issue 6). */
export const AUDIT_KINDS = ['tool_call', 'admin', 'system'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** One audited tool call (or, with `kind`, an admin or system action: `tool` then names the action). */
export interface AuditEntry {
  /** Absent: 'tool_call'. */
  kind?: AuditKind;
  at: string;
  identity: string;
  tool: string;
  /** Redacted arguments. */
  arguments: Record<string, unknown>;
  outcome: string;
  error: string | null;
  latencyMs: number;
  traceId: string | null;
  requestId: string | null;
  /** Approval decision, when a policy asked for one (issue 7, approvals: not yet implemented). */
  approval: string | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
}

export interface AuditQuery {
  kind?: AuditKind;
  identity?: string;
  tool?: string;
  outcome?: string;
  /** ISO timestamps, inclusive. */
  since?: string;
  until?: string;
  /** Paging cursor: rows with a smaller id (newest first). */
  before?: number;
  limit?: number;
}

export interface AuditStore {
  /** Appends all rows in one transaction: all or none. */
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
  /** Newest first. */
  queryAudit(query: AuditQuery): Promise<AuditRow[]>;
  countAudit(): Promise<number>;
}

export type GovernanceStore = ApiKeyStore & AuditStore;
